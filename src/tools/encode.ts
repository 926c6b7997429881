/**
 * The encode tool: writes text bodies in a charset the client accepts (Accept-Charset, negotiated by
 * negotiator) and names it in Content-Type. Off by default: without it, strings go out as UTF-8 and
 * the default Content-Type already says `text/html;charset=utf-8`.
 */
import Negotiator from "negotiator";
import { formatMediaType, parseMediaType } from "../http/media-types.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import { isAsyncIterable, isIterable, toBuffer } from "../request/finalize.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface EncodeArgs {
  /** Always use this charset (406 when the client refuses it or it cannot hold the text). */
  encoding?: string;
  /** The charset when the client sends no Accept-Charset, or `*` (default utf-8). */
  defaultEncoding?: string;
  /** Only touch `text/*` responses (default true). */
  textOnly?: boolean;
  /** Write `charset=` into Content-Type (default true). */
  addCharset?: boolean;
}

interface Charset {
  /** The bytes of `text`, or undefined when a character has no code in this charset. */
  encode(text: string): Buffer | undefined;
  /** Written once before the first bytes (the UTF-16 byte order mark). */
  readonly bom?: Buffer;
}

const utf8: Charset = { encode: (text) => Buffer.from(text, "utf8") };
const latin1: Charset = { encode: (text) => (/[^\x00-\xff]/.test(text) ? undefined : Buffer.from(text, "latin1")) };
const ascii: Charset = { encode: (text) => (/[^\x00-\x7f]/.test(text) ? undefined : Buffer.from(text, "latin1")) };
const utf16le: Charset = { encode: (text) => Buffer.from(text, "utf16le") };
const utf16be: Charset = { encode: (text) => Buffer.from(text, "utf16le").swap16() };
// "utf-16" names no byte order: a BOM, then little-endian, as most encoders write it (RFC 2781 §3.2).
const utf16: Charset = { encode: utf16le.encode, bom: Buffer.from([0xff, 0xfe]) };

/** The charsets Orchard can write; any other name is treated as one the body cannot be encoded in. */
const CHARSETS: ReadonlyMap<string, Charset> = new Map([
  ["utf-8", utf8], ["utf8", utf8],
  ["iso-8859-1", latin1], ["iso8859-1", latin1], ["iso_8859-1", latin1], ["latin1", latin1], ["l1", latin1],
  ["us-ascii", ascii], ["ascii", ascii],
  ["utf-16", utf16], ["utf-16le", utf16le], ["utf-16be", utf16be],
]);

const LATIN1 = "iso-8859-1";

interface Settings {
  forced: string | undefined;
  fallback: string;
  textOnly: boolean;
  addCharset: boolean;
}

/** Wraps the handler (priority 70, like CherryPy's encode); the settings are read once per route. */
export class EncodeTool extends Tool<EncodeArgs> {
  /** The point is nominal: the tool wraps the handler. */
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, { ...options, args: ["encoding", "defaultEncoding", "textOnly", "addCharset"], validate });
  }

  override attach(route: RouteBuilder, args: EncodeArgs, priority: number): void {
    const settings: Settings = {
      forced: args.encoding?.toLowerCase(),
      fallback: (args.defaultEncoding ?? "utf-8").toLowerCase(),
      textOnly: args.textOnly ?? true,
      addCharset: args.addCharset ?? true,
    };
    route.wrapHandler((next) => async (ctx) => encodeBody(ctx, await next(ctx), settings), priority);
  }
}

function validate(name: string, value: unknown): string | undefined {
  if (name === "textOnly" || name === "addCharset") return typeof value === "boolean" ? undefined : "expected a boolean";
  if (typeof value !== "string") return "expected a charset name";
  if (!CHARSETS.has(value.toLowerCase())) return `Orchard cannot encode ${value}; it knows utf-8, iso-8859-1, us-ascii, utf-16, utf-16le, utf-16be`;
  return undefined;
}

