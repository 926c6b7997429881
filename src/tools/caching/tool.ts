/**
 * The caching tool (CherryPy's caching, MemoryCache): a cache of GET/HEAD responses per URI, one
 * variant per value of the request headers named in the response's Vary.
 *
 * - beforeHandler (priority 90): unsafe methods (invalidMethods) drop every variant of the URI. A GET
 *   or HEAD with a fresh stored variant is served from it, with `Age`, and answered 304 when its
 *   If-None-Match / If-Modified-Since says the client has it. A miss for a variant another request is
 *   computing waits for it (anti-stampede) up to antistampedeTimeout, then computes itself.
 * - The handler: an outermost handler wrapper returns the stored body on a hit, so no wrapper inside
 *   it (jsonOut, encode) runs again and the handler is never called.
 * - beforeFinalize (priority 100, after gzip at 80): stores the final status, headers and body of a
 *   cacheable 200 (buffered bodies only), keyed by the URL and the variant.
 *
 * Only 200 responses are stored. No timer runs: expired entries go when read, and the least recently
 * used ones when the store is full (see MemoryStore).
 */
import type { Context } from "../../request/context.js";
import type { Invoke, RouteBuilder } from "../../request/route.js";
import { Tool } from "../tool.js";
import { lookup } from "./lookup.js";
import { responseCacheOf, type ResponseCache, type Ticket } from "./stampede.js";
import { guarded, pendingOf, type Pending, type Settings } from "./state.js";
import { storable } from "./storable.js";
import { MemoryStore, type CacheStore } from "./store.js";
import { variantOf } from "./variant.js";

export interface CachingArgs {
  /** Seconds a stored response stays fresh, unless it says otherwise with s-maxage or max-age (default 600). */
  delay?: number;
  /** Bodies larger than this many bytes are not stored (default 100000). */
  maxobjSize?: number;
  /** Body bytes the default store keeps in all (default 10 MB). */
  maxsize?: number;
  /** Entries the default store keeps (default 1000). */
  maxobjects?: number;
  /** Seconds a request waits for another computing the same variant; 0 never waits (default 5). */
  antistampedeTimeout?: number;
  /** Methods that drop every stored variant of their URI (default POST, PUT, PATCH, DELETE). */
  invalidMethods?: readonly string[];
  /** Where responses are kept; default one MemoryStore per application (and limits). */
  store?: CacheStore;
  /** Log each decision at debug level (context TOOLS.CACHING). */
  debug?: boolean;
}

const ARGS = ["delay", "maxobjSize", "maxsize", "maxobjects", "antistampedeTimeout", "invalidMethods", "store", "debug"] as const;

/** The wrapper sits outside every other one, whatever their priorities. */
const OUTERMOST = Number.MAX_SAFE_INTEGER;
const TEE_PRIORITY = 100;

export class CachingTool extends Tool<CachingArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, { ...options, args: ARGS, validate });
  }

  override attach(route: RouteBuilder, args: CachingArgs, priority: number): void {
    const settings: Settings = {
      delay: args.delay ?? 600,
      maxobjSize: args.maxobjSize ?? 100_000,
      timeout: (args.antistampedeTimeout ?? 5) * 1000,
      invalidMethods: new Set((args.invalidMethods ?? ["POST", "PUT", "PATCH", "DELETE"]).map((m) => m.toUpperCase())),
      cacheFor: cacheResolver(args),
      note: args.debug ? note : undefined,
    };
    const name = `${this.namespace}.${this.name}`;
    route.hook("beforeHandler", (ctx) => lookup(ctx, settings), { priority, name });
    route.wrapHandler(serveOrRun, OUTERMOST);
    route.hook("beforeFinalize", (ctx) => tee(ctx, settings), { priority: TEE_PRIORITY, name: `${name}.tee` });
    route.hook("onEndRequest", release, { priority: 0, failsafe: true, name: `${name}.release` });
  }
}

