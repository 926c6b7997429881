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
import { evaluatePreconditions } from "../http/conditional.js";
import { parseHttpDate } from "../http/dates.js";
import { RequestHeaders } from "../http/headers.js";
import { splitNames } from "../http/vary.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import { collapse } from "../request/finalize.js";
import type { Invoke, RouteBuilder } from "../request/route.js";
import { MemoryStore, type CacheEntry, type CacheStore } from "./cache-store.js";
import { Tool } from "./tool.js";

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

interface Settings {
  delay: number;
  maxobjSize: number;
  maxsize: number;
  maxobjects: number;
  timeout: number;
  invalidMethods: ReadonlySet<string>;
  store: CacheStore | undefined;
  debug: boolean;
}

/** What the lookup decided for one request, read by the wrapper, the tee and the release hook. */
interface Pending {
  cache: ResponseCache;
  uri: string;
  /** Set on a hit: the body to serve (undefined for a 304). */
  hit?: { body: Uint8Array | undefined };
  /** Set when the response is to be stored. */
  ticket?: Ticket;
  /** Set for an unsafe method: drop the URI's variants again once the handler is done. */
  invalidates?: boolean;
}

const PENDING = Symbol("orchard.caching");
/** The wrapper sits outside every other one, whatever their priorities. */
const OUTERMOST = Number.MIN_SAFE_INTEGER;
const TEE_PRIORITY = 100;
/** Bounds the wait loop; each round waits for a computation to end (or the deadline). */
const MAX_ROUNDS = 8;

