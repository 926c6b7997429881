/**
 * Range requests: parsing the Range header, Content-Range values and multipart/byteranges bodies
 * (RFC 9110 §14). Pure helpers; must not import from the framework.
 */
import { randomBytes } from "node:crypto";

/** An inclusive byte range: `{ start: 2, end: 5 }` is the four bytes 2, 3, 4 and 5. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ParseRangeOptions {
  /** Headers listing more ranges than this are ignored (undefined → full 200). Default 100. */
  maxRanges?: number;
}

export const DEFAULT_MAX_RANGES = 100;

const UNIT_AND_SET = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)=(.*)$/s;
const RANGE_SPEC = /^(\d*)-(\d*)$/;

/**
 * Parses a Range header for a representation of `size` bytes.
 *
 * Returns:
 * - `undefined`: ignore the header and send the full 200. That is the answer for no header, a
 *   unit other than `bytes`, any syntactically invalid range (including `first > last`), and
 *   an abusive request (see below).
 * - `"unsatisfiable"`: every range starts at or after `size` (or is a suffix `-0`, or the
 *   representation is empty); send 416 with `Content-Range: bytes *\/size` (see unsatisfiedRange).
 * - otherwise the satisfiable ranges in request order (CherryPy keeps order: `4-6,2-5` gives two
 *   parts, 4-6 first), with `last` clamped to `size - 1` and suffix ranges `-N` clamped to the
 *   whole representation. Unsatisfiable members of a list are dropped.
 *
 * Abuse guard (RFC 9110 §14.2 allows ignoring such requests): more than `maxRanges` ranges, or
 * ranges whose lengths add up to more than twice `size` (overlaps that would multiply the
 * response), make the header ignored. Ranges are never coalesced, so the order is always kept.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2
 */
export function parseRange(
  header: string | undefined,
  size: number,
  options: ParseRangeOptions = {},
): ByteRange[] | "unsatisfiable" | undefined {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`parseRange: invalid size ${size}`);
  if (header === undefined) return undefined;
  const m = UNIT_AND_SET.exec(header.trim());
  if (m === null || m[1]!.toLowerCase() !== "bytes") return undefined;
  // #rule: empty list elements ("0-1,,2-3") are ignored.
  const specs = m[2]!.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (specs.length === 0 || specs.length > (options.maxRanges ?? DEFAULT_MAX_RANGES)) return undefined;

  const ranges: ByteRange[] = [];
  let total = 0;
  for (const spec of specs) {
    const r = RANGE_SPEC.exec(spec);
    if (r === null) return undefined;
    const first = r[1]!;
    const last = r[2]!;
    if (first === "") {
      if (last === "") return undefined;
      const suffix = Number(last);
      if (suffix === 0 || size === 0) continue;
      ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
    } else {
      const start = Number(first);
      const end = last === "" ? Number.POSITIVE_INFINITY : Number(last);
      if (start > end) return undefined;
      if (start >= size) continue;
      ranges.push({ start, end: Math.min(end, size - 1) });
    }
    const added = ranges[ranges.length - 1]!;
    total += added.end - added.start + 1;
  }
  if (ranges.length === 0) return "unsatisfiable";
  if (total > 2 * size) return undefined;
  return ranges;
}

/** The Content-Range value of one part or of a single-range 206: `bytes 2-5/14`. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

/** The Content-Range value that goes with a 416: `bytes *\/14`. */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}

export interface MultipartByterangesOptions {
  /** The representation's Content-Type, repeated in every part; omitted when undefined. */
  contentType?: string;
  /** A fixed boundary (tests); by default 32 random hex characters. */
  boundary?: string;
}

/** The framing of a multipart/byteranges body, for callers that stream the range bytes. */
export interface MultipartByterangesLayout {
  /** `multipart/byteranges; boundary=…`, the response's Content-Type. */
  contentType: string;
  boundary: string;
  /** For each range in order: the text to write before its bytes (delimiter and part headers). */
  parts: { head: string; range: ByteRange }[];
  /** The text after the last part's bytes (close delimiter). */
  tail: string;
  /** The total body length in bytes, for Content-Length. */
  length: number;
}

// RFC 2046 bchars that are also token characters, so the boundary parameter needs no quoting.
const BOUNDARY = /^[0-9A-Za-z'+_\-.]{1,70}$/;

/**
 * Computes the multipart/byteranges framing without touching the bytes, so a file can be
 * streamed part by part with an exact Content-Length. The body is, for each range,
 * `head` + the range's bytes, then `tail`. Lines are CRLF-separated as RFC 9110 §14.6 shows.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-14.6
 */
export function multipartByterangesLayout(
  ranges: readonly ByteRange[],
  size: number,
  options: MultipartByterangesOptions = {},
): MultipartByterangesLayout {
  const boundary = options.boundary ?? randomBytes(16).toString("hex");
  if (!BOUNDARY.test(boundary)) throw new TypeError(`Invalid multipart boundary ${JSON.stringify(boundary)}`);
  if (options.contentType !== undefined && /[\x00-\x1f\x7f]/.test(options.contentType)) {
    throw new TypeError("multipart/byteranges: the content type contains a control character");
  }
  const typeLine = options.contentType === undefined ? "" : `Content-Type: ${options.contentType}\r\n`;
  let length = 0;
  const parts = ranges.map((range, i) => {
    if (!(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end))
      || range.start < 0 || range.start > range.end || range.end >= size) {
      throw new RangeError(`multipart/byteranges: range ${range.start}-${range.end} is outside 0-${size - 1}`);
    }
    const head = `${i === 0 ? "" : "\r\n"}--${boundary}\r\n${typeLine}Content-Range: ${contentRange(range, size)}\r\n\r\n`;
    length += Buffer.byteLength(head, "latin1") + (range.end - range.start + 1);
    return { head, range };
  });
  const tail = `\r\n--${boundary}--\r\n`;
  length += tail.length;
  return { contentType: `multipart/byteranges; boundary=${boundary}`, boundary, parts, tail, length };
}

/**
 * Builds a complete multipart/byteranges body from an in-memory representation.
 * Part headers are written as latin1 bytes, as header fields are.
 * @example
 * const { contentType, body } = multipartByteranges(buf, [{ start: 4, end: 6 }, { start: 2, end: 5 }], { contentType: "text/plain" });
 */
export function multipartByteranges(
  body: Uint8Array,
  ranges: readonly ByteRange[],
  options: MultipartByterangesOptions = {},
): { contentType: string; body: Buffer } {
  const layout = multipartByterangesLayout(ranges, body.byteLength, options);
  const chunks: Uint8Array[] = [];
  for (const { head, range } of layout.parts) {
    chunks.push(Buffer.from(head, "latin1"), body.subarray(range.start, range.end + 1));
  }
  chunks.push(Buffer.from(layout.tail, "latin1"));
  return { contentType: layout.contentType, body: Buffer.concat(chunks, layout.length) };
}
