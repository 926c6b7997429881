/**
 * The access log: one line per request, built from a `{field}` template that is
 * compiled once into literal parts and field getters.
 */
import { formatLogTime } from "./error-log.js";

export interface AccessEntry {
  remoteIp: string;
  login?: string;
  time: Date;
  method: string;
  /** The raw request target, as received. */
  url: string;
  /** "HTTP/1.1" */
  protocol: string;
  status: number;
  /** Content-Length or bytes sent; undefined prints "-". */
  bytes?: number;
  referer?: string;
  userAgent?: string;
  host?: string;
  /** A UUID for the request. */
  requestId: string;
  durationMs?: number;
}

/** Apache's combined log format, CherryPy's default. */
export const COMBINED_FORMAT = '{h} {l} {u} {t} "{r}" {s} {b} "{f}" "{a}"';

/** Printable ASCII except `"` needs no escaping (a backslash is kept as is, like CherryPy). */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x7e]/;

/**
 * Escapes one field value: `"` as `\"`, `\n \r \t` in C style, every other
 * non-printable byte of the UTF-8 encoding as `\xhh`. Backslashes are kept.
 */
export function escapeAccessValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte === 0x09) out += "\\t";
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

type Getter = (entry: AccessEntry) => string;

/** RFC 3339 UTC with microseconds: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
function rfc3339Micro(time: Date): string {
  const iso = time.toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, -1)}000Z`;
}

function optionalNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "-";
  return String(Math.round(n * 1000) / 1000);
}

/** Fields whose values can carry arbitrary text; they go through escapeAccessValue. */
const TEXT_FIELDS: Readonly<Record<string, Getter>> = {
  h: (e) => e.remoteIp || "-",
  l: () => "-",
  u: (e) => e.login || "-",
  r: (e) => `${e.method} ${e.url} ${e.protocol}`,
  f: (e) => e.referer ?? "",
  a: (e) => e.userAgent ?? "",
  o: (e) => e.host ?? "-",
  i: (e) => e.requestId,
};

/** Fields built here from numbers and dates; they never need escaping. */
const SAFE_FIELDS: Readonly<Record<string, Getter>> = {
  t: (e) => formatLogTime(e.time),
  s: (e) => String(e.status),
  b: (e) => optionalNumber(e.bytes),
  z: (e) => rfc3339Micro(e.time),
  D: (e) => optionalNumber(e.durationMs),
};

const KNOWN = [...Object.keys(TEXT_FIELDS), ...Object.keys(SAFE_FIELDS)].join(", ");

function fieldGetter(name: string, format: string): Getter {
  if (Object.hasOwn(SAFE_FIELDS, name)) return SAFE_FIELDS[name] as Getter;
  if (Object.hasOwn(TEXT_FIELDS, name)) {
    const raw = TEXT_FIELDS[name] as Getter;
    return (entry) => escapeAccessValue(raw(entry));
  }
  throw new Error(`Unknown access log field "{${name}}" in format ${JSON.stringify(format)}; known fields: ${KNOWN}`);
}

/** Splits the template into literal strings and getters; `{{` and `}}` are literal braces. */
function parse(format: string): Array<string | Getter> {
  const parts: Array<string | Getter> = [];
  let literal = "";
  let i = 0;
  while (i < format.length) {
    const c = format[i] as string;
    if (c === "{" && format[i + 1] === "{") {
      literal += "{";
      i += 2;
    } else if (c === "}" && format[i + 1] === "}") {
      literal += "}";
      i += 2;
    } else if (c === "{") {
      const close = format.indexOf("}", i + 1);
      if (close < 0) throw new Error(`Access log format ${JSON.stringify(format)}: unclosed "{" at ${i}`);
      if (literal) parts.push(literal);
      literal = "";
      parts.push(fieldGetter(format.slice(i + 1, close), format));
      i = close + 1;
    } else if (c === "}") {
      throw new Error(`Access log format ${JSON.stringify(format)}: single "}" at ${i} (write "}}")`);
    } else {
      literal += c;
      i += 1;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

/**
 * Compiles an access-log template such as COMBINED_FORMAT into a line builder.
 * Throws an Error naming the field when the template uses an unknown one.
 */
export function compileAccessFormat(format: string): (entry: AccessEntry) => string {
  const parts = parse(format);
  return (entry) => {
    let line = "";
    for (const part of parts) line += typeof part === "string" ? part : part(entry);
    return line;
  };
}