export class CachingTool extends Tool<CachingArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, { ...options, args: ARGS, validate });
  }

  override attach(route: RouteBuilder, args: CachingArgs, priority: number): void {
    const settings: Settings = {
      delay: args.delay ?? 600,
      maxobjSize: args.maxobjSize ?? 100_000,
      maxsize: args.maxsize ?? 10_000_000,
      maxobjects: args.maxobjects ?? 1000,
      timeout: (args.antistampedeTimeout ?? 5) * 1000,
      invalidMethods: new Set((args.invalidMethods ?? ["POST", "PUT", "PATCH", "DELETE"]).map((m) => m.toUpperCase())),
      store: args.store,
      debug: args.debug ?? false,
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

// --- the store, per application, and in-flight computations, per store

const defaultStores = new WeakMap<object, Map<string, MemoryStore>>();
const caches = new WeakMap<CacheStore, ResponseCache>();

/** The application's MemoryStore for these limits: routes with the same limits share it. */
function storeFor(ctx: Context, settings: Settings): CacheStore {
  if (settings.store !== undefined) return settings.store;
  let stores = defaultStores.get(ctx.app);
  if (stores === undefined) defaultStores.set(ctx.app, (stores = new Map()));
  const key = `${settings.maxobjects}/${settings.maxsize}`;
  let store = stores.get(key);
  if (store === undefined) stores.set(key, (store = new MemoryStore({ maxObjects: settings.maxobjects, maxSize: settings.maxsize })));
  return store;
}

function cacheFor(store: CacheStore): ResponseCache {
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, (cache = new ResponseCache(store)));
  return cache;
}

/** A request that means to store its response; the owner of a flight when others may wait for it. */
interface Ticket {
  readonly uri: string;
  /** Set when an unsafe request hit the URI meanwhile: the response may be stale, so it is not stored. */
  invalidated: boolean;
  flight: Flight | undefined;
  release(): void;
}

/** A variant being computed: later requests for it wait on `done` instead of computing it again. */
interface Flight {
  readonly key: string;
  readonly since: number;
  readonly done: Promise<void>;
  end(): void;
}

/** A store with this process's coordination: in-flight computations and requests about to store. */
class ResponseCache {
  readonly store: CacheStore;
  readonly #flights = new Map<string, Flight>();
  readonly #tickets = new Set<Ticket>();

  constructor(store: CacheStore) {
    this.store = store;
  }

  flight(key: string): Flight | undefined {
    return this.#flights.get(key);
  }

  /** Ends a flight: removes it and wakes its waiters. Safe to call twice or after a takeover. */
  #land(flight: Flight): void {
    if (this.#flights.get(flight.key) === flight) this.#flights.delete(flight.key);
    flight.end();
  }

  /** A flight whose owner never finished (a lost request): its waiters are woken and it is forgotten. */
  abandon(flight: Flight): void {
    this.#land(flight);
  }

  /** Registers a request that will store its response; with `flightKey`, others may wait for it. */
  open(uri: string, flightKey: string | undefined): Ticket {
    let flight: Flight | undefined;
    if (flightKey !== undefined) {
      let end = () => {};
      const done = new Promise<void>((resolve) => (end = resolve));
      flight = { key: flightKey, since: Date.now(), done, end };
      this.#flights.set(flightKey, flight);
    }
    const ticket: Ticket = {
      uri,
      invalidated: false,
      flight,
      release: () => {
        this.#tickets.delete(ticket);
        if (ticket.flight !== undefined) this.#land(ticket.flight);
        ticket.flight = undefined;
      },
    };
    this.#tickets.add(ticket);
    return ticket;
  }

  /** Drops every stored variant of the URI; responses being computed for it will not be stored. */
  async invalidate(uri: string): Promise<void> {
    for (const ticket of this.#tickets) if (ticket.uri === uri) ticket.invalidated = true;
    await this.store.delete(uri);
  }
}

/** Waits until the flight ends or `ms` pass, whichever comes first; never leaves a timer behind. */
function waitFor(flight: Flight, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([flight.done, timeUp]).finally(() => clearTimeout(timer));
}

// --- request and response Cache-Control

interface RequestDirectives {
  noCache: boolean;
  noStore: boolean;
  onlyIfCached: boolean;
  /** Seconds; the client refuses a stored response this old or older. */
  maxAge: number | undefined;
  /** Seconds the stored response must stay fresh for. */
  minFresh: number | undefined;
}

function requestDirectives(headers: RequestHeaders): RequestDirectives {
  const header = quietGet(headers, "cache-control");
  const found = directives(header);
  const seconds = (name: string): number | undefined => {
    if (!found.has(name)) return undefined;
    const value = deltaSeconds(found.get(name));
    if (value === undefined) throw new HTTPError(400, `Invalid Cache-Control header: ${name} needs a number of seconds.`);
    return value;
  };
  return {
    // Pragma counts only without Cache-Control (RFC 9111 §5.4).
    noCache: found.has("no-cache") || (header === undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(quietGet(headers, "pragma") ?? "")),
    noStore: found.has("no-store"),
    onlyIfCached: found.has("only-if-cached"),
    maxAge: seconds("max-age"),
    minFresh: seconds("min-fresh"),
  };
}

/** Cache-Control directives by lower-case name, with their unquoted argument (first one wins). */
function directives(header: string | undefined): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  if (header === undefined) return found;
  for (const part of splitOutsideQuotes(header)) {
    const eq = part.indexOf("=");
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === "" || found.has(name)) continue;
    let value = eq === -1 ? undefined : part.slice(eq + 1).trim();
    if (value !== undefined && value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    found.set(name, value);
  }
  return found;
}

function splitOutsideQuotes(header: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

/** delta-seconds (RFC 9111 §1.2.2): digits only; huge values are capped at 2^31. */
function deltaSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), 2 ** 31);
}

/**
 * Reads a request header without the read being noticed: the autovary tool swaps in a view that
 * records reads, and Cache-Control or If-Modified-Since must not end up in Vary because of the cache.
 */
function quietGet(headers: RequestHeaders, name: string): string | undefined {
  if (headers.constructor === RequestHeaders) return headers.get(name);
  const values: string[] = [];
  for (const [key, value] of headers.entries()) if (key === name) values.push(value);
  return values.length === 0 ? undefined : values.join(", ");
}

/** The variant key: the values of the selecting headers, in order (an absent header is null). */
function variantOf(vary: readonly string[], headers: RequestHeaders): string {
  return JSON.stringify(vary.map((name) => quietGet(headers, name)?.trim() ?? null));
}

// --- beforeHandler: invalidate, or look up and serve

