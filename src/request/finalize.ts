/** The finalize stage: a valid status, a body that is bytes with a length (unless streamed), and byte ranges of it. */
import { Readable } from "node:stream";
import { isBodylessStatus } from "../http/status.js";
import type { Context } from "./context.js";
import { HTTPError } from "./errors.js";
import { applyRanges } from "./ranges.js";
import type { Chunk } from "./response.js";

export function finalize(ctx: Context): void | Promise<void> {
  const { response } = ctx;
  const status: unknown = response.status;
  if (typeof status !== "number" || !Number.isInteger(status)) {
    throw new HTTPError(500, `Illegal response status from server (${JSON.stringify(status)} is non-numeric).`);
  }
  if (status < 100 || status > 599) throw new HTTPError(500, `Illegal response status from server (${status} is out of range).`);

  const headers = response.headers;
  if (isBodylessStatus(status)) {
    closeBody(response.body);
    response.body = undefined;
    // 205 says "no content" with a length of 0 (RFC 9110 §15.3.6); the others have no length at all.
    if (status === 205) headers.set("Content-Length", 0);
    else headers.delete("Content-Length");
    return;
  }
  if (response.stream && !(typeof response.body === "string" || response.body instanceof Uint8Array)) {
    if (!headers.has("Content-Type")) headers.set("Content-Type", "text/html;charset=utf-8");
    return;
  }
  // A string stays a string: node:http then sends head and body in one write instead of a writev.
  const raw = response.body;
  if (typeof raw === "string" || Buffer.isBuffer(raw)) return finishBody(ctx, raw);
  return collapse(raw).then((bytes) => finishBody(ctx, bytes));
}

/** Content-Type, Content-Length (checked against one the handler set) and byte ranges of a whole body. */
function finishBody(ctx: Context, body: string | Buffer): void {
  const { response } = ctx;
  const headers = response.headers;
  const status = response.status;
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.length;
  response.body = body;
  if (length > 0 && !headers.has("Content-Type")) headers.set("Content-Type", "text/html;charset=utf-8");
  const declared = headers.get("Content-Length");
  if (declared === undefined) headers.set("Content-Length", length);
  else if (Number(declared) !== length) {
    headers.delete("Content-Length");
    throw new HTTPError(500, `The response's Content-Length (${declared}) does not match its body (${length} bytes).`);
  }
  if (status === 200) response.body = applyRanges(ctx, body, length);
}

const EMPTY = Buffer.alloc(0);

/** Any body a handler may return, as one Buffer. */
export async function collapse(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return EMPTY;
  if (typeof body === "string") return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (isIterable(body) || isAsyncIterable(body)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<unknown>) chunks.push(toBuffer(chunk));
    return Buffer.concat(chunks);
  }
  throw new TypeError(
    `The handler returned ${typeof body === "object" ? "an object" : `a ${typeof body}`}, which is not a body: return a string, bytes or an iterable of them, or turn on tools.jsonOut to send it as JSON.`,
  );
}

export function toBuffer(chunk: unknown): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk);
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk === undefined || chunk === null) return EMPTY;
  throw new TypeError(`A body chunk must be a string or bytes, got ${typeof chunk}.`);
}

export function isIterable(value: unknown): value is Iterable<Chunk> {
  return typeof value === "object" && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<Chunk> {
  return typeof value === "object" && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
}

/** Releases a body that will not be written (generators get return(), streams are destroyed). */
export function closeBody(body: unknown): void {
  if (body instanceof Readable) body.destroy();
  else if (typeof body === "object" && body !== null && typeof (body as Generator).return === "function") {
    void Promise.resolve((body as Generator).return(undefined)).catch(() => undefined);
  }
}
