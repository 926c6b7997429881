/**
 * The gzip tool: compresses the response body when the client accepts gzip (Accept-Encoding,
 * negotiated by negotiator) and its Content-Type is listed. Always adds `Vary: Accept-Encoding`.
 * Buffered bodies are compressed whole; streamed ones on the fly, flushed chunk by chunk.
 */
import { pipeline, type Readable } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip, type BrotliOptions } from "node:zlib";
import Negotiator from "negotiator";
import { mediaTypeMatches, parseMediaType } from "../http/media-types.js";
import { isBodylessStatus } from "../http/status.js";
import { appendVary } from "../http/vary.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import { collapse, toBuffer } from "../request/finalize.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface GzipArgs {
  /** zlib level 0-9 (default 5); also the brotli quality. */
  compressLevel?: number;
  /** Content types to compress: `type/subtype`, `type/*` or `type/*+suffix`. */
  mimeTypes?: readonly string[];
  /** Buffered bodies shorter than this many bytes are sent as they are (default 256). */
  minLength?: number;
  /** Also offer brotli (`br`), used when the client prefers it (default false). */
  brotli?: boolean;
}

export const DEFAULT_GZIP_TYPES: readonly string[] = Object.freeze([
  "text/html", "text/plain", "text/css", "application/json", "application/javascript", "text/javascript", "image/svg+xml",
]);

interface Settings {
  level: number;
  /** Exact `type/subtype` patterns, looked up without parsing them again. */
  exact: ReadonlySet<string>;
  /** Wildcard patterns, matched with mediaTypeMatches. */
  wildcards: readonly string[];
  minLength: number;
  codings: readonly string[];
}

const gzipBuffer = promisify(gzip);
const brotliBuffer = promisify<Buffer, BrotliOptions, Buffer>(brotliCompress);

export class GzipTool extends Tool<GzipArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeFinalize", () => undefined, { ...options, args: ["compressLevel", "mimeTypes", "minLength", "brotli"], validate });
  }

  override attach(route: RouteBuilder, args: GzipArgs, priority: number): void {
    const exact = new Set<string>();
    const wildcards: string[] = [];
    for (const pattern of args.mimeTypes ?? DEFAULT_GZIP_TYPES) {
      const media = parseMediaType(pattern);
      if (media === undefined) continue;
      if (media.type === "*" || media.subtype.startsWith("*")) wildcards.push(pattern);
      else exact.add(`${media.type}/${media.subtype}`);
    }
    const settings: Settings = {
      level: args.compressLevel ?? 5,
      exact,
      wildcards,
      minLength: args.minLength ?? 256,
      // x-gzip is gzip's old name (RFC 9110 §8.4.1.3); identity last so a tie goes to compression.
      codings: args.brotli ? ["gzip", "x-gzip", "br", "identity"] : ["gzip", "x-gzip", "identity"],
    };
    route.hook("beforeFinalize", (ctx) => compress(ctx, settings), { priority, name: `${this.namespace}.${this.name}` });
  }
}

function validate(name: string, value: unknown): string | undefined {
  switch (name) {
    case "compressLevel":
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 9 ? undefined : "expected an integer from 0 to 9";
    case "minLength":
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : "expected a number of bytes";
    case "brotli":
      return typeof value === "boolean" ? undefined : "expected a boolean";
    default:
      if (!Array.isArray(value)) return "expected a list of media types";
      for (const item of value) if (typeof item !== "string" || parseMediaType(item) === undefined) return `${JSON.stringify(item)} is not a media type`;
      return undefined;
  }
}

async function compress(ctx: Context, settings: Settings): Promise<void> {
  const { request, response } = ctx;
  const headers = response.headers;
  appendVary(headers, "Accept-Encoding");
  const body = response.body;
  if (body === undefined || body === null || isBodylessStatus(response.status)) return;
  // Already encoded (a cached gzip variant), or a byte range of the identity body.
  if (headers.has("Content-Encoding") || headers.has("Content-Range")) return;
  const header = request.headers.get("accept-encoding");
  if (header === undefined || header.trim() === "") return;
  const coding = new Negotiator({ headers: { "accept-encoding": header } }).encoding(settings.codings);
  if (coding === undefined) throw new HTTPError(406, "identity, gzip");
  if (coding === "identity" || !compressible(headers.get("Content-Type") ?? "text/html", settings)) return;

  if (response.stream && !(typeof body === "string" || body instanceof Uint8Array)) {
    response.body = compressStream(body, coding, settings.level);
  } else {
    const bytes = await collapse(body);
    response.body = bytes;
    // Below minLength identity is cheaper, unless the client refused identity (identity;q=0).
    if (bytes.length === 0 || (bytes.length < settings.minLength && acceptsIdentity(header))) return;
    response.body = coding === "br" ? await brotliBuffer(bytes, brotliOptions(settings.level)) : await gzipBuffer(bytes, { level: settings.level });
  }
  headers.set("Content-Encoding", coding);
  headers.delete("Content-Length");
}

function acceptsIdentity(header: string): boolean {
  return new Negotiator({ headers: { "accept-encoding": header } }).encoding(["identity"]) === "identity";
}

function compressible(contentType: string, settings: Settings): boolean {
  const media = parseMediaType(contentType);
  if (media === undefined) return false;
  return settings.exact.has(`${media.type}/${media.subtype}`) || settings.wildcards.some((pattern) => mediaTypeMatches(pattern, contentType));
}

function brotliOptions(level: number, flush?: number): BrotliOptions {
  const options: BrotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: level } };
  if (flush !== undefined) options.flush = flush;
  return options;
}

/** A compressing stream fed from the body; each chunk is flushed so streamed output keeps arriving. */
function compressStream(body: unknown, coding: string, level: number): Readable {
  const zip = coding === "br" ? createBrotliCompress(brotliOptions(level, constants.BROTLI_OPERATION_FLUSH)) : createGzip({ level, flush: constants.Z_SYNC_FLUSH });
  // An error in the body destroys zip with it, so the writer sees it and cuts the connection.
  pipeline(bytesOf(body), zip, () => undefined);
  return zip;
}

async function* bytesOf(body: unknown): AsyncGenerator<Buffer> {
  for await (const chunk of body as AsyncIterable<unknown>) {
    const bytes = toBuffer(chunk);
    if (bytes.length > 0) yield bytes;
  }
}
