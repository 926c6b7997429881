/**
 * Conditional requests: the RFC 9110 §13.2.2 precondition order and If-Range (§13.1.5).
 * Dates are compared as dates, never as strings. Pure helpers; must not import from the framework.
 */
import { parseHttpDate } from "./dates.js";
import { isWeakEtag, parseEtagList, strongMatch, weakMatch } from "./etag.js";

/** The conditional request header values, as received (undefined when absent). */
export interface ConditionalHeaders {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
}

/** What the server knows about the selected representation. */
export interface CurrentRepresentation {
  /** The entity-tag the response would carry, quoted (`"abc"` or `W/"abc"`). */
  etag?: string | undefined;
  /** Last-Modified in milliseconds since the epoch; compared at one-second precision. */
  lastModified?: number | undefined;
  /**
   * Whether a current representation exists; false for a PUT that would create the resource.
   * Decides `If-Match: *` and `If-None-Match: *`. Default true.
   */
  exists?: boolean | undefined;
}

export type PreconditionResult = "proceed" | "not-modified" | "precondition-failed";

/**
 * Evaluates the request's preconditions in the order of RFC 9110 §13.2.2:
 *
 * 1. If-Match (strong comparison; `*` is true when a representation exists); false → 412.
 * 2. Only without If-Match: If-Unmodified-Since, true when Last-Modified ≤ the date. Ignored when
 *    the date is invalid or there is no Last-Modified; false → 412.
 * 3. If-None-Match (weak comparison; `*` is false when a representation exists); false → 304 for
 *    GET and HEAD, 412 for other methods.
 * 4. Only without If-None-Match, and only for GET and HEAD: If-Modified-Since, false when
 *    Last-Modified ≤ the date → 304. Ignored when the date is invalid or there is no Last-Modified.
 *
 * Call it only when the response would otherwise be 2xx (or 412), as §13.2.1 says; the
 * caller maps "not-modified" to 304 and "precondition-failed" to 412.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.2.2
 */
export function evaluatePreconditions(
  method: string,
  request: ConditionalHeaders,
  current: CurrentRepresentation,
): PreconditionResult {
  const exists = current.exists ?? true;
  const ifMatch = parseEtagList(request.ifMatch);
  if (ifMatch !== undefined) {
    if (!matchesAny(ifMatch, current.etag, exists, strongMatch)) return "precondition-failed";
  } else if (notAfter(current.lastModified, request.ifUnmodifiedSince) === false) {
    return "precondition-failed";
  }

  const safe = method === "GET" || method === "HEAD";
  const ifNoneMatch = parseEtagList(request.ifNoneMatch);
  if (ifNoneMatch !== undefined) {
    if (matchesAny(ifNoneMatch, current.etag, exists, weakMatch)) return safe ? "not-modified" : "precondition-failed";
  } else if (safe && notAfter(current.lastModified, request.ifModifiedSince) === true) {
    return "not-modified";
  }
  return "proceed";
}

/**
 * Whether a Range request may be honoured given its If-Range value (RFC 9110 §13.1.5).
 * No If-Range → true. An entity-tag → true only if it strongly matches the current one (a weak
 * tag never does). A date → true only if it equals Last-Modified to the second. Anything else
 * (an invalid date, no validator to compare with) → false: send the full representation.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1.5
 */
export function ifRangeAllows(ifRange: string | undefined, current: CurrentRepresentation): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  // §13.1.5: an entity-tag is told apart from a date by a DQUOTE in the first three characters.
  if (value.slice(0, 3).includes('"')) {
    return current.etag !== undefined && !isWeakEtag(value) && strongMatch(value, current.etag);
  }
  const date = parseHttpDate(value);
  if (date === undefined || current.lastModified === undefined) return false;
  return toSecond(current.lastModified) === date;
}

function matchesAny(
  list: string[] | "*",
  etag: string | undefined,
  exists: boolean,
  compare: (a: string, b: string) => boolean,
): boolean {
  if (list === "*") return exists;
  return etag !== undefined && list.some((tag) => compare(tag, etag));
}

/**
 * True when lastModified ≤ the header's date, false when it is later, undefined when the
 * comparison cannot be made (no Last-Modified, absent or invalid date): the header is ignored.
 */
function notAfter(lastModified: number | undefined, header: string | undefined): boolean | undefined {
  if (lastModified === undefined || header === undefined) return undefined;
  const date = parseHttpDate(header);
  if (date === undefined) return undefined;
  return toSecond(lastModified) <= date;
}

// HTTP-dates have one-second resolution; a file's mtime has more.
function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
