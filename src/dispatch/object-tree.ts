/**
 * The default dispatcher: walks the object tree from the application's root, one path segment per
 * attribute, as CherryPy does. Exposed methods are handlers, `index` answers a trailing slash,
 * `default` catches what is left, `dispatch(vpath, ctx)` and popargs consume segments on the way.
 */
import { configOf, isExposed, metadataOf, toolConfigOf } from "../metadata.js";
import type { SectionConfig } from "../config/types.js";
import type { Context } from "../request/context.js";
import { decodePath } from "../request/request.js";
import { HTTPError } from "../request/errors.js";
import { splitPath, type Dispatcher, type Found, type Handler } from "./dispatcher.js";

/** More segments than any real tree has; a longer path is refused before it is walked. */
const MAX_SEGMENTS = 256;

interface TrailEntry {
  /** The node reached (an object or a handler function); undefined past a dead end. */
  node: unknown;
  /** The object the node was found on (a handler's `this`). */
  parent: unknown;
  layers: Array<SectionConfig | undefined>;
  /** Segments left after this one. */
  left: number;
}

export class ObjectDispatcher implements Dispatcher {
  dispatch(path: string, ctx: Context): Found {
    const app = ctx.app;
    const names = splitPath(path, decodePath);
    if (names.length > MAX_SEGMENTS) throw new HTTPError(414, `The path has more than ${MAX_SEGMENTS} segments.`);
    names.push("index");
    const total = names.length;
    const params: Record<string, string> = {};
    const trail: TrailEntry[] = [{ node: app.root, parent: undefined, layers: [nodeConfig(app.root), app.section("/")], left: total }];
    let node: unknown = app.root;
    const remaining = names.slice();
    const sectioned = app.hasPathSections;
    let sectionPath = "";
    while (remaining.length > 0) {
      const name = remaining[0]!;
      const before = remaining.length;
      const parent = node;
      let next = child(node, name);
      if (next === undefined) {
        next = this.#consume(node, remaining, params, ctx);
        if (remaining.length > before) throw new Error(`dispatch() may only remove path segments, not add them (at ${name} in ${path})`);
      } else remaining.shift();
      // A dispatch() that returned a node without consuming anything used the current segment.
      if (remaining.length === before) remaining.shift();
      node = next;
      const layers: Array<SectionConfig | undefined> = [nodeConfig(node)];
      // The section path grows by the segments this step consumed (sections never skip one).
      for (let i = total - before; i < total - remaining.length; i++) {
        sectionPath += "/" + names[i];
        if (sectioned) layers.push(app.section(sectionPath));
      }
      trail.push({ node, parent, layers, left: remaining.length });
    }
    return this.#choose(trail, names, path, params, ctx);
  }

  /**
   * A whole exposed object was reached (a REST resource). The object dispatcher has no handler for
   * it; MethodDispatcher answers with the method named after the HTTP verb.
   */
  protected resource(_node: object, _ctx: Context): ResourceAnswer | undefined {
    return undefined;
  }

  /** popargs names, then a dispatch(vpath, ctx) method, may take segments when no attribute matched. */
  #consume(node: unknown, remaining: string[], params: Record<string, string>, ctx: Context): unknown {
    if (!isObject(node) || remaining.length <= 1) {
      remaining.shift();
      return undefined;
    }
    const index = remaining.pop()!;
    let next: unknown;
    const popargs = metadataOf(node.constructor)?.popargs ?? metadataOf(node)?.popargs;
    if (popargs) {
      for (const argName of popargs) {
        if (remaining.length === 0) break;
        params[argName] = remaining.shift()!;
      }
      next = node;
    } else {
      const custom = (node as { dispatch?: unknown }).dispatch;
      if (typeof custom === "function" && !isExposed(custom)) next = custom.call(node, remaining, ctx);
      else remaining.shift();
    }
    remaining.push(index);
    return next;
  }

  /** From the deepest node back to the root: an exposed `default` wins, else the node if it is a handler. */
  #choose(trail: TrailEntry[], names: string[], path: string, params: Record<string, string>, ctx: Context): Found {
    const total = names.length;
    const named = Object.keys(params).length > 0 ? params : undefined;
    // Tool decorators give defaults that path config may override, so they come first.
    const toolLayersUpTo = (i: number) => {
      const out: Array<SectionConfig | undefined> = [];
      for (let j = 0; j <= i; j++) out.push(nodeToolConfig(trail[j]!.node));
      return out;
    };
    const configLayersUpTo = (i: number) => {
      const out: Array<SectionConfig | undefined> = [];
      for (let j = 0; j <= i; j++) for (const layer of trail[j]!.layers) out.push(layer);
      return out;
    };
    const layersUpTo = (i: number) => {
      const out = toolLayersUpTo(i);
      for (let j = 0; j <= i; j++) for (const layer of trail[j]!.layers) out.push(layer);
      return out;
    };
    for (let i = trail.length - 1; i >= 0; i--) {
      const { node, parent, left } = trail[i]!;
      // The segments left below this node, without the hidden "index" (made only when answering).
      const args = () => names.slice(total - left, total - 1);
      if (isObject(node)) {
        const fallback = exposedMember(node, "default");
        if (fallback !== undefined) {
          // default's own tool decorator is the most specific of the decorator defaults.
          // Every section along the path applies, even below the node whose default answers (as in CherryPy).
          const layers = [...toolLayersUpTo(i), toolConfigOf(fallback), ...configLayersUpTo(trail.length - 1), configOf(fallback)];
          return { handler: bound(fallback, node), args: args(), params: named, layers, isIndex: path.endsWith("/") };
        }
        const fallbackResource = (node as { default?: unknown }).default;
        if (isResource(fallbackResource)) {
          const found = this.resource(fallbackResource, ctx);
          if (found !== undefined) {
            const layers = [...toolLayersUpTo(i), nodeToolConfig(fallbackResource), ...found.toolLayers, ...configLayersUpTo(trail.length - 1), nodeConfig(fallbackResource), ...found.layers];
            return { handler: found.handler, allow: found.allow, args: args(), params: named, layers, isIndex: path.endsWith("/") };
          }
        }
        if (isResource(node)) {
          const found = this.resource(node, ctx);
          if (found !== undefined) {
            if (left > 1) break;
            const layers = [...toolLayersUpTo(i), ...found.toolLayers, ...configLayersUpTo(i), ...found.layers];
            return { handler: found.handler, allow: found.allow, args: [], params: named, layers, isIndex: i === trail.length - 1 };
          }
        }
      } else if (typeof node === "function" && isExposed(node)) {
        // Leftover segments only go to `default`: a handler with segments to spare is not found.
        if (left > 1) break;
        const layers = layersUpTo(i);
        return { handler: bound(node as Handler, parent), args: [], params: named, layers, isIndex: i === trail.length - 1 };
      }
    }
    return { handler: undefined, args: [], layers: layersUpTo(trail.length - 1) };
  }
}

