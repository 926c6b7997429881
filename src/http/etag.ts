/**
 * Entity-tags: generating them from a body, parsing If-Match/If-None-Match lists and the two
 * comparison functions of RFC 9110 §8.8.3.2. Pure helpers; must not import from the framework.
 */
import { hash } from "node:crypto";

// SHA-1 rather than MD5: it is as fast here and is not disabled on FIPS hosts (CherryPy #2060).
function digest(body: Uint8Array | string): string {
  return hash("sha1", body, "base64url");
}

const EMPTY_DIGEST = digest("");

/**
 * A strong entity-tag for a body: the quoted base64url SHA-1 of its bytes (strings are hashed as
 * UTF-8), e.g. `"2jmj7l5rSw0yVb_vlWAYkK_YBwk"` for the empty body.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3
 */
export function strongEtag(body: Uint8Array | string): string {
  return `"${body.length === 0 ? EMPTY_DIGEST : digest(body)}"`;
}

/** The same tag as strongEtag, marked weak: `W/"…"`. */
export function weakEtag(body: Uint8Array | string): string {
  return `W/${strongEtag(body)}`;
}

/**
 * Parses an If-Match / If-None-Match value.
 *
 * Returns undefined for an absent or empty header, `"*"` for the wildcard, otherwise the list of
 * entity-tags exactly as written (`W/` prefixes kept). Whitespace and empty list elements are
 * tolerated. Junk elements (unquoted words, a lowercase `w/`, a `*` inside a list, text after a
 * closing quote, an unterminated quote) are skipped, so a header of only junk gives `[]`: it
 * matches nothing.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1.1
 */
export function parseEtagList(header: string | undefined): string[] | "*" | undefined {
  if (header === undefined) return undefined;
  const s = header.trim();
  if (s === "") return undefined;
  if (s === "*") return "*";
  const tags: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x2c || c === 0x20 || c === 0x09) { // "," SP HTAB between elements
      i++;
      continue;
    }
    const open = s.startsWith('W/"', i) ? i + 2 : c === 0x22 ? i : -1;
    if (open !== -1) {
      const close = s.indexOf('"', open + 1);
      if (close === -1) break; // unterminated: nothing after it can be trusted
      const next = skipOws(s, close + 1);
      if (next === s.length || s.charCodeAt(next) === 0x2c) {
        if (ETAGC.test(s.slice(open + 1, close))) tags.push(s.slice(i, close + 1));
        i = next;
        continue;
      }
      i = next;
    }
    // Junk element: skip to the next comma.
    const comma = s.indexOf(",", i);
    i = comma === -1 ? s.length : comma + 1;
  }
  return tags;
}

/** True when the entity-tag carries the weak indicator `W/`. */
export function isWeakEtag(tag: string): boolean {
  return tag.startsWith("W/");
}

/**
 * Strong comparison: both tags are strong and their opaque-tags are identical.
 * Used for If-Match and If-Range.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3.2
 */
export function strongMatch(a: string, b: string): boolean {
  return a === b && !isWeakEtag(a);
}

/**
 * Weak comparison: the opaque-tags are identical, whether or not either tag is weak.
 * Used for If-None-Match.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3.2
 */
export function weakMatch(a: string, b: string): boolean {
  return (isWeakEtag(a) ? a.slice(2) : a) === (isWeakEtag(b) ? b.slice(2) : b);
}

// etagc = %x21 / %x23-7E / obs-text
const ETAGC = /^[\x21\x23-\x7e\x80-\xff]*$/;

function skipOws(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  return i;
}
