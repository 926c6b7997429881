/** What the caching tool's hooks share: a route's settings, a request's pending decision, and store calls that survive a failing store. */
import type { Context } from "../../request/context.js";
import type { ResponseCache, Ticket } from "./stampede.js";
import type { Awaitable } from "./store.js";

/** One route's settings, fixed when the route compiles. */
export interface Settings {
  /** Seconds a response stays fresh when it does not say (s-maxage, max-age). */
  readonly delay: number;
  /** Bodies larger than this many bytes are not stored. */
  readonly maxobjSize: number;
  /** The anti-stampede wait, in ms. */
  readonly timeout: number;
  readonly invalidMethods: ReadonlySet<string>;
  readonly cacheFor: (ctx: Context) => ResponseCache;
  /** Logs a decision; undefined without `debug`, so that `note?.(...)` does not even build the message. */
  readonly note: ((ctx: Context, message: string) => void) | undefined;
}

/** What the lookup decided for one request, read by the wrapper, the tee and the release hook. */
export interface Pending {
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

export function setPending(ctx: Context, pending: Pending): void {
  ctx.state.set(PENDING, pending);
}

export function pendingOf(ctx: Context): Pending | undefined {
  return ctx.state.get(PENDING) as Pending | undefined;
}

/**
 * Runs a store call; a failing store (a shared one that is down) is logged and treated as a miss.
 * A store that answers synchronously is answered synchronously.
 */
export function guarded<T>(ctx: Context, call: () => Awaitable<T>, fallback: T): T | Promise<T> {
  try {
    const result = call();
    if (!isThenable(result)) return result;
    return Promise.resolve(result).catch((error: unknown) => storeFailed(ctx, error, fallback));
  } catch (error) {
    return storeFailed(ctx, error, fallback);
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

function storeFailed<T>(ctx: Context, error: unknown, fallback: T): T {
  ctx.app.log("The cache store failed; serving without it", "warning", error, "TOOLS.CACHING");
  return fallback;
}
