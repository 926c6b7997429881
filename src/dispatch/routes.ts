/**
 * RoutesDispatcher: named URL patterns (path-to-regexp) mapped to controller actions, tried in the
 * order they were connected. A path that matches with the wrong method answers 405 with Allow.
 *   const d = new RoutesDispatcher();
 *   d.connect("book", "/books/:id", books, { action: "show", conditions: { method: ["GET"] } });
 * Patterns are case-sensitive (as the object tree is) and match with or without a trailing slash;
 * a route is never an index, so `tools.trailingSlash.extra` is the slash policy that applies.
 */
import { compile, match, parse, type MatchFunction, type PathFunction, type Token } from "path-to-regexp";
import { configOf, toolConfigOf } from "../metadata.js";
import type { SectionConfig } from "../config/types.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import { bound } from "./object-tree.js";
import { splitPath, type Dispatcher, type Found, type Handler } from "./dispatcher.js";
import { decodePath } from "../request/request.js";

export interface RouteOptions {
  /** The controller method to call (default "index"; ignored when the controller is a function). */
  action?: string;
  conditions?: { method?: readonly string[] };
  /** Each named parameter must match its pattern in full. */
  requirements?: Readonly<Record<string, RegExp | string>>;
  /** Values for parameters the pattern leaves out. */
  defaults?: Readonly<Record<string, string>>;
  /** Config for requests this route answers (the most specific layer). */
  config?: SectionConfig;
}

type RouteParams = Record<string, string | string[]>;

interface Connected {
  readonly name: string;
  readonly match: MatchFunction<RouteParams>;
  readonly build: PathFunction<RouteParams>;
  /** Parameter name → true for wildcards (`*rest`), false for single segments (`:id`). */
  readonly keys: ReadonlyMap<string, boolean>;
  readonly handler: Handler;
  readonly methods: ReadonlySet<string> | undefined;
  readonly requirements: ReadonlyArray<[string, RegExp]>;
  readonly defaults: Readonly<Record<string, string>>;
  /** Tool decorator config: defaults that app path config may override. */
  readonly toolLayers: ReadonlyArray<SectionConfig | undefined>;
  /** Controller, action and route config: more specific than any app path section. */
  readonly layers: ReadonlyArray<SectionConfig | undefined>;
}

export class RoutesDispatcher implements Dispatcher {
  readonly #routes: Connected[] = [];
  readonly #byName = new Map<string, Connected>();

