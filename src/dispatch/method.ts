/**
 * MethodDispatcher: the object tree finds a resource (a class exposed as a whole, or an exposed
 * object), and the HTTP verb picks its method: GET, POST, PUT ... HEAD falls back to GET; OPTIONS,
 * unless defined, answers 200 with an empty body; any other verb gets 405. Every answer carries
 * `Allow` with what the resource supports (HEAD included when GET is). Plain exposed handlers in the
 * same tree still answer any verb.
 */
import { configOf, toolConfigOf } from "../metadata.js";
import type { Context } from "../request/context.js";
import type { Handler } from "./dispatcher.js";
import { ObjectDispatcher, bound, type ResourceAnswer } from "./object-tree.js";

interface Verbs {
  readonly methods: ReadonlyMap<string, Handler>;
  readonly allow: readonly string[];
}

const verbsCache = new WeakMap<object, Verbs>();
const VERB = /^[A-Z][A-Z0-9_-]*$/;

/**
 * The upper-case methods of a resource (its own fields and its class chain), found once per resource:
 * not per prototype, since fields differ between instances and a resource may have no prototype.
 */
function verbsOf(resource: object): Verbs {
  let verbs = verbsCache.get(resource);
  if (verbs === undefined) {
    const methods = new Map<string, Handler>();
    for (let o: object | null = resource; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      for (const name of Object.getOwnPropertyNames(o)) {
        const value = Object.getOwnPropertyDescriptor(o, name)?.value as unknown;
        if (VERB.test(name) && typeof value === "function" && !methods.has(name)) methods.set(name, value as Handler);
      }
    }
    const allow = new Set(methods.keys());
    if (allow.has("GET")) allow.add("HEAD");
    verbs = { methods, allow: [...allow].sort() };
    verbsCache.set(resource, verbs);
  }
  return verbs;
}

/** OPTIONS on a resource without its own OPTIONS method: 200, empty, with Allow. */
const answerOptions: Handler = () => "";

export class MethodDispatcher extends ObjectDispatcher {
  protected override resource(node: object, ctx: Context): ResourceAnswer {
    const { methods, allow } = verbsOf(node);
    const verb = ctx.request.method;
    const method = methods.get(verb) ?? (verb === "HEAD" ? methods.get("GET") : undefined);
    if (method === undefined) {
      return { handler: verb === "OPTIONS" ? answerOptions : undefined, toolLayers: [], layers: [], allow: [...allow] };
    }
    return { handler: bound(method, node), toolLayers: [toolConfigOf(method)], layers: [configOf(method)], allow: [...allow] };
  }
}
