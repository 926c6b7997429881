/**
 * RoutesDispatcher: named URL patterns (path-to-regexp) mapped to controller actions, tried in the
 * order they were connected. A path that matches with the wrong method answers 405 with Allow.
 *   const d = new RoutesDispatcher();
 *   d.connect("book", "/books/:id", books, { action: "show", conditions: { method: ["GET"] } });
 */
import { compile, match, type MatchFunction, type PathFunction } from "path-to-regexp";
import { configOf, toolConfigOf } from "../metadata.js";
import type { SectionConfig } from "../config/types.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import { bound, isObject } from "./object-tree.js";
import type { Dispatcher, Found, Handler } from "./dispatcher.js";

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

interface Connected {
  readonly name: string;
  readonly match: MatchFunction<Record<string, string | string[]>>;
  readonly build: PathFunction<Record<string, string | string[]>>;
  readonly handler: Handler;
  readonly methods: ReadonlySet<string> | undefined;
  readonly requirements: ReadonlyArray<[string, RegExp]>;
  readonly defaults: Readonly<Record<string, string>>;
  readonly layers: ReadonlyArray<SectionConfig | undefined>;
}

export class RoutesDispatcher implements Dispatcher {
  readonly #routes: Connected[] = [];
  readonly #byName = new Map<string, Connected>();

  /** Adds a route; the pattern is compiled here, once. */
  connect(name: string, pattern: string, controller: object | Handler, options: RouteOptions = {}): this {
    if (this.#byName.has(name)) throw new Error(`a route named '${name}' is already connected`);
    const action = options.action ?? "index";
    const handler = typeof controller === "function" ? (controller as Handler) : actionOf(controller, action, name);
    const methods = options.conditions?.method?.map((m) => m.toUpperCase());
    if (methods?.includes("GET") && !methods.includes("HEAD")) methods.push("HEAD");
    const route: Connected = {
      name,
      match: match(pattern, { decode: decodeParam }),
      build: compile(pattern),
      handler,
      methods: methods ? new Set(methods) : undefined,
      requirements: Object.entries(options.requirements ?? {}).map(([key, re]) => [key, new RegExp(`^(?:${typeof re === "string" ? re : re.source})$`)]),
      defaults: { ...options.defaults },
      layers: [
        isObject(controller) && typeof controller !== "function" ? (toolConfigOf(controller.constructor) ?? undefined) : undefined,
        toolConfigOf(handler),
        isObject(controller) && typeof controller !== "function" ? configOf(controller.constructor) : undefined,
        configOf(handler),
        options.config,
      ],
    };
    this.#routes.push(route);
    this.#byName.set(name, route);
    return this;
  }

  /** The path of a named route with its parameters filled in (relative to the application). */
  generate(name: string, params: Readonly<Record<string, string | number | readonly string[]>> = {}): string {
    const route = this.#byName.get(name);
    if (route === undefined) throw new Error(`no route named '${name}'`);
    const values: Record<string, string | string[]> = { ...route.defaults };
    for (const [key, value] of Object.entries(params)) values[key] = typeof value === "number" ? String(value) : (value as string | string[]);
    return route.build(values);
  }

  dispatch(path: string, ctx: Context): Found {
    const method = ctx.request.method;
    const allowed = new Set<string>();
    let decodeFailed = false;
    for (const route of this.#routes) {
      let result;
      try {
        result = route.match(path || "/");
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
      return { handler: route.handler, args: [], params, layers: [...appLayers(ctx, path), ...route.layers], isIndex: false };
    }
    if (decodeFailed) throw new HTTPError(400, "Malformed percent-encoding in the request path.");
    if (allowed.size > 0) return { handler: undefined, args: [], layers: appLayers(ctx, path), allow: [...allowed].sort() };
    return { handler: undefined, args: [], layers: appLayers(ctx, path) };
  }
}

function actionOf(controller: object, action: string, name: string): Handler {
  const fn = (controller as Record<string, unknown>)[action];
  if (typeof fn !== "function") throw new Error(`route '${name}': the controller has no method '${action}'`);
  return bound(fn as Handler, controller);
}

function meets(requirements: ReadonlyArray<[string, RegExp]>, params: Record<string, string | string[] | undefined>): boolean {
  for (const [key, re] of requirements) {
    const value = params[key];
    if (typeof value !== "string" || !re.test(value)) return false;
  }
  return true;
}

function decodeParam(value: string): string {
  return decodeURIComponent(value);
}

/** The application's sections for "/" and each prefix of the path, least specific first. */
export function appLayers(ctx: Context, path: string): Array<SectionConfig | undefined> {
  const app = ctx.app;
  const layers = [app.section("/")];
  let prefix = "";
  for (const segment of path.split("/")) {
    if (segment === "") continue;
    prefix += "/" + segment;
    layers.push(app.section(prefix));
  }
  return layers;
}
