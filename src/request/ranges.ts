/**
 * Range requests for responses (RFC 9110 §14): which requests get byte ranges, and the 206/416
 * answer for a buffered body. Static files use selectRanges and stream the parts themselves.
 *
 * As in CherryPy, ranges need HTTP/1.1; they also need `response.ranges` (default true). Only GET
 * is served ranges (the only method RFC 9110 defines them for); GET and HEAD 200s say
 * `Accept-Ranges: bytes`. If-Range (an ETag, compared strongly, or a date) must match the
 * response's ETag or Last-Modified, otherwise the whole body is sent.
 */
import { ifRangeAllows } from "../http/conditional.js";
import { parseHttpDate } from "../http/dates.js";
import { contentRange, multipartByteranges, parseRange, unsatisfiedRange, type ByteRange } from "../http/ranges.js";
import type { Context } from "./context.js";
import { atLeastHttp11 } from "../http/request-target.js";
import { HTTPError } from "./errors.js";


/**
 * The ranges to send for a representation of `size` bytes whose validators are the response's
 * ETag and Last-Modified: undefined for the full body, "unsatisfiable" for a 416, else the ranges
 * in request order. Sets `Accept-Ranges: bytes` when ranges are offered at all.
 */
export function selectRanges(ctx: Context, size: number): ByteRange[] | "unsatisfiable" | undefined {
  const { request, response } = ctx;
  const headers = response.headers;
  if (ctx.route?.config["response.ranges"] === false || !atLeastHttp11(request.protocol)) return undefined;
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  // A handler that said "Accept-Ranges: none" (or something else) keeps its word.
  const accept = headers.get("Accept-Ranges");
  if (accept !== undefined && accept.trim().toLowerCase() !== "bytes") return undefined;
  if (accept === undefined) headers.set("Accept-Ranges", "bytes");
  if (request.method !== "GET") return undefined;
  const header = request.headers.get("range");
  if (header === undefined) return undefined;
  const lastModified = headers.get("Last-Modified");
  const current = { etag: headers.get("ETag"), lastModified: lastModified === undefined ? undefined : parseHttpDate(lastModified) };
  if (!ifRangeAllows(request.headers.get("if-range"), current)) return undefined;
  return parseRange(header, size);
}

/** Sets `Content-Range: bytes *\/size` and throws the 416 (the error page keeps that header). */
export function rangeNotSatisfiable(ctx: Context, size: number): never {
  ctx.response.headers.set("Content-Range", unsatisfiedRange(size));
  throw new HTTPError(416);
}

/**
 * Answers a Range request on a buffered 200 body: one range → 206 with Content-Range, several →
 * 206 multipart/byteranges (parts in request order), none satisfiable → 416. Leaves the response
 * alone when ranges do not apply. Returns the body to send.
 */
export function applyRanges(ctx: Context, text: Buffer | string, size: number): Buffer | string {
  const { response } = ctx;
  const headers = response.headers;
  if (response.status !== 200 || headers.has("Content-Range")) return text;
  const ranges = selectRanges(ctx, size);
  if (ranges === undefined) return text;
  if (ranges === "unsatisfiable") rangeNotSatisfiable(ctx, size);
  const body: Buffer = typeof text === "string" ? Buffer.from(text) : text;
  response.status = 206;
  if (ranges.length === 1) {
    const range = ranges[0]!;
    headers.set("Content-Range", contentRange(range, body.length));
    const part = body.subarray(range.start, range.end + 1);
    headers.set("Content-Length", part.length);
    return part;
  }
  const multipart = multipartByteranges(body, ranges, { contentType: headers.get("Content-Type") });
  headers.set("Content-Type", multipart.contentType);
  headers.set("Content-Length", multipart.body.length);
  return multipart.body;
}
