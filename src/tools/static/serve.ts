/**
 * Serving files from handlers and the static tools: serveFile, serveFileobj, serveDownload.
 *
 * A file gets Content-Type (by extension), Content-Length, Last-Modified and a weak ETag from its
 * size and mtime; conditional requests get 304/412; Range requests get 206 (one part, or
 * multipart/byteranges) or 416. The bytes are streamed from disk, each read waiting for the
 * socket to drain; the file is opened only once the body is written (never for HEAD or a 304).
 */
import { createReadStream, type Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, isAbsolute } from "node:path";
import type { Readable } from "node:stream";
import { evaluatePreconditions } from "../../http/conditional.js";
import { contentDisposition } from "../../http/content-disposition.js";
import { httpDate } from "../../http/dates.js";
import { contentRange, multipartByterangesLayout, type ByteRange } from "../../http/ranges.js";
import type { Context } from "../../request/context.js";
import { HTTPError, NotFound } from "../../request/errors.js";
import { rangeNotSatisfiable, selectRanges } from "../../request/ranges.js";
import { notModified, requestConditions } from "../etags.js";
import { contentTypeFor, contentTypeTable, DEFAULT_CONTENT_TYPE } from "./content-types.js";

export interface ServeOptions {
  /** The Content-Type; by default from the file's extension. */
  contentType?: string;
  /** `attachment` or `inline`: adds Content-Disposition with the file name. */
  disposition?: string;
  /** The file name the client sees in Content-Disposition (default: the file's own name). */
  name?: string;
  /** Extension → Content-Type, over the built-in table (`{ md: "text/markdown" }`). */
  contentTypes?: Readonly<Record<string, string>>;
}

/**
 * Serves a file: sets the status and headers and returns the body, so a handler ends with
 * `return serveFile(ctx, path)`. The path must be absolute. A missing file or a directory → 404.
 */
export async function serveFile(ctx: Context, path: string, options: ServeOptions = {}): Promise<AsyncGenerator<Buffer> | undefined> {
  if (!isAbsolute(path)) throw new TypeError(`serveFile needs an absolute path, got ${JSON.stringify(path)}`);
  const stats = await fileStats(path);
  if (stats === undefined) throw new NotFound(ctx.request.scriptName + ctx.request.pathInfo);
  return serveStats(ctx, path, stats, { ...options, types: contentTypeTable(options.contentTypes) });
}

/** serveFile as an attachment: `Content-Disposition: attachment; filename=…`, sent as bytes. */
export function serveDownload(ctx: Context, path: string, name?: string): Promise<AsyncGenerator<Buffer> | undefined> {
  return serveFile(ctx, path, { contentType: DEFAULT_CONTENT_TYPE, disposition: "attachment", name: name ?? basename(path) });
}

export interface ServeFileobjOptions {
  /** Default application/octet-stream. */
  contentType?: string;
  disposition?: string;
  /** The file name for Content-Disposition; required with `disposition`. */
  name?: string;
  /** The stream's length in bytes, sent as Content-Length (otherwise it is sent chunked). */
  size?: number;
}

/**
 * Serves bytes or a stream that is not a file on disk. Bytes are buffered and get Range support
 * from the pipeline; a stream is streamed as it is (Content-Length when `size` is given, no ranges).
 */
export function serveFileobj<T extends Uint8Array | string | Readable | AsyncIterable<Uint8Array>>(ctx: Context, source: T, options: ServeFileobjOptions = {}): T {
  const headers = ctx.response.headers;
  headers.set("Content-Type", options.contentType ?? DEFAULT_CONTENT_TYPE);
  if (options.disposition !== undefined) {
    if (options.name === undefined) throw new TypeError("serveFileobj: a disposition needs a name");
    headers.set("Content-Disposition", contentDisposition(options.disposition, options.name));
  }
  if (typeof source === "string" || source instanceof Uint8Array) {
    ctx.response.stream = false;
    return source;
  }
  ctx.response.stream = true;
  if (options.size !== undefined) headers.set("Content-Length", options.size);
  return source;
}

/** A regular file's stats, or undefined when there is no file there (missing, a directory, a bad name). */
export async function fileStats(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "ENAMETOOLONG" || code === "ELOOP" || code === "EINVAL";
}

/** The weak tag of a file: it changes with the size and the modification time. */
export function fileEtag(stats: Stats): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

/** Answers with a file already stat'ed (the static tools look before they take over the handler). */
export function serveStats(
  ctx: Context,
  path: string,
  stats: Stats,
  options: Omit<ServeOptions, "contentTypes"> & { types?: ReadonlyMap<string, string> | undefined },
): AsyncGenerator<Buffer> | undefined {
  const { request, response } = ctx;
  const headers = response.headers;
  const etag = fileEtag(stats);
  headers.set("Last-Modified", httpDate(stats.mtimeMs));
  headers.set("ETag", etag);
  headers.set("Content-Type", options.contentType ?? contentTypeFor(path, options.types));
  if (options.disposition !== undefined) headers.set("Content-Disposition", contentDisposition(options.disposition, options.name ?? basename(path)));

  const verdict = evaluatePreconditions(request.method, requestConditions(ctx), { etag, lastModified: stats.mtimeMs });
  if (verdict === "precondition-failed") throw new HTTPError(412);
  if (verdict === "not-modified") {
    notModified(response);
    return undefined;
  }

  response.stream = true;
  const size = stats.size;
  const ranges = selectRanges(ctx, size);
  if (ranges === "unsatisfiable") rangeNotSatisfiable(ctx, size);
  if (ranges === undefined) {
    headers.set("Content-Length", size);
    return size === 0 ? undefined : fileBytes(path, { start: 0, end: size - 1 });
  }
  response.status = 206;
  if (ranges.length === 1) {
    const range = ranges[0]!;
    headers.set("Content-Range", contentRange(range, size));
    headers.set("Content-Length", range.end - range.start + 1);
    return fileBytes(path, range);
  }
  const layout = multipartByterangesLayout(ranges, size, { contentType: headers.get("Content-Type") });
  headers.set("Content-Type", layout.contentType);
  headers.set("Content-Length", layout.length);
  return multipartFileBytes(path, layout.parts, layout.tail);
}

/** The bytes of one range of a file; opened on the first read, closed when done or abandoned. */
async function* fileBytes(path: string, range: ByteRange): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { start: range.start, end: range.end, highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

async function* multipartFileBytes(path: string, parts: ReadonlyArray<{ head: string; range: ByteRange }>, tail: string): AsyncGenerator<Buffer> {
  for (const { head, range } of parts) {
    yield Buffer.from(head, "latin1");
    yield* fileBytes(path, range);
  }
  yield Buffer.from(tail, "latin1");
}
