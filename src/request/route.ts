/**
 * A route: everything that depends only on the handler found and its config, computed once and
 * cached (merged config, hook chains, handler wrappers, limits, error pages).
 */
import type { Config, ConfigValues } from "../config/layers.js";
import { ConfigError } from "../config/errors.js";
import type { Context } from "./context.js";
import { compileChains, isHookPoint, HOOK_POINTS, type Hook, type HookChains, type HookEntry, type HookPoint } from "./hooks.js";
import type { ErrorInfo, ErrorPage } from "./error-page.js";
import { processorsFor, type BodyProcessor } from "./body/processors.js";

/** Calls the handler and returns its body; tools wrap it (jsonOut, encode, caching). */
export type Invoke = (ctx: Context) => unknown;
export type HandlerWrapper = (next: Invoke) => Invoke;

/** Renders an error response body; jsonOut swaps the HTML page for JSON. */
export type ErrorRenderer = (info: ErrorInfo, ctx: Context) => { body: string | Uint8Array; contentType: string } | undefined;

export interface HookOptions {
  priority?: number;
  failsafe?: boolean;
  name?: string;
}

/** What request namespaces and tools get while a route compiles. */
export interface RouteBuilder {
  readonly config: ConfigValues;
  hook(point: HookPoint, fn: Hook, options?: HookOptions): void;
  /** Wraps the handler call; a larger priority sits outside a smaller one, equal ones in the order added (the last outermost). */
  wrapHandler(wrapper: HandlerWrapper, priority?: number): void;
  /** Replaces how error bodies are rendered for this route. */
  renderErrors(renderer: ErrorRenderer): void;
  warn(message: string): void;
}

export interface Route {
  readonly config: ConfigValues;
  readonly hooks: HookChains;
  readonly invoke: Invoke;
  readonly stream: boolean;
  /** Response timeout in ms, 0 for none. */
  readonly timeout: number;
  readonly showTracebacks: boolean;
  readonly throwErrors: boolean;
  readonly processBody: boolean;
  readonly methodsWithBodies: ReadonlySet<string>;
  /** The smaller of server.maxRequestBodySize and request.body.maxBytes; 0 is unlimited. */
  readonly maxBodySize: number;
  readonly defaultHeaders: ReadonlyArray<readonly [string, string]>;
  readonly errorPages: ReadonlyMap<string, ErrorPage>;
  readonly renderError: ErrorRenderer | undefined;
  /** Body processors by content type: the defaults merged with request.bodyProcessors. */
  readonly processors: Readonly<Record<string, BodyProcessor>>;
}

const callHandler: Invoke = (ctx) => ctx.request.handler?.(ctx.request.params, ctx);

export function compileRoute(config: ConfigValues, registry: Config, warn: (message: string) => void): Route {
  const lists = Object.fromEntries(HOOK_POINTS.map((p) => [p, [] as HookEntry[]])) as Record<HookPoint, HookEntry[]>;
  const wrappers: Array<{ wrapper: HandlerWrapper; priority: number }> = [];
  let renderError: ErrorRenderer | undefined;
  const builder: RouteBuilder = {
    config,
    hook(point, fn, options) {
      lists[point].push({ fn, priority: options?.priority ?? 50, failsafe: options?.failsafe ?? false, name: options?.name ?? (fn.name || "anonymous") });
    },
    wrapHandler(wrapper, priority = 50) {
      wrappers.push({ wrapper, priority });
    },
    renderErrors(renderer) {
      renderError = renderer;
    },
    warn,
  };

  const defaultHeaders: Array<[string, string]> = [];
  const errorPages = new Map<string, ErrorPage>();
  const byNamespace = new Map<string, Map<string, unknown>>();
  for (const key in config) {
    const value = config[key];
    if (key.startsWith("response.headers.")) defaultHeaders.push([key.slice(17), String(value)]);
    else if (key.startsWith("errorPage.")) errorPages.set(key.slice(10), value as ErrorPage);
    else if (key.startsWith("hooks.")) attachHooks(builder, key, value, registry);
    const dot = key.indexOf(".");
    if (dot > 0) {
      const ns = key.slice(0, dot);
      let entries = byNamespace.get(ns);
      if (!entries) byNamespace.set(ns, (entries = new Map()));
      entries.set(key.slice(dot + 1), value);
    }
  }
  for (const [name, ns] of registry.namespaces.ofScope("request")) {
    const entries = byNamespace.get(name);
    if (!entries) continue;
    for (const [k, v] of entries) ns.key?.(k, v, builder);
    ns.done?.(entries, builder);
  }

  // Built from the inside out, as CherryPy applies wrappers in hook order: a smaller number wraps the
  // handler first, so a larger one sits outside it and sees its result (encode at 70 gets jsonOut's text).
  const inside = wrappers.map((w, index) => ({ ...w, index })).sort((a, b) => a.priority - b.priority || a.index - b.index);
  const invoke = inside.reduce<Invoke>((next, { wrapper }) => wrapper(next), callHandler);
  const serverLimit = Number(config["server.maxRequestBodySize"] ?? 0);
  const pathLimit = Number(config["request.body.maxBytes"] ?? 0);
  return Object.freeze({
    config,
    hooks: compileChains(lists),
    invoke,
    stream: config["response.stream"] === true,
    timeout: Math.max(0, Number(config["response.timeout"] ?? 0)) * 1000,
    showTracebacks: config["request.showTracebacks"] === true,
    throwErrors: config["request.throwErrors"] === true,
    processBody: config["request.processRequestBody"] !== false,
    methodsWithBodies: new Set((config["request.methodsWithBodies"] as string[] | undefined) ?? ["POST", "PUT", "PATCH"]),
    maxBodySize: serverLimit && pathLimit ? Math.min(serverLimit, pathLimit) : serverLimit || pathLimit,
    defaultHeaders,
    errorPages,
    renderError,
    processors: processorsFor(config),
  });
}

/** `hooks.beforeHandler = fn` (or a list, or the name of a registered callable). */
function attachHooks(builder: RouteBuilder, key: string, value: unknown, registry: Config): void {
  const point = key.slice(6);
  if (!isHookPoint(point)) throw new ConfigError(`unknown hook point; choose one of ${HOOK_POINTS.join(", ")}`, { key });
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    const fn = typeof item === "string" ? registry.references.get(item) : item;
    if (typeof fn !== "function") throw new ConfigError(`a hook must be a function, got ${typeof fn}`, { key });
    builder.hook(point, fn as Hook, { priority: (fn as { priority?: number }).priority });
  }
}
