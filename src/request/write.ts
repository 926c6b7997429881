/** Writes a finalized response to whatever wire the server speaks. */
import { reasonPhrase } from "../http/status.js";
import { httpDate } from "../http/dates.js";
import type { Context } from "./context.js";
import { closeBody, toBuffer } from "./finalize.js";

/** What a server gives the pipeline to write on. */
export interface WireResponse {
  readonly headersSent: boolean;
  /** True once the client is gone or the response ended. */
  readonly closed: boolean;
  writeHead(status: number, reason: string, headers: string[]): void;
  /** Returns false when the caller should wait for drain(). */
  write(chunk: Uint8Array): boolean;
  drain(): Promise<void>;
  /** Calls back once, when the client is gone or the response ended. */
  onClose(listener: () => void): void;
  end(chunk?: Uint8Array | string): void;
  /** Cuts the connection (a stream that failed halfway must not look complete). */
  destroy(): void;
}

export function writeResponse(ctx: Context, out: WireResponse): void | Promise<void> {
  const { request, response } = ctx;
  const body = response.body;
  // An unread rest of the body would be taken for the next request: close after this response.
  if (request.body.abandoned) response.headers.set("Connection", "close");
  // Date from the response's own clock, so Expires (response time + secs) and Date agree to the second.
  if (!response.headers.has("Date")) response.headers.set("Date", httpDate(response.time));
  // Cookies become headers here, once, whichever way the response was finalized.
  if (response.hasCookies) for (const cookie of response.cookies.values()) response.headers.append("Set-Cookie", cookie);
  out.writeHead(response.status, response.reason ?? reasonPhrase(response.status), response.headers.toRaw());
  if (body === undefined || body === null || request.method === "HEAD") {
    closeBody(body);
    out.end();
    return;
  }
  if (body instanceof Uint8Array || typeof body === "string") {
    out.end(body);
    return;
  }
  return writeStream(ctx, out, body);
}

/** A streamed body, chunk by chunk, waiting for the socket to drain. */
async function writeStream(ctx: Context, out: WireResponse, body: unknown): Promise<void> {
  const { request, response } = ctx;
  request.stage = "write";
  // A streamed body with a declared length must match it: more would desync the connection.
  const declared = Number(response.headers.get("Content-Length") ?? Infinity);
  let left = Number.isFinite(declared) ? declared : Infinity;
  const chunks = iteratorOf(body);
  // A client that leaves while the body waits for its next chunk (an event stream) ends it at once.
  const gone = new Promise<typeof GONE>((resolve) => out.onClose(() => resolve(GONE)));
  let finished = false;
  try {
    for (;;) {
      const step = await Promise.race([chunks.next(), gone]);
      if (step !== GONE && step.done === true) {
        finished = true;
        break;
      }
      // A synchronous generator always wins the race, so ask the wire as well.
      if (step === GONE || out.closed) break;
      const bytes = toBuffer(step.value);
      const fits = bytes.length <= left ? bytes : bytes.subarray(0, left);
      left -= fits.length;
      if (fits.length > 0 && !out.write(fits)) await out.drain();
      if (fits !== bytes) {
        ctx.log(`The streamed body is longer than its Content-Length (${declared}); it was truncated`, "error");
        break;
      }
    }
    if (left > 0 && left !== Infinity && !out.closed) {
      ctx.log(`The streamed body ended ${left} bytes short of its Content-Length (${declared}); the connection was cut`, "error");
      out.destroy();
      return;
    }
    out.end();
  } catch (error) {
    finished = true;
    // The status is already on the wire: all that is left is to cut the stream short.
    ctx.log("Error while streaming the response body; the connection was cut", "error", error);
    out.destroy();
  } finally {
    // Not awaited: a generator stuck waiting would otherwise hold the request open.
    if (!finished) void Promise.resolve(chunks.return?.()).catch(() => undefined);
  }
}

const GONE = Symbol("gone");

/** One async iterator over any streamable body (async iterables, Readables, generators, arrays). */
function iteratorOf(body: unknown): AsyncIterator<unknown> {
  const asyncIterable = body as Partial<AsyncIterable<unknown>>;
  const makeAsync = asyncIterable[Symbol.asyncIterator];
  if (typeof makeAsync === "function") return makeAsync.call(body);
  const iterator = (body as Iterable<unknown>)[Symbol.iterator]();
  return {
    next: () => Promise.resolve(iterator.next()),
    return: (value?: unknown) => Promise.resolve(iterator.return?.(value) ?? { done: true as const, value }),
  };
}

export function writeBareError(out: WireResponse): void {
  if (out.headersSent) {
    out.destroy();
    return;
  }
  out.writeHead(500, "Internal Server Error", ["Content-Type", "text/plain;charset=utf-8", "Connection", "close"]);
  out.end("Unrecoverable error in the server.");
}
