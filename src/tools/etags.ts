/**
 * The etags tool: conditional requests against the ETag and Last-Modified the response carries
 * (RFC 9110 §13.2.2 order: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since).
 * With `autotags`, a 200 to GET or HEAD without an ETag gets a strong one hashed from its body;
 * for other methods that hash decides If-Match/If-None-Match (POST + If-None-Match: tag → 412, as
 * in CherryPy) but is not sent.
 *
 * Two hooks: the tag is computed at the tool's priority (75, CherryPy's), and the preconditions are
 * evaluated at 85, after gzip (80), against the representation that will be sent. When an encoding
 * was added in between, the tag gets its name as a suffix ("abc" → "abc-gzip"), so the gzip and
 * identity variants never share a tag.
 */
import { evaluatePreconditions, type ConditionalHeaders, type CurrentRepresentation, type PreconditionResult } from "../http/conditional.js";
import { parseHttpDate } from "../http/dates.js";
import { strongEtag } from "../http/etag.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import { closeBody, collapse } from "../request/finalize.js";
import type { Response } from "../request/response.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface EtagsArgs {
  /** Give 200 responses to GET and HEAD a strong ETag from their body when they have none (default false). */
  autotags?: boolean;
}

/** Where the preconditions are evaluated: after gzip (80), before caching (90) and autovary (95). */
export const VALIDATE_PRIORITY = 85;

const ENCODING_BEFORE = Symbol("orchard.etags.encoding");
const UNSENT_TAG = Symbol("orchard.etags.unsent");

export class EtagsTool extends Tool<EtagsArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeFinalize", () => undefined, {
      ...options,
      args: ["autotags"],
      validate: (_name, value) => (typeof value === "boolean" ? undefined : "expected a boolean"),
    });
  }

  override attach(route: RouteBuilder, args: EtagsArgs, priority: number): void {
    const name = `${this.namespace}.${this.name}`;
    const autotags = args.autotags === true;
    route.hook("beforeFinalize", (ctx) => tag(ctx, autotags), { priority, name });
    route.hook("beforeFinalize", validateResponse, { priority: Math.max(priority, VALIDATE_PRIORITY), name });
  }
}

async function tag(ctx: Context, autotags: boolean): Promise<void> {
  const { request, response } = ctx;
  const headers = response.headers;
  ctx.state.set(ENCODING_BEFORE, headers.get("Content-Encoding"));
  if (!autotags || response.status !== 200 || headers.has("ETag")) return;
  const body = response.body;
  // A streamed body would have to be buffered to be hashed; it goes without a tag.
  if (response.stream && !(typeof body === "string" || body instanceof Uint8Array)) return;
  const bytes = await collapse(body);
  response.body = bytes;
  const etag = strongEtag(bytes);
  // Only GET and HEAD responses are representations worth tagging; for other methods the tag
  // of the body still decides If-Match and If-None-Match, but is not sent.
  if (request.method === "GET" || request.method === "HEAD") headers.set("ETag", etag);
  else ctx.state.set(UNSENT_TAG, etag);
}

/** The 85 hook: suffix the tag with a coding added after 75, then answer 304 or 412 if the preconditions say so. */
function validateResponse(ctx: Context): void {
  const headers = ctx.response.headers;
  const sent = headers.get("ETag");
  let etag = sent ?? (ctx.state.get(UNSENT_TAG) as string | undefined);
  const coding = headers.get("Content-Encoding");
  if (etag !== undefined && coding !== undefined && coding !== ctx.state.get(ENCODING_BEFORE)) {
    etag = withSuffix(etag, coding);
    if (sent !== undefined) headers.set("ETag", etag);
  }
  apply(ctx, requestConditions(ctx), { ...currentRepresentation(ctx.response), etag });
}

/** `"abc"` → `"abc-gzip"`, `W/"abc"` → `W/"abc-gzip"`; a malformed tag is left alone. */
export function withSuffix(etag: string, coding: string): string {
  if (!etag.endsWith('"') || etag.length < 2) return etag;
  return `${etag.slice(0, -1)}-${coding.trim().toLowerCase()}"`;
}

/**
 * Evaluates every precondition of the request against the response's ETag and Last-Modified in
 * RFC 9110 order. Only 2xx responses are validated. Returns true when the response became a 304
 * (the handler should stop); throws HTTPError(412) when a precondition failed.
 */
export function validatePreconditions(ctx: Context): boolean {
  return apply(ctx, requestConditions(ctx));
}

/** The request's If-Match, If-None-Match, If-Unmodified-Since and If-Modified-Since. */
export function requestConditions(ctx: Context): ConditionalHeaders {
  const h = ctx.request.headers;
  return {
    ifMatch: h.get("if-match"),
    ifNoneMatch: h.get("if-none-match"),
    ifUnmodifiedSince: h.get("if-unmodified-since"),
    ifModifiedSince: h.get("if-modified-since"),
  };
}

/**
 * If-Match and If-None-Match against the response's ETag (strong comparison for If-Match, weak
 * for If-None-Match, `*` matching any current representation). Set the ETag first:
 *   ctx.response.headers.set("ETag", tag); if (validateEtags(ctx)) return;
 * Returns true for a 304 (GET/HEAD); throws HTTPError(412) for a failed precondition.
 */
export function validateEtags(ctx: Context): boolean {
  const h = ctx.request.headers;
  return apply(ctx, { ifMatch: h.get("if-match"), ifNoneMatch: h.get("if-none-match") });
}

/**
 * If-Unmodified-Since and If-Modified-Since against the response's Last-Modified, compared as
 * dates. Each is ignored when its ETag counterpart (If-Match, If-None-Match) was sent, as RFC 9110
 * orders them. Returns true for a 304; throws HTTPError(412) for a failed precondition.
 */
export function validateSince(ctx: Context): boolean {
  const h = ctx.request.headers;
  return apply(ctx, {
    ifUnmodifiedSince: h.has("if-match") ? undefined : h.get("if-unmodified-since"),
    ifModifiedSince: h.has("if-none-match") ? undefined : h.get("if-modified-since"),
  });
}

function apply(ctx: Context, conditions: ConditionalHeaders, current = currentRepresentation(ctx.response)): boolean {
  const { request, response } = ctx;
  if (response.status < 200 || response.status > 299) return false;
  const result: PreconditionResult = evaluatePreconditions(request.method, conditions, current);
  if (result === "precondition-failed") throw new HTTPError(412);
  if (result === "not-modified") {
    notModified(response);
    return true;
  }
  return false;
}

/** What the response says about its representation: its ETag and Last-Modified (as a date). */
export function currentRepresentation(response: Response): CurrentRepresentation {
  const lastModified = response.headers.get("Last-Modified");
  return { etag: response.headers.get("ETag"), lastModified: lastModified === undefined ? undefined : parseHttpDate(lastModified) };
}

/** Headers that describe the body; a 304 has none, so they go (RFC 9110 §15.4.5). */
const BODY_HEADERS = [
  "Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Range", "Content-Disposition", "Accept-Ranges", "Transfer-Encoding",
];

/**
 * Turns the response into a 304: no body and no body headers, but the validators and caching
 * headers (ETag, Last-Modified, Cache-Control, Expires, Vary, Content-Location) and the rest stay.
 */
export function notModified(response: Response): void {
  response.status = 304;
  response.reason = undefined;
  closeBody(response.body);
  response.body = undefined;
  for (const name of BODY_HEADERS) response.headers.delete(name);
}
