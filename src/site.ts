/**
 * The default site: the engine, global config, logs and tree that quickstart and the launcher use,
 * wired together the way CherryPy's package wires its globals.
 */
import { Bus } from "./engine/bus.js";
import { engine as defaultEngine } from "./engine/index.js";
import { SignalHandler } from "./engine/plugins/signals.js";
import { PIDFile } from "./engine/plugins/pid-file.js";
import { TimeoutMonitor } from "./engine/plugins/timeout-monitor.js";
import { Autoreloader } from "./engine/plugins/autoreload.js";
import { Config } from "./config/layers.js";
import { checkTree } from "./config/checker.js";
import { LogManager } from "./log/manager.js";
import type { LogLevel } from "./log/record.js";
import { Tree } from "./tree/tree.js";
import { DEFAULTS } from "./config/defaults.js";
import { VERSION } from "./version.js";
import { Application } from "./tree/application.js";
import { ConfigError } from "./config/errors.js";
import { lineOf, loadConfigFile } from "./config/file.js";
import type { AppConfig, SectionConfig } from "./config/types.js";
import { builtinTools } from "./tools/toolbox.js";
import { HttpServer, type HttpServerOptions } from "./servers/node-http.js";
import { ServerAdapter } from "./servers/adapter.js";
import { ObjectDispatcher } from "./dispatch/object-tree.js";
import { MethodDispatcher } from "./dispatch/method.js";
import { VirtualHost, type VirtualHostOptions } from "./dispatch/virtual-host.js";

/** A Config with Orchard's namespaces and named references registered. */
export function createConfig(defaults: Readonly<SectionConfig> = DEFAULTS): Config {
  const config = new Config(defaults);
  builtinTools.install(config);
  config.references.register("ObjectDispatcher", () => new ObjectDispatcher());
  config.references.register("MethodDispatcher", () => new MethodDispatcher());
  config.references.register("VirtualHost", (domains: Record<string, string>, options?: VirtualHostOptions) => new VirtualHost(domains, options));
  return config;
}

export class Site {
  readonly engine: Bus;
  readonly config: Config;
  readonly log: LogManager;
  readonly tree: Tree;
  readonly #plugins: Array<{ unsubscribe(): void }> = [];
  #servers: HttpServer[] = [];
  /** A PORT variable that is not a port, reported when the site is prepared. */
  readonly #badPort: ConfigError | undefined;

  /** `env` supplies PORT (process.env by default): it replaces the default port; config still wins. */
  constructor(options: { engine?: Bus; log?: LogManager; env?: NodeJS.ProcessEnv } = {}) {
    this.engine = options.engine ?? new Bus();
    const port = portVariable((options.env ?? process.env).PORT);
    this.#badPort = port instanceof ConfigError ? port : undefined;
    this.config = createConfig(typeof port === "number" ? { ...DEFAULTS, "server.socketPort": port } : DEFAULTS);
    this.log = options.log ?? new LogManager();
    this.tree = new Tree(this.config, this.log);
    this.engine.subscribe("log", (record) => this.log.error(record as Parameters<LogManager["error"]>[0]));
    this.config.namespaces.register("log", {
      scope: "global",
      validate: (key, value) => {
        if (key === "level" && !["debug", "info", "warning", "error"].includes(value as string)) return `expected one of "debug", "info", "warning", "error", got ${JSON.stringify(value)}`;
        if (key === "format" && value !== "text" && value !== "json") return `expected "text" or "json", got ${JSON.stringify(value)}`;
        return undefined;
      },
      done: (entries) => {
        const settings: Record<string, unknown> = {};
        for (const [key, value] of entries) settings[key] = value;
        this.log.configure(settings as Parameters<LogManager["configure"]>[0]);
      },
    });
    // A LogManager handed in keeps its own settings until config sets log.* keys.
    if (!options.log) this.log.configure({ screen: this.config.get<boolean>("log.screen") ?? true, level: this.config.get<LogLevel>("log.level") ?? "info" });
  }

  /**
   * Applies a site config file as the launcher does, after the modules have mounted their
   * applications: [global] to the global config, each [/path] section to the application mounted at
   * the longest whole-segment prefix of that path (relative to its script name, so with one app at ""
   * this is CherryPy's merge), and other named sections to every application. Every section is
   * checked before anything is applied; a path that no application serves is a ConfigError.
   */
  async applyConfigFile(file: string): Promise<void> {
    const parsed = await loadConfigFile(file);
    const { global, ...sections } = parsed;
    const byApp = new Map<Application, AppConfig>([...this.tree.applications()].map((app) => [app, {}]));
    // Checked under the names written in the file, so errors quote its own sections.
    this.config.prepareApp(sections as AppConfig, file);
    if (global !== undefined) this.config.prepare(global as SectionConfig, { file, section: "global" });
    for (const [name, section] of Object.entries(sections)) {
      if (!name.startsWith("/")) {
        for (const config of byApp.values()) config[name] = section as SectionConfig;
        continue;
      }
      const app = this.tree.find(name.replace(/\/+$/, "") || "/");
      if (!(app instanceof Application)) {
        const mounted = [...byApp.keys()].map((a) => `'${a.scriptName}'`).join(", ") || "none";
        throw new ConfigError(`no mounted application serves this path (mounted: ${mounted}); mount one with -i, or fix the section`, { file, section: name, line: lineOf(parsed, name) });
      }
      const config = byApp.get(app)!;
      const path = name.slice(app.scriptName.length) || "/";
      config[path] = config[path] === undefined ? (section as SectionConfig) : ({ ...config[path], ...section } as SectionConfig);
    }
    if (global !== undefined) this.config.updateGlobal(global as SectionConfig, file);
    for (const [app, config] of byApp) if (Object.keys(config).length > 0) app.merge(config, file);
    this.config.files.add(file);
  }