  /** Adds a route; the pattern is compiled here, once, and an unusable pattern throws here. */
  connect(name: string, pattern: string, controller: object | Handler, options: RouteOptions = {}): this {
    if (this.#byName.has(name)) throw new Error(`a route named '${name}' is already connected`);
    const compiled = compilePattern(name, pattern);
    const action = options.action ?? "index";
    const fn = typeof controller === "function" ? (controller as Handler) : actionOf(controller, action, name);
    const owner = typeof controller === "function" ? undefined : controller;
    const methods = options.conditions?.method?.map((m) => m.toUpperCase());
    if (methods?.includes("GET") && !methods.includes("HEAD")) methods.push("HEAD");
    const requirements = Object.entries(options.requirements ?? {}).map(([key, re]): [string, RegExp] => {
      if (!compiled.keys.has(key)) throw new Error(`route '${name}': the requirement '${key}' names no parameter of '${pattern}'`);
      return [key, new RegExp(`^(?:${typeof re === "string" ? re : re.source})$`, typeof re === "string" ? "" : re.flags.replace(/[gy]/g, ""))];
    });
    const route: Connected = {
      name,
      ...compiled,
      handler: bound(fn, owner),
      methods: methods ? new Set(methods) : undefined,
      requirements,
      defaults: { ...options.defaults },
      toolLayers: [owner && toolConfigOf(owner.constructor), owner && toolConfigOf(owner), toolConfigOf(fn)],
      layers: [owner && configOf(owner.constructor), owner && configOf(owner), configOf(fn), options.config],
    };
    this.#routes.push(route);
    this.#byName.set(name, route);
    return this;
  }

  /**
   * The path of a named route with its parameters filled in, relative to the application (pass it
   * to ctx.url() for an absolute URL). Values the pattern has no place for go to the query string.
   */
  generate(name: string, params: Readonly<Record<string, string | number | readonly string[]>> = {}): string {
    const route = this.#byName.get(name);
    if (route === undefined) throw new Error(`no route named '${name}'`);
    const values: RouteParams = { ...route.defaults };
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      const wildcard = route.keys.get(key);
      if (wildcard === undefined) {
        for (const v of Array.isArray(value) ? value : [value]) query.append(key, String(v));
      } else if (wildcard) values[key] = typeof value === "string" ? value.split("/") : Array.isArray(value) ? [...value] : [String(value)];
      else values[key] = Array.isArray(value) ? value.join("/") : String(value);
    }
    let path: string;
    try {
      path = route.build(values);
    } catch (error) {
      throw new Error(`route '${name}': ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const qs = query.toString();
    return qs ? `${path}?${qs}` : path;
  }

  dispatch(path: string, ctx: Context): Found {
    const method = ctx.request.method;
    const target = path || "/";
    const allowed = new Set<string>();
    let decodeFailed = false;
    for (const route of this.#routes) {
      let result;
      try {
        result = route.match(target);
      } catch {
        decodeFailed = true;
        continue;
      }
      if (result === false || !meets(route.requirements, result.params)) continue;
      if (route.methods && !route.methods.has(method)) {
        for (const m of route.methods) allowed.add(m);
        continue;
      }
      const params: Record<string, string> = { ...route.defaults };
      for (const [key, value] of Object.entries(result.params)) {
        if (value !== undefined) params[key] = Array.isArray(value) ? value.join("/") : value;
      }
      const layers = [...route.toolLayers, ...appLayers(ctx, path), ...route.layers];
      return { handler: route.handler, args: [], params, layers, isIndex: false };
    }
    if (decodeFailed) throw new HTTPError(400, "Malformed percent-encoding in the request path.");
    if (allowed.size > 0) return { handler: undefined, args: [], layers: appLayers(ctx, path), allow: [...allowed].sort() };
    return { handler: undefined, args: [], layers: appLayers(ctx, path) };
  }
}

/** Compiles a pattern for matching and for generate(), or throws an error that names the route. */
function compilePattern(name: string, pattern: string): Pick<Connected, "match" | "build" | "keys"> {
  try {
    const keys = new Map<string, boolean>();
    collectKeys(parse(pattern).tokens, keys);
    // Literal text in a pattern is matched in its percent-encoded form: "/café" matches "/caf%C3%A9".
    return { match: match<RouteParams>(pattern, { decode: decodeURIComponent, sensitive: true, encodePath: encodeURI }), build: compile<RouteParams>(pattern, { encodePath: encodeURI }), keys };
  } catch (error) {
    // path-to-regexp's message ends in ": <pattern>; visit <url>"; the pattern is already in ours.
    const reason = (error instanceof Error ? error.message : String(error)).split("; visit ")[0]!.replace(`: ${pattern}`, "");
    throw new Error(`route '${name}': the pattern '${pattern}' cannot be used: ${reason}`, { cause: error });
  }
}

function collectKeys(tokens: readonly Token[], keys: Map<string, boolean>): void {
  for (const token of tokens) {
    if (token.type === "group") collectKeys(token.tokens, keys);
    else if (token.type !== "text") keys.set(token.name, token.type === "wildcard");
  }
}

function actionOf(controller: object, action: string, name: string): Handler {
  const fn = (controller as Record<string, unknown>)[action];
  if (typeof fn !== "function") throw new Error(`route '${name}': the controller has no method '${action}'`);
  return fn as Handler;
}

function meets(requirements: ReadonlyArray<[string, RegExp]>, params: Partial<RouteParams>): boolean {
  for (const [key, re] of requirements) {
    const value = params[key];
    if (typeof value !== "string" || !re.test(value)) return false;
  }
  return true;
}

/** The application's sections for "/" and each prefix of the path, least specific first. */
export function appLayers(ctx: Context, path: string): Array<SectionConfig | undefined> {
  const app = ctx.app;
  const layers = [app.section("/")];
  if (!app.hasPathSections) return layers;
  // Section names are decoded paths, as under the object dispatcher ([/café], not [/caf%C3%A9]).
  let prefix = "";
  for (const segment of splitPath(path, decodePath)) {
    prefix += "/" + segment;
    layers.push(app.section(prefix));
  }
  return layers;
}