function validate(name: string, value: unknown): string | undefined {
  switch (name) {
    case "delay":
    case "antistampedeTimeout":
      return typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "expected a number of seconds";
    case "maxobjSize":
    case "maxsize":
    case "maxobjects":
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : "expected a whole number";
    case "invalidMethods":
      return Array.isArray(value) && value.every((m) => typeof m === "string" && /^[A-Za-z]+$/.test(m)) ? undefined : "expected a list of method names";
    case "store": {
      const store = value as Partial<Record<keyof CacheStore, unknown>> | null;
      const methods = ["varyOf", "get", "set", "delete", "clear"] as const;
      return typeof store === "object" && store !== null && methods.every((m) => typeof store[m] === "function")
        ? undefined
        : `expected a CacheStore (an object with ${methods.join(", ")})`;
    }
    default:
      return typeof value === "boolean" ? undefined : "expected a boolean";
  }
}

// --- the store: the route's own, or one MemoryStore per application and limits

const defaultStores = new WeakMap<object, Map<string, MemoryStore>>();

/** The route's ResponseCache for a request; routes of an application with the same limits share one MemoryStore. */
function cacheResolver(args: CachingArgs): (ctx: Context) => ResponseCache {
  if (args.store !== undefined) {
    const cache = responseCacheOf(args.store);
    return () => cache;
  }
  const maxObjects = args.maxobjects ?? 1000;
  const maxSize = args.maxsize ?? 10_000_000;
  const key = `${maxObjects}/${maxSize}`;
  // A route is compiled per application: the one seen last is remembered, not looked up per request.
  let app: object | undefined;
  let cache: ResponseCache | undefined;
  return (ctx) => {
    if (cache === undefined || ctx.app !== app) {
      let stores = defaultStores.get(ctx.app);
      if (stores === undefined) defaultStores.set(ctx.app, (stores = new Map()));
      let store = stores.get(key);
      if (store === undefined) stores.set(key, (store = new MemoryStore({ maxObjects, maxSize })));
      app = ctx.app;
      cache = responseCacheOf(store);
    }
    return cache;
  };
}

// --- the handler wrapper

/** On a hit, the stored body instead of the handler (and every wrapper inside this one). */
function serveOrRun(next: Invoke): Invoke {
  return (ctx) => {
    const pending = pendingOf(ctx);
    if (pending === undefined) return next(ctx);
    if (pending.hit !== undefined) return pending.hit.body;
    return run(next, ctx, pending);
  };
}

async function run(next: Invoke, ctx: Context, pending: Pending): Promise<unknown> {
  try {
    return await next(ctx);
  } catch (error) {
    // Waiters wake now and compute for themselves, even if this request is redirected elsewhere.
    pending.ticket?.release();
    throw error;
  } finally {
    // What the handler changed may have been read meanwhile by a GET that is about to store it.
    if (pending.invalidates) await guarded(ctx, () => pending.cache.invalidate(pending.uri), undefined);
  }
}

// --- beforeFinalize: store the response

function tee(ctx: Context, settings: Settings): void | Promise<void> {
  const pending = pendingOf(ctx);
  const ticket = pending?.ticket;
  if (pending === undefined || ticket === undefined) return;
  return store(ctx, settings, pending, ticket);
}

async function store(ctx: Context, settings: Settings, pending: Pending, ticket: Ticket): Promise<void> {
  try {
    const entry = await storable(ctx, settings);
    if (typeof entry === "string") settings.note?.(ctx, `not stored ${pending.uri}: ${entry}`);
    else if (ticket.invalidated) settings.note?.(ctx, `not stored ${pending.uri}: invalidated while computed`);
    else {
      await guarded(ctx, () => pending.cache.store.set(pending.uri, variantOf(entry.vary, ctx.request.headers), entry), undefined);
      settings.note?.(ctx, `stored ${pending.uri} (${entry.body.length} bytes)`);
    }
  } finally {
    ticket.release();
  }
}

// --- onEndRequest: nothing is left waiting

function release(ctx: Context): void {
  pendingOf(ctx)?.ticket?.release();
}

function note(ctx: Context, message: string): void {
  ctx.app.log(message, "debug", undefined, "TOOLS.CACHING");
}