  /** The HTTP servers the last prepare() subscribed: the main one first, then server.NAME.* ones. */
  get servers(): readonly HttpServer[] {
    return this.#servers;
  }

  /** Subscribes the servers and plugins that config asks for. Called by quickstart and the launcher before start. */
  prepare(): void {
    if (this.#badPort) throw this.#badPort;
    for (const plugin of this.#plugins.splice(0)) plugin.unsubscribe();
    const values = this.config.values;
    const add = <P extends { subscribe(): void; unsubscribe(): void }>(plugin: P) => {
      plugin.subscribe();
      this.#plugins.push(plugin);
    };
    this.#servers = this.serverOptions().map((options) => new HttpServer(this.tree.listener, options));
    for (const server of this.#servers) add(new ServerAdapter(this.engine, server));
    if (values["engine.signalHandler.on"] === true) {
      const signals = new SignalHandler(this.engine);
      add(signals);
      // Once the bus has exited, SIGTERM and SIGINT must kill the process again (something may keep it alive).
      const release = () => signals.unsubscribe();
      this.engine.subscribe("exit", release, 90);
      this.#plugins.push({ unsubscribe: () => this.engine.unsubscribe("exit", release) });
    }
    if (typeof values["engine.pidFile"] === "string") add(new PIDFile(this.engine, values["engine.pidFile"]));
    if (values["engine.timeoutMonitor.on"] === true) {
      add(new TimeoutMonitor(this.engine, this.tree.timeouts, Number(values["engine.timeoutMonitor.frequency"] ?? 1)));
    }
    if (values["engine.autoreload.on"] === true) {
      add(new Autoreloader(this.engine, { files: this.config.files, frequency: Number(values["engine.autoreload.frequency"] ?? 1) }));
    }
    const banner = () => this.#banner();
    this.engine.subscribe("start", banner, 5);
    this.#plugins.push({ unsubscribe: () => this.engine.unsubscribe("start", banner) });
    if (values["checker.on"] === true) {
      const check = () => {
        const warnings = checkTree(this.tree);
        for (const warning of warnings) this.engine.log(warning, "warning", undefined, "CHECKER");
      };
      this.engine.subscribe("start", check, 10);
      this.#plugins.push({ unsubscribe: () => this.engine.unsubscribe("start", check) });
    }
    const close = () => this.log.close();
    this.engine.subscribe("exit", close, 100);
    this.#plugins.push({ unsubscribe: () => this.engine.unsubscribe("exit", close) });
  }

  /** What is about to be served, before the servers say where (Fastify's printRoutes, in brief). */
  #banner(): void {
    const environment = this.config.values.environment;
    this.engine.log(`Orchard ${VERSION} on Node ${process.version}, ${typeof environment === "string" ? `environment ${environment}` : "no environment set"}`);
    for (const app of this.tree.applications()) {
      const name = app.root.constructor === Object ? "" : ` (${app.root.constructor.name})`;
      const dispatchers = app.dispatchers.map(([path, d], i) => `${i === 0 ? "" : `'${app.scriptName}${path}' `}with ${d.constructor.name}`);
      this.engine.log(`Mounted '${app.scriptName}'${name} ${dispatchers.join("; ")}`);
    }
  }

  /** The main server (server.*) and any named extra ones (server.NAME.*), which serve the same tree. */
  serverOptions(): HttpServerOptions[] {
    const v = this.config.values;
    const common = {
      maxHeaderSize: v["server.maxRequestHeaderSize"] as number | undefined,
      socketTimeout: v["server.socketTimeout"] as number | undefined,
      shutdownTimeout: v["server.shutdownTimeout"] as number | undefined,
    };
    const read = (prefix: string): HttpServerOptions => ({
      ...common,
      host: v[`${prefix}.socketHost`] as string | undefined,
      port: v[`${prefix}.socketPort`] as number | undefined,
      socketFile: v[`${prefix}.socketFile`] as string | undefined,
      sslCertificate: v[`${prefix}.sslCertificate`] as string | undefined,
      sslPrivateKey: v[`${prefix}.sslPrivateKey`] as string | undefined,
      sslCertificateChain: v[`${prefix}.sslCertificateChain`] as string | undefined,
    });
    const names = new Set<string>();
    for (const key of Object.keys(v)) {
      const match = /^server\.([a-zA-Z0-9_-]+)\.(socketHost|socketPort|socketFile|sslCertificate|sslPrivateKey|sslCertificateChain)$/.exec(key);
      if (match) names.add(match[1]!);
    }
    const extra = [...names].map((name) => read(`server.${name}`)).map((o) => ({ ...o, host: o.host ?? (v["server.socketHost"] as string) }));
    return [read("server"), ...extra];
  }
}

/** The PORT environment variable as a port number; unset or empty is undefined. */
function portVariable(value: string | undefined): number | ConfigError | undefined {
  return value === undefined || value === "" ? undefined : parsePort(value, "PORT");
}

/** A TCP port written as text (PORT, --port), or a ConfigError naming where it came from. */
export function parsePort(value: string, key: string): number | ConfigError {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return port <= 65535 ? port : new ConfigError(`expected a TCP port from 0 to 65535, got ${JSON.stringify(value)}`, { key });
}

/** The site quickstart, the launcher and the public `engine`, `config` and `tree` belong to. */
export const site = new Site({ engine: defaultEngine });
