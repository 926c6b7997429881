/**
 * The caching tool at beforeHandler: an unsafe method drops the URI's variants; a GET or HEAD is
 * served a fresh stored variant, or waits while another request computes it, or gets a ticket to
 * compute and store it.
 */
import { deltaSeconds, parseCacheControl, pragmaNoCache } from "../../http/cache-control.js";
import { evaluatePreconditions } from "../../http/conditional.js";
import { parseHttpDate } from "../../http/dates.js";
import type { RequestHeaders, ResponseHeaders } from "../../http/headers.js";
import type { Context } from "../../request/context.js";
import { HTTPError } from "../../request/errors.js";
import type { Request } from "../../request/request.js";
import { waitFor, type ResponseCache } from "./stampede.js";
import { guarded, setPending, type Pending, type Settings } from "./state.js";
import type { CacheEntry } from "./store.js";
import { quietGet, variantOf } from "./variant.js";

/** Bounds the wait loop; each round waits for a computation to end (or the deadline). */
const MAX_ROUNDS = 8;

// --- request Cache-Control

interface RequestDirectives {
  readonly noCache: boolean;
  readonly noStore: boolean;
  readonly onlyIfCached: boolean;
  /** Seconds; the client refuses a stored response this old or older. */
  readonly maxAge: number | undefined;
  /** Seconds the stored response must stay fresh for. */
  readonly minFresh: number | undefined;
}

const NO_DIRECTIVES: RequestDirectives = Object.freeze({ noCache: false, noStore: false, onlyIfCached: false, maxAge: undefined, minFresh: undefined });
const PRAGMA_NO_CACHE: RequestDirectives = Object.freeze({ ...NO_DIRECTIVES, noCache: true });

function requestDirectives(headers: RequestHeaders): RequestDirectives {
  const header = quietGet(headers, "cache-control");
  // Pragma counts only without Cache-Control (RFC 9111 §5.4).
  if (header === undefined) return pragmaNoCache(quietGet(headers, "pragma")) ? PRAGMA_NO_CACHE : NO_DIRECTIVES;
  const found = parseCacheControl(header);
  return {
    noCache: found.has("no-cache"),
    noStore: found.has("no-store"),
    onlyIfCached: found.has("only-if-cached"),
    maxAge: seconds(found, "max-age"),
    minFresh: seconds(found, "min-fresh"),
  };
}

function seconds(directives: ReadonlyMap<string, string | undefined>, name: string): number | undefined {
  if (!directives.has(name)) return undefined;
  const value = deltaSeconds(directives.get(name));
  if (value === undefined) throw new HTTPError(400, `Invalid Cache-Control header: ${name} needs a number of seconds.`);
  return value;
}

/** The stored variant a request selects, and its key (both undefined when nothing is stored for the URI). */
interface Found {
  readonly variant: string | undefined;
  readonly entry: CacheEntry | undefined;
}

const NOTHING: Found = Object.freeze({ variant: undefined, entry: undefined });

export function lookup(ctx: Context, settings: Settings): void | Promise<void> {
  const { request } = ctx;
  request.cached = false;
  request.cacheable = false;
  const method = request.method;
  const uri = request.url;
  if (settings.invalidMethods.has(method)) return invalidateFirst(ctx, settings, uri);
  if (method !== "GET" && method !== "HEAD") return;
  const wants = requestDirectives(request.headers);
  const cache = settings.cacheFor(ctx);
  const pending: Pending = { cache, uri };
  setPending(ctx, pending);
  if (wants.noCache) return admit(ctx, settings, pending, wants, undefined);
  const deadline = Date.now() + settings.timeout;
  const first = find(ctx, cache, uri);
  // A store that answers synchronously (MemoryStore) serves a hit without awaiting anything.
  if (first instanceof Promise) return first.then((found) => serveOrWait(ctx, settings, pending, wants, found, deadline));
  return serveOrWait(ctx, settings, pending, wants, first, deadline);
}

function serveOrWait(ctx: Context, settings: Settings, pending: Pending, wants: RequestDirectives, found: Found, deadline: number): void | Promise<void> {
  if (serveIfUsable(ctx, settings, pending, wants, found)) return;
  return waitOrAdmit(ctx, settings, pending, wants, found, deadline);
}