/** What a subclass answers for a resource: its handler, and config layers split like the tree's. */
export interface ResourceAnswer {
  handler: Handler | undefined;
  allow?: string[];
  /** Tool decorator defaults of the method chosen (path config overrides them). */
  toolLayers: Array<SectionConfig | undefined>;
  /** Config of the method chosen (the most specific layer). */
  layers: Array<SectionConfig | undefined>;
}

/** An object exposed as a whole, or an instance of an exposed class (exposure is inherited). */
function isResource(value: unknown): value is object {
  if (!isObject(value) || typeof value === "function") return false;
  if (isExposed(value)) return true;
  for (let proto = Object.getPrototypeOf(value) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    if (isExposed((proto as { constructor: unknown }).constructor)) return true;
  }
  return false;
}

export function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** Names a path segment may never reach: private members, and what every object inherits. */
function reachable(name: string): boolean {
  return name !== "" && name[0] !== "_" && name[0] !== "#" && !(name in Object.prototype) && name !== "constructor" && name !== "dispatch";
}

/** The attribute a segment names: an exposed handler or a child object, under its name, alias or identifier form. */
function child(node: unknown, name: string): unknown {
  if (!isObject(node) || typeof node === "function") return undefined;
  for (const candidate of candidates(name)) {
    if (!reachable(candidate)) continue;
    const value = dataProperty(node, candidate);
    if (typeof value === "function") {
      if (isExposed(value)) return value;
    } else if (isObject(value)) return value;
  }
  const alias = aliasesOf(node).get(name);
  return alias === undefined ? undefined : (node as Record<string, unknown>)[alias];
}

/** "translate.html" also tries "translate_html", the way CherryPy maps punctuation to identifiers. */
function candidates(name: string): string[] {
  const identifier = name.replace(/[^\p{L}\p{N}_$]/gu, "_");
  return identifier === name ? [name] : [name, identifier];
}

/**
 * A property's value when it is plain data (own or inherited); a URL never runs a getter, so an
 * accessor reads as missing.
 */
function dataProperty(node: object, name: string): unknown {
  for (let o: object | null = node; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(o, name);
    if (descriptor !== undefined) return "value" in descriptor ? descriptor.value : undefined;
  }
  return undefined;
}

function exposedMember(node: object, name: string): Handler | undefined {
  const value = dataProperty(node, name);
  return typeof value === "function" && isExposed(value) ? (value as Handler) : undefined;
}

function nodeConfig(node: unknown): SectionConfig | undefined {
  if (typeof node === "function") return configOf(node);
  if (!isObject(node)) return undefined;
  return configOf(node) ?? configOf(node.constructor);
}

function nodeToolConfig(node: unknown): SectionConfig | undefined {
  if (typeof node === "function") return toolConfigOf(node);
  if (!isObject(node)) return undefined;
  return toolConfigOf(node) ?? toolConfigOf(node.constructor);
}

const aliasCache = new WeakMap<object, Map<string, string>>();

/**
 * alias → member name for every exposed method of a node, computed once per node (not per
 * prototype: own fields may hold aliased functions, and a node may have no prototype at all).
 */
function aliasesOf(node: object): Map<string, string> {
  let map = aliasCache.get(node);
  if (map === undefined) {
    map = new Map();
    for (let o: object | null = node; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      for (const key of Object.getOwnPropertyNames(o)) {
        const value: unknown = Object.getOwnPropertyDescriptor(o, key)?.value;
        const aliases = typeof value === "function" ? metadataOf(value)?.aliases : undefined;
        if (aliases) for (const alias of aliases) if (!map.has(alias)) map.set(alias, key);
      }
    }
    aliasCache.set(node, map);
  }
  return map;
}

const boundCache = new WeakMap<object, WeakMap<Handler, Handler>>();

/** The handler bound to its object, made once per (object, method). */
export function bound(fn: Handler, self: unknown): Handler {
  if (!isObject(self)) return fn;
  let perObject = boundCache.get(self);
  if (perObject === undefined) boundCache.set(self, (perObject = new WeakMap()));
  let result = perObject.get(fn);
  if (result === undefined) perObject.set(fn, (result = fn.bind(self) as Handler));
  return result;
}
