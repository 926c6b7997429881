/**
 * Media types (RFC 9110 §8.3.1): parsing, formatting and pattern matching such as
 * `application/*+json`. Pure helpers; must not import from the framework.
 */

/** A parsed media type. type, subtype and parameter names are lowercase. */
export interface MediaType {
  type: string;
  /** The whole subtype, suffix included: "problem+json". */
  subtype: string;
  /** The structured-syntax suffix after the last "+", if any: "json". */
  suffix?: string;
  /** Parameter values as written (unquoted, case kept). A null-prototype object. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TYPE_SUBTYPE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*/;

/**
 * Parses a Content-Type style value: `type/subtype *( OWS ";" OWS name=value )`.
 *
 * Returns undefined when the `type/subtype` part is malformed. Parameters are parsed leniently:
 * empty ones (`;;`, a trailing `;`) are skipped, a malformed parameter (no `=`, bad name,
 * unterminated quote) ends parameter parsing without failing the whole value, and for a
 * repeated name the first value wins. Quoted values are unquoted and unescaped.
 * @example parseMediaType('Text/HTML; Charset="utf-8"') → { type: "text", subtype: "html", params: { charset: "utf-8" } }
 */
export function parseMediaType(value: string): MediaType | undefined {
  const s = value.trim();
  const m = TYPE_SUBTYPE.exec(s);
  if (m === null) return undefined;
  const type = m[1]!.toLowerCase();
  const subtype = m[2]!.toLowerCase();
  const params: Record<string, string> = Object.create(null);
  let i = m[0].length;
  if (i < s.length && s[i] !== ";") return undefined; // "text/html garbage"
  while (i < s.length) {
    // At a ";": skip it and the whitespace after it.
    i++;
    while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
    if (i >= s.length) break;
    if (s[i] === ";") continue;
    const eq = s.indexOf("=", i);
    if (eq === -1) break;
    const name = s.slice(i, eq).toLowerCase();
    if (!TOKEN.test(name)) break;
    let paramValue: string;
    if (s[eq + 1] === '"') {
      const read = readQuoted(s, eq + 1);
      if (read === undefined) break;
      paramValue = read.value;
      i = read.end;
    } else {
      const end = s.indexOf(";", eq + 1);
      i = end === -1 ? s.length : end;
      paramValue = s.slice(eq + 1, i).trim();
      if (paramValue !== "" && !TOKEN.test(paramValue)) break;
    }
    if (!(name in params)) params[name] = paramValue;
    while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
    if (i < s.length && s[i] !== ";") break;
  }
  const plus = subtype.lastIndexOf("+");
  const result: MediaType = { type, subtype, params };
  if (plus > 0 && plus < subtype.length - 1) result.suffix = subtype.slice(plus + 1);
  return result;
}

/** Reads a quoted-string starting at the DQUOTE at `start`; undefined if it is not terminated. */
function readQuoted(s: string, start: number): { value: string; end: number } | undefined {
  let out = "";
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      i++;
      if (i >= s.length) return undefined;
      out += s[i];
    } else if (c === '"') {
      return { value: out, end: i + 1 };
    } else {
      out += c;
    }
  }
  return undefined;
}

/**
 * Formats a media type: `type/subtype; name=value`, quoting values that are not tokens.
 * Throws a TypeError for a type, subtype or parameter name that is not a token, or a value with
 * control characters. The `suffix` field is ignored (it is already part of subtype).
 */
export function formatMediaType(mediaType: { type: string; subtype: string; params?: Record<string, string> }): string {
  const { type, subtype, params } = mediaType;
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) {
    throw new TypeError(`Invalid media type ${JSON.stringify(`${type}/${subtype}`)}`);
  }
  let out = `${type}/${subtype}`;
  if (params === undefined) return out;
  for (const name of Object.keys(params)) {
    const v = params[name]!;
    if (!TOKEN.test(name)) throw new TypeError(`Invalid media type parameter name ${JSON.stringify(name)}`);
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(v)) throw new TypeError(`Media type parameter ${name} contains a control character`);
    out += `; ${name}=${TOKEN.test(v) ? v : `"${v.replace(/["\\]/g, "\\$&")}"`}`;
  }
  return out;
}

/**
 * Whether `value` (a Content-Type) matches `pattern`. Patterns: an exact `type/subtype`,
 * `type/*`, `*\/*`, and `type/*+suffix` (`application/*+json` matches `application/problem+json`
 * but not `application/json`). Case-insensitive; the parameters of both are ignored. An
 * unparseable pattern or value never matches.
 */
export function mediaTypeMatches(pattern: string, value: string): boolean {
  const p = parseMediaType(pattern);
  const v = parseMediaType(value);
  if (p === undefined || v === undefined) return false;
  if (p.type === "*") return p.subtype === "*";
  if (p.type !== v.type) return false;
  if (p.subtype === "*") return true;
  if (p.subtype.startsWith("*+")) return v.suffix === p.subtype.slice(2);
  return p.subtype === v.subtype;
}

/** True for `application/json` and any `+json` type (`application/problem+json`, `application/vnd.x+json`). */
export function isJsonType(value: string): boolean {
  const m = parseMediaType(value);
  return m !== undefined && (m.suffix === "json" || (m.type === "application" && m.subtype === "json"));
}
