/** An application: a root object mounted at a script name, with its own config by path. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ConfigError } from "../config/errors.js";
import { mergeLayers } from "../config/layers.js";
import type { AppConfig, SectionConfig } from "../config/types.js";
import type { Dispatcher, Found } from "../dispatch/dispatcher.js";
import { ObjectDispatcher } from "../dispatch/object-tree.js";
import type { LogLevel } from "../log/record.js";
import type { Context } from "../request/context.js";
import { compileRoute, type Route } from "../request/route.js";
import { serveFavicon } from "../tools/static/favicon.js";
import { RouteCache } from "./route-cache.js";
import type { Tree } from "./tree.js";

const DEFAULT_DISPATCHER = new ObjectDispatcher();

export class Application {
  readonly root: object;
  readonly tree: Tree;
  readonly scriptName: string;
  #config: AppConfig = {};
  #hasPathSections = false;
  readonly #routes = new RouteCache();
  /** Sections that set request.dispatch, most specific first. */
  #dispatchers: Array<[string, Dispatcher]> = [];

  constructor(tree: Tree, root: object, scriptName: string) {
    this.tree = tree;
    this.root = root;
    this.scriptName = scriptName;
  }

  get config(): Readonly<AppConfig> {
    return this.#config;
  }

  /** Adds config sections (later values win); a [global] section goes to the global config. */
  merge(config: AppConfig, file?: string): void {
    const { global, ...sections } = config;
    // Check every section before anything is applied, so a bad file changes nothing.
    const prepared = this.tree.config.prepareApp(sections, file);
    if (global !== undefined) this.tree.config.updateGlobal(global, file);
    for (const [name, section] of Object.entries(prepared)) {
      if (name.startsWith("/") || !name.includes(".")) {
        this.#config[name] = { ...this.#config[name], ...section };
      } else throw new ConfigError("section names are paths starting with / (or [global])", { file, section: name });
    }
    this.#dispatchers = Object.entries(this.#config)
      .filter(([path, section]) => path.startsWith("/") && section["request.dispatch"] !== undefined)
      .map(([path, section]): [string, Dispatcher] => [path === "/" ? "" : path.replace(/\/$/, ""), section["request.dispatch"] as Dispatcher])
      .sort((a, b) => b[0].length - a[0].length);
    this.#hasPathSections = Object.keys(this.#config).some((name) => name.startsWith("/") && name !== "/");
    this.invalidate();
  }

  /** True when any section below "/" exists (dispatchers skip per-segment lookups otherwise). */
  get hasPathSections(): boolean {
    return this.#hasPathSections;
  }

  section(path: string): SectionConfig | undefined {
    return this.#config[path];
  }

  /** Forgets compiled routes (config or the tree changed). */
  invalidate(): void {
    this.#routes.clear();
  }

  dispatcherFor(path: string): Dispatcher {
    for (const [prefix, dispatcher] of this.#dispatchers) {
      if (prefix === "" || path === prefix || path.startsWith(prefix + "/")) return dispatcher;
    }
    return (this.tree.config.values["request.dispatch"] as Dispatcher | undefined) ?? DEFAULT_DISPATCHER;
  }

  /** Each path that has its own dispatcher, with it: "/" first (the site's default unless a section sets one). */
  get dispatchers(): Array<[string, Dispatcher]> {
    const below = this.#dispatchers.filter(([prefix]) => prefix !== "").reverse();
    return [["/", this.dispatcherFor("")], ...below];
  }

  /** Dispatches a path and returns the handler found with its compiled route. */
  find(path: string, ctx: Context): (Found & { route: Route }) | Promise<Found & { route: Route }> {
    const pending = this.dispatcherFor(path).dispatch(path, ctx);
    return pending instanceof Promise ? pending.then((found) => this.#withRoute(found, path, ctx)) : this.#withRoute(pending, path, ctx);
  }

  #withRoute(found: Found, path: string, ctx: Context): Found & { route: Route } {
    // CherryPy's default icon: only for the site root, and only when the app does not answer it.
    if (found.handler === undefined && found.allow === undefined && this.scriptName === "" && path === "/favicon.ico"
      && (ctx.request.method === "GET" || ctx.request.method === "HEAD")) {
      found.handler = serveFavicon;
    }
    const route = this.route(found.layers);
    return Object.assign(found, { route });
  }

  /**
   * The longest config section path that sets `key` and is `path` or a segment-prefix of it ("/"
   * covers every path): where, say, tools.staticdir.dir was set for a request path.
   */
  sectionDefining(key: string, path: string): string | undefined {
    let best: string | undefined;
    for (const [name, section] of Object.entries(this.#config)) {
      if (!name.startsWith("/") || !(key in section)) continue;
      const prefix = name.replace(/\/+$/, "");
      if (prefix !== "" && path !== prefix && !path.startsWith(prefix + "/")) continue;
      if (best === undefined || prefix.length > best.length) best = prefix;
    }
    return best === undefined ? undefined : best || "/";
  }

  /** The compiled route for a chain of config layers (cached). */
  route(layers: ReadonlyArray<SectionConfig | undefined>): Route {
    return this.#routes.get(layers, () => {
      this.#checkCodeConfig(layers);
      return compileRoute(mergeLayers(this.tree.config.values, layers), this.tree.config, (message) => this.log(message, "warning", undefined, "TOOLS"));
    });
  }

  /**
   * Config attached in code (configure(), tool decorators) never passes through prepare(), so its
   * keys are checked here, once per compiled route: a typo is an error that names the key.
   */
  #checkCodeConfig(layers: ReadonlyArray<SectionConfig | undefined>): void {
    const sections = new Set<object>(Object.values(this.#config));
    for (const layer of layers) {
      if (layer === undefined || sections.has(layer)) continue;
      for (const [key, value] of Object.entries(layer)) {
        const problem = this.tree.config.namespaces.problemWith(key, value);
        if (problem !== undefined) throw new ConfigError(`${problem} (in config attached in code with configure() or a tool decorator)`, { key });
      }
    }
  }

  log(message: string, level: LogLevel = "info", error?: unknown, context = "HTTP"): void {
    this.tree.log.error({ message, level, context, error });
  }

  /** This application alone as a Node `(req, res)` listener; requests are still addressed under its script name. */
  get listener(): (req: IncomingMessage, res: ServerResponse) => void {
    return this.tree.listenerFor(this);
  }
}
