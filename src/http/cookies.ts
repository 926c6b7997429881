/**
 * Cookie header parsing and Set-Cookie serialization (RFC 6265, with RFC 6265bis attributes).
 * Pure helpers; must not import from the framework.
 */
import { httpDate } from "./dates.js";

/** RFC 9110 token (tchar+), used for cookie names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 6265 cookie-value: *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ). */
const COOKIE_VALUE = /^(?:[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*|"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")$/;
const CTL = /[\x00-\x1f\x7f]/;
/** Path and Domain attribute values: any CHAR except CTLs or ";" (RFC 6265 av-octet). */
const ATTRIBUTE_VALUE = /^[^\x00-\x1f\x7f;]+$/;

/** A malformed Cookie request header; the request layer answers 400. */
export class CookieSyntaxError extends SyntaxError {
  readonly code = "ERR_COOKIE_SYNTAX";
  override name = "CookieSyntaxError";
}

/**
 * Parses a Cookie request header (`a=1; b="2"`) into a Map from name to value.
 *
 * - Values wrapped in DQUOTEs are unwrapped. Values are NOT percent-decoded: they are returned
 *   exactly as sent, because RFC 6265 gives no encoding and decoding is the application's choice.
 * - When a name repeats, the first value wins (browsers send the most specific cookie first).
 * - Empty segments (`a=1;;b=2`, a trailing `;`) and whitespace around `;` and `=` are tolerated.
 *   A segment without `=` (what `document.cookie = "x"` produces) is skipped.
 * - Throws CookieSyntaxError when a name is not an RFC 9110 token (contains a comma, a space, a
 *   quote …) or a value contains a control character.
 *
 * Several Cookie lines should be joined with "; " before calling (Node's http module does this).
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.4
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const segment of header.split(";")) {
    const eq = segment.indexOf("=");
    if (eq === -1) {
      if (CTL.test(trimOws(segment))) throw new CookieSyntaxError("Cookie header contains a control character");
      continue;
    }
    const name = trimOws(segment.slice(0, eq));
    if (!TOKEN.test(name)) {
      throw new CookieSyntaxError(`Illegal cookie name ${JSON.stringify(name)}: a cookie name must be a token`);
    }
    let value = trimOws(segment.slice(eq + 1));
    if (CTL.test(value)) throw new CookieSyntaxError(`Cookie ${name} has a control character in its value`);
    if (value.length >= 2 && value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22) {
      value = value.slice(1, -1);
    }
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

// Only SP and HTAB (OWS); String#trim would also swallow CR, LF and other characters.
function trimOws(value: string): string {
  // An index scan: a regex with a trailing [ \t]+$ is quadratic on a long run of spaces.
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 0x20 || value.charCodeAt(start) === 0x09)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 0x20 || value.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Attributes for a Set-Cookie header. */
export interface CookieOptions {
  path?: string;
  domain?: string;
  /** Lifetime in seconds (fractions are dropped); zero or negative expires the cookie at once. */
  maxAge?: number;
  expires?: Date;
  httpOnly?: boolean;
  /** Required by `sameSite: "None"`, `partitioned` and the `__Secure-`/`__Host-` name prefixes. */
  secure?: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  /** CHIPS: the cookie is keyed to the top-level site. */
  partitioned?: boolean;
  /** Chromium's Priority attribute. */
  priority?: "Low" | "Medium" | "High";
}

/**
 * Builds a Set-Cookie header value. Validates everything it writes and throws a TypeError that
 * names the problem: the name must be a token, the value must be cookie-octets (optionally in
 * DQUOTEs; encode other bytes yourself, e.g. with encodeURIComponent), Path and Domain may not
 * contain ";" or control characters, Max-Age must be finite and Expires a valid date.
 *
 * It also refuses combinations browsers silently drop: SameSite=None or Partitioned without
 * Secure, a `__Secure-` name without Secure, and a `__Host-` name without Secure, with a Domain,
 * or with a Path other than "/".
 * @example serializeCookie("sid", "abc", { path: "/", httpOnly: true }) === "sid=abc; Path=/; HttpOnly"
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4.1
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new TypeError(`Cookie name ${JSON.stringify(name)} is not a token`);
  if (!COOKIE_VALUE.test(value)) {
    throw new TypeError(`Cookie ${name}: the value contains a character that is not allowed in a cookie-value`);
  }
  checkPrefixes(name, options);
  let out = `${name}=${value}`;
  if (options.maxAge !== undefined) {
    if (!Number.isFinite(options.maxAge)) throw new TypeError(`Cookie ${name}: maxAge must be a finite number`);
    out += `; Max-Age=${Math.trunc(options.maxAge)}`;
  }
  if (options.domain !== undefined) out += `; Domain=${checkAttribute(name, "domain", options.domain)}`;
  if (options.path !== undefined) out += `; Path=${checkAttribute(name, "path", options.path)}`;
  if (options.expires !== undefined) {
    if (!(options.expires instanceof Date) || Number.isNaN(options.expires.getTime())) {
      throw new TypeError(`Cookie ${name}: expires must be a valid Date`);
    }
    out += `; Expires=${httpDate(options.expires)}`;
  }
  if (options.httpOnly) out += "; HttpOnly";
  if (options.secure) out += "; Secure";
  if (options.partitioned) out += "; Partitioned";
  if (options.priority !== undefined) {
    if (!["Low", "Medium", "High"].includes(options.priority)) {
      throw new TypeError(`Cookie ${name}: priority must be "Low", "Medium" or "High"`);
    }
    out += `; Priority=${options.priority}`;
  }
  if (options.sameSite !== undefined) {
    if (!["Strict", "Lax", "None"].includes(options.sameSite)) {
      throw new TypeError(`Cookie ${name}: sameSite must be "Strict", "Lax" or "None"`);
    }
    out += `; SameSite=${options.sameSite}`;
  }
  return out;
}

/**
 * A Set-Cookie value that deletes the cookie: empty value, `Max-Age=0` and an Expires in the
 * past (1 Jan 1970) for clients that ignore Max-Age. Pass the same path and domain the cookie
 * was set with, or the browser keeps it.
 */
export function expiredCookie(name: string, options: Omit<CookieOptions, "maxAge" | "expires"> = {}): string {
  return serializeCookie(name, "", { ...options, maxAge: 0, expires: new Date(0) });
}

function checkAttribute(name: string, attribute: "path" | "domain", value: string): string {
  if (!ATTRIBUTE_VALUE.test(value)) {
    throw new TypeError(`Cookie ${name}: ${attribute} must be non-empty and contain no ";" or control characters`);
  }
  return value;
}

// RFC 6265bis §4.1.3: the prefixes are matched case-insensitively.
function checkPrefixes(name: string, options: CookieOptions): void {
  if (options.sameSite === "None" && !options.secure) {
    throw new TypeError(`Cookie ${name}: sameSite "None" requires secure`);
  }
  if (options.partitioned && !options.secure) throw new TypeError(`Cookie ${name}: partitioned requires secure`);
  const lower = name.slice(0, 9).toLowerCase();
  if (lower.startsWith("__secure-") && !options.secure) {
    throw new TypeError(`Cookie ${name}: the __Secure- prefix requires secure`);
  }
  if (lower.startsWith("__host-")) {
    if (!options.secure || options.domain !== undefined || options.path !== "/") {
      throw new TypeError(`Cookie ${name}: the __Host- prefix requires secure, path "/" and no domain`);
    }
  }
}