/** A body is string and byte chunks; anything else (an object for jsonOut) is left alone. */
async function encodeBody(ctx: Context, body: unknown, settings: Settings): Promise<unknown> {
  if (body === undefined || body === null) return body;
  if (Array.isArray(body) && !body.every((c) => typeof c === "string" || c instanceof Uint8Array)) return body;
  const whole = typeof body === "string" || body instanceof Uint8Array;
  if (!whole && !isIterable(body) && !isAsyncIterable(body)) return body;

  const { response } = ctx;
  const media = parseMediaType(response.headers.get("Content-Type") ?? "text/html");
  if (media === undefined || (settings.textOnly && media.type !== "text")) return body;

  let encoded: unknown;
  let charset: string;
  if (response.stream && !whole) {
    charset = chooseCharset(ctx, settings, (name) => CHARSETS.has(name));
    encoded = encodeStream(body as AsyncIterable<unknown>, CHARSETS.get(charset)!, charset);
  } else {
    const parts = await gather(body);
    const results = new Map<string, Buffer | undefined>();
    charset = chooseCharset(ctx, settings, (name) => {
      const found = CHARSETS.get(name);
      const bytes = found && encodeParts(parts, found);
      results.set(name, bytes);
      return bytes !== undefined;
    });
    encoded = results.get(charset);
  }
  if (settings.addCharset) {
    const { charset: _old, ...params } = media.params;
    response.headers.set("Content-Type", `${formatMediaType({ type: media.type, subtype: media.subtype, params })};charset=${charset}`);
  }
  response.headers.delete("Content-Length");
  return encoded;
}

/**
 * The charset to write in: `encoding` if the client accepts it; else with no Accept-Charset the
 * default; else the client's charsets by q (`*` meaning the default), then ISO-8859-1 when the
 * header neither names it nor has `*` (RFC 2616 §14.2). The first that `fits` wins; none → 406.
 */
function chooseCharset(ctx: Context, settings: Settings, fits: (charset: string) => boolean): string {
  const header = ctx.request.headers.get("accept-charset");
  const attempted = new Set<string>();
  const attempt = (name: string): boolean => {
    attempted.add(name);
    return fits(name);
  };
  const negotiator = header === undefined ? undefined : new Negotiator({ headers: { "accept-charset": header } });
  if (settings.forced !== undefined) {
    const accepted = negotiator === undefined || negotiator.charsets([settings.forced]).length > 0 || (settings.forced === LATIN1 && latin1Implied(header!));
    if (accepted && attempt(settings.forced)) return settings.forced;
    attempted.add(settings.forced);
  } else if (negotiator === undefined) {
    if (attempt(settings.fallback)) return settings.fallback;
    throw new HTTPError(500, `The response body could not be encoded in ${settings.fallback}.`);
  } else {
    for (const name of negotiator.charsets()) {
      const charset = name === "*" ? settings.fallback : name.toLowerCase();
      if (!attempted.has(charset) && attempt(charset)) return charset;
    }
    if (!attempted.has(LATIN1) && latin1Implied(header!) && attempt(LATIN1)) return LATIN1;
  }
  const sent = header === undefined ? "Your client did not send an Accept-Charset header." : `Your client sent this Accept-Charset header: ${header}.`;
  throw new HTTPError(406, `${sent} We tried these charsets: ${[...attempted].sort().join(", ")}.`);
}

/** ISO-8859-1 is acceptable when the header names neither it nor `*` (negotiator hides q=0 entries, so look at the names). */
function latin1Implied(header: string): boolean {
  return !header.split(",").some((item) => {
    const name = item.split(";")[0]!.trim().toLowerCase();
    return name === "*" || name === LATIN1;
  });
}

/** The body's chunks with adjacent strings joined (so no character is split across chunks). */
async function gather(body: unknown): Promise<Array<string | Buffer>> {
  if (typeof body === "string") return [body];
  if (body instanceof Uint8Array) return [toBuffer(body)];
  const parts: Array<string | Buffer> = [];
  for await (const chunk of body as AsyncIterable<unknown>) {
    const last = parts.length - 1;
    if (typeof chunk === "string" && typeof parts[last] === "string") parts[last] += chunk;
    else parts.push(typeof chunk === "string" ? chunk : toBuffer(chunk));
  }
  return parts;
}

function encodeParts(parts: ReadonlyArray<string | Buffer>, charset: Charset): Buffer | undefined {
  const out: Buffer[] = charset.bom ? [charset.bom] : [];
  for (const part of parts) {
    if (typeof part !== "string") out.push(part);
    else {
      const bytes = charset.encode(part);
      if (bytes === undefined) return undefined;
      out.push(bytes);
    }
  }
  return Buffer.concat(out);
}

/** Encodes string chunks as they are written; a character the charset lacks cuts the stream. */
async function* encodeStream(body: AsyncIterable<unknown>, charset: Charset, name: string): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of body) {
    let bytes = typeof chunk === "string" ? charset.encode(chunk) : toBuffer(chunk);
    if (bytes === undefined) throw new Error(`A streamed chunk of the response body cannot be encoded in ${name}.`);
    if (first && charset.bom) bytes = Buffer.concat([charset.bom, bytes]);
    first = false;
    if (bytes.length > 0) yield bytes;
  }
}