/** After a miss: waits while another request computes the variant, then serves what it stored or computes. */
async function waitOrAdmit(ctx: Context, settings: Settings, pending: Pending, wants: RequestDirectives, found: Found, deadline: number): Promise<void> {
  const { cache, uri } = pending;
  let flightKey: string | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (wants.onlyIfCached) throw new HTTPError(504, "The response is not in the cache (only-if-cached).");
    // Until a response tells which headers select variants, the whole URI is one flight.
    flightKey = settings.timeout > 0 ? (found.variant === undefined ? uri : `${uri}\u0000${found.variant}`) : undefined;
    const flight = flightKey === undefined ? undefined : cache.flight(flightKey);
    if (flight === undefined) break;
    if (Date.now() - flight.since >= settings.timeout) {
      settings.note?.(ctx, `took over ${uri} from a request that did not finish in time`);
      cache.land(flight);
      break;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      flightKey = undefined;
      break;
    }
    settings.note?.(ctx, `waiting for ${uri} being computed`);
    await waitFor(flight, left);
    if (round === MAX_ROUNDS - 1) {
      flightKey = undefined;
      break;
    }
    found = await find(ctx, cache, uri);
    if (serveIfUsable(ctx, settings, pending, wants, found)) return;
  }
  admit(ctx, settings, pending, wants, flightKey);
}

/** The request computes the response; a GET without no-store gets a ticket to store it. */
function admit(ctx: Context, settings: Settings, pending: Pending, wants: RequestDirectives, flightKey: string | undefined): void {
  if (ctx.request.method === "GET" && !wants.noStore) {
    pending.ticket = pending.cache.open(pending.uri, flightKey);
    ctx.request.cacheable = true;
  }
  settings.note?.(ctx, `miss ${pending.uri}`);
}

function find(ctx: Context, cache: ResponseCache, uri: string): Found | Promise<Found> {
  const vary = guarded(ctx, () => cache.store.varyOf(uri), undefined);
  return vary instanceof Promise ? vary.then((names) => findVariant(ctx, cache, uri, names)) : findVariant(ctx, cache, uri, vary);
}

function findVariant(ctx: Context, cache: ResponseCache, uri: string, vary: readonly string[] | undefined): Found | Promise<Found> {
  if (vary === undefined) return NOTHING;
  const variant = variantOf(vary, ctx.request.headers);
  const entry = guarded(ctx, () => cache.store.get(uri, variant), undefined);
  return entry instanceof Promise ? entry.then((stored) => ({ variant, entry: stored })) : { variant, entry };
}

function serveIfUsable(ctx: Context, settings: Settings, pending: Pending, wants: RequestDirectives, found: Found): boolean {
  const entry = found.entry;
  if (entry === undefined || !usable(entry, wants)) return false;
  serveHit(ctx, pending, entry);
  settings.note?.(ctx, `hit ${pending.uri} (age ${ageOf(entry)} s)`);
  return true;
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
  if (notModified(request, headers)) {
    response.status = 304;
    for (const name of NOT_IN_304) headers.delete(name);
    pending.hit = { body: undefined };
  } else {
    response.status = entry.status;
    pending.hit = { body: entry.body };
  }
}

/**
 * A cache answers If-None-Match and If-Modified-Since for what it stores (RFC 9111 §4.3.2); the
 * origin-only If-Match and If-Unmodified-Since are left to the route's own tools.
 */
function notModified(request: Request, headers: ResponseHeaders): boolean {
  const ifNoneMatch = quietGet(request.headers, "if-none-match");
  const ifModifiedSince = quietGet(request.headers, "if-modified-since");
  if (ifNoneMatch === undefined && ifModifiedSince === undefined) return false;
  const current = { etag: headers.get("ETag"), lastModified: parseHttpDate(headers.get("Last-Modified")) };
  return evaluatePreconditions(request.method, { ifNoneMatch, ifModifiedSince }, current) === "not-modified";
}

async function invalidateFirst(ctx: Context, settings: Settings, uri: string): Promise<void> {
  const cache = settings.cacheFor(ctx);
  setPending(ctx, { cache, uri, invalidates: true });
  await guarded(ctx, () => cache.invalidate(uri), undefined);
  settings.note?.(ctx, `invalidated ${uri} (${ctx.request.method})`);
}