async function lookup(ctx: Context, settings: Settings): Promise<void> {
  const { request } = ctx;
  request.cached = false;
  request.cacheable = false;
  const method = request.method;
  const uri = request.url;
  if (settings.invalidMethods.has(method)) {
    const cache = cacheFor(storeFor(ctx, settings));
    ctx.state.set(PENDING, { cache, uri, invalidates: true } satisfies Pending);
    await invalidate(ctx, settings, cache, uri);
    return;
  }
  if (method !== "GET" && method !== "HEAD") return;
  const wants = requestDirectives(request.headers);
  const cache = cacheFor(storeFor(ctx, settings));
  const pending: Pending = { cache, uri };
  ctx.state.set(PENDING, pending);

  let flightKey: string | undefined;
  if (!wants.noCache) {
    const deadline = Date.now() + settings.timeout;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const vary = await guarded(ctx, () => cache.store.varyOf(uri), undefined);
      const variant = vary === undefined ? undefined : variantOf(vary, request.headers);
      const entry = variant === undefined ? undefined : await guarded(ctx, () => cache.store.get(uri, variant), undefined);
      if (entry !== undefined && usable(entry, wants)) {
        serveHit(ctx, pending, entry);
        note(ctx, settings, `hit ${uri} (age ${ageOf(entry)} s)`);
        return;
      }
      if (wants.onlyIfCached) throw new HTTPError(504, "The response is not in the cache (only-if-cached).");
      // Until a response tells which headers select variants, the whole URI is one flight.
      flightKey = settings.timeout > 0 ? (variant === undefined ? uri : `${uri}\u0000${variant}`) : undefined;
      const flight = flightKey === undefined ? undefined : cache.flight(flightKey);
      if (flight === undefined) break;
      if (Date.now() - flight.since >= settings.timeout) {
        note(ctx, settings, `took over ${uri} from a request that did not finish in time`);
        cache.abandon(flight);
        break;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        flightKey = undefined;
        break;
      }
      note(ctx, settings, `waiting for ${uri} being computed`);
      await waitFor(flight, left);
      if (round === MAX_ROUNDS - 1) flightKey = undefined;
    }
  }
  if (method === "GET" && !wants.noStore) {
    pending.ticket = cache.open(uri, flightKey);
    request.cacheable = true;
  }
  note(ctx, settings, `miss ${uri}`);
}

function usable(entry: CacheEntry, wants: RequestDirectives): boolean {
  const now = Date.now();
  if (now >= entry.expires) return false;
  if (wants.maxAge !== undefined && now - entry.created >= wants.maxAge * 1000) return false;
  if (wants.minFresh !== undefined && entry.expires - now < wants.minFresh * 1000) return false;
  return true;
}

function ageOf(entry: CacheEntry): number {
  return Math.max(0, Math.floor((Date.now() - entry.created) / 1000));
}

/** Headers a 304 leaves out: representation metadata (RFC 9110 §15.4.5), as CherryPy drops them. */
const NOT_IN_304 = ["Content-Type", "Content-Encoding", "Content-Language", "Content-Length", "Content-Range", "Last-Modified"];

function serveHit(ctx: Context, pending: Pending, entry: CacheEntry): void {
  const { request, response } = ctx;
  request.cached = true;
  request.cacheable = false;
  const headers = response.headers;
  for (const [name] of entry.headers) headers.delete(name);
  for (const [name, value] of entry.headers) headers.append(name, value);
  headers.set("Age", String(ageOf(entry)));
  // A cache answers If-None-Match and If-Modified-Since for what it stores (RFC 9111 §4.3.2); the
  // origin-only If-Match and If-Unmodified-Since are left to the route's own tools.
  const fresh = evaluatePreconditions(
    request.method,
    { ifNoneMatch: quietGet(request.headers, "if-none-match"), ifModifiedSince: quietGet(request.headers, "if-modified-since") },
    { etag: headers.get("ETag"), lastModified: parseHttpDate(headers.get("Last-Modified")) },
  );
  if (fresh === "not-modified") {
    response.status = 304;
    for (const name of NOT_IN_304) headers.delete(name);
    pending.hit = { body: undefined };
  } else {
    response.status = entry.status;
    pending.hit = { body: entry.body };
  }
}

async function invalidate(ctx: Context, settings: Settings, cache: ResponseCache, uri: string): Promise<void> {
  await guarded(ctx, () => cache.invalidate(uri), undefined);
  note(ctx, settings, `invalidated ${uri} (${ctx.request.method})`);
}

