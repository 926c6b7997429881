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
import { builtinTools } from "./tools/toolbox.js";
import { HttpServer, type HttpServerOptions } from "./servers/node-http.js";
import { ServerAdapter } from "./servers/adapter.js";
import { ObjectDispatcher } from "./dispatch/object-tree.js";
import { MethodDispatcher } from "./dispatch/method.js";
import { VirtualHost, type VirtualHostOptions } from "./dispatch/virtual-host.js";

/** A Config with Orchard's namespaces and named references registered. */
export function createConfig(): Config {
  const config = new Config();
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

  constructor(options: { engine?: Bus; log?: LogManager } = {}) {
    this.engine = options.engine ?? new Bus();
    this.config = createConfig();
    this.log = options.log ?? new LogManager();
    this.tree = new Tree(this.config, this.log);
    this.engine.subscribe("log", (record) => this.log.error(record as Parameters<LogManager["error"]>[0]));
    this.config.namespaces.register("log", {
      scope: "global",
      done: (entries) => {
        const settings: Record<string, unknown> = {};
        for (const [key, value] of entries) settings[key] = value;
        this.log.configure(settings as Parameters<LogManager["configure"]>[0]);
      },
    });
    // A LogManager handed in keeps its own settings until config sets log.* keys.
    if (!options.log) this.log.configure({ screen: this.config.get<boolean>("log.screen") ?? true, level: this.config.get<LogLevel>("log.level") ?? "info" });
  }

  /** The HTTP servers the last prepare() subscribed: the main one first, then server.NAME.* ones. */
  get servers(): readonly HttpServer[] {
    return this.#servers;
  }

  /** Subscribes the servers and plugins that config asks for. Called by quickstart and the launcher before start. */
  prepare(): void {
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

/** The site quickstart, the launcher and the public `engine`, `config` and `tree` belong to. */
export const site = new Site({ engine: defaultEngine });