// --- the handler wrapper

/** On a hit, the stored body instead of the handler (and every wrapper inside this one). */
function serveOrRun(next: Invoke): Invoke {
  return (ctx) => {
    const pending = ctx.state.get(PENDING) as Pending | undefined;
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

const NOT_STORED = new Set(["content-length", "date", "age", "connection", "keep-alive", "transfer-encoding", "set-cookie"]);

async function tee(ctx: Context, settings: Settings): Promise<void> {
  const pending = ctx.state.get(PENDING) as Pending | undefined;
  const ticket = pending?.ticket;
  if (pending === undefined || ticket === undefined) return;
  try {
    const entry = await storable(ctx, settings);
    if (typeof entry === "string") note(ctx, settings, `not stored ${pending.uri}: ${entry}`);
    else if (ticket.invalidated) note(ctx, settings, `not stored ${pending.uri}: invalidated while computed`);
    else {
      await guarded(ctx, () => pending.cache.store.set(pending.uri, variantOf(entry.vary, ctx.request.headers), entry), undefined);
      note(ctx, settings, `stored ${pending.uri} (${entry.body.length} bytes)`);
    }
  } finally {
    ticket.release();
  }
}

/** The entry to store, or why the response is not stored. */
async function storable(ctx: Context, settings: Settings): Promise<CacheEntry | string> {
  const { request, response } = ctx;
  const headers = response.headers;
  if (!request.cacheable) return "request.cacheable is false";
  if (response.status !== 200) return `status ${response.status}`;
  if (response.hasCookies || headers.has("Set-Cookie")) return "it sets cookies";
  const control = directives(headers.get("Cache-Control"));
  for (const name of ["no-store", "private", "no-cache"]) if (control.has(name)) return `Cache-Control: ${name}`;
  if (/(^|,)\s*no-cache\s*(,|$)/i.test(headers.get("Pragma") ?? "")) return "Pragma: no-cache";
  const vary = splitNames(headers.get("Vary") ?? "").map((name) => name.toLowerCase());
  if (vary.includes("*")) return "Vary: *";
  // A shared cache stores answers to authorized requests only when they say so (RFC 9111 §3.5).
  if (quietGet(request.headers, "authorization") !== undefined && !["public", "s-maxage", "must-revalidate"].some((d) => control.has(d))) {
    return "the request has Authorization";
  }
  const lifetime = deltaSeconds(control.get("s-maxage")) ?? deltaSeconds(control.get("max-age")) ?? settings.delay;
  if (lifetime <= 0) return "no freshness lifetime";
  const body = response.body;
  if (response.stream && !(typeof body === "string" || body instanceof Uint8Array)) return "the body is streamed";
  const declared = headers.get("Content-Length");
  if (declared !== undefined && Number(declared) > settings.maxobjSize) return `${declared} bytes is over maxobjSize`;
  const bytes = await collapse(body);
  response.body = bytes;
  if (bytes.length > settings.maxobjSize) return `${bytes.length} bytes is over maxobjSize`;
  if (declared !== undefined && Number(declared) !== bytes.length) return "its Content-Length does not match the body";
  const stored: Array<[string, string]> = [];
  for (const [name, value] of headers.entries()) if (!NOT_STORED.has(name.toLowerCase())) stored.push([name, value]);
  const created = response.time;
  return { status: response.status, headers: stored, body: Buffer.from(bytes), created, expires: created + lifetime * 1000, vary };
}

// --- onEndRequest: nothing is left waiting

function release(ctx: Context): void {
  (ctx.state.get(PENDING) as Pending | undefined)?.ticket?.release();
}

/** Runs a store call; a failing store (a shared one that is down) is logged and treated as a miss. */
async function guarded<T>(ctx: Context, call: () => T | Promise<T>, fallback: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    ctx.app.log("The cache store failed; serving without it", "warning", error, "TOOLS.CACHING");
    return fallback;
  }
}

function note(ctx: Context, settings: Settings, message: string): void {
  if (settings.debug) ctx.app.log(message, "debug", undefined, "TOOLS.CACHING");
}
