/**
 * Content-Disposition values with a file name (RFC 6266, RFC 8187 / 5987 encoding).
 * Pure helpers; must not import from the framework.
 */

// RFC 8187 attr-char: what may appear in ext-value without percent-encoding.
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/**
 * `attachment; filename="naive resume.pdf"; filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.pdf`.
 *
 * `filename` is an ASCII fallback for old clients: accents dropped (NFKD), other non-ASCII
 * characters, quotes, backslashes, percent signs and controls replaced by "_". `filename*` carries
 * the exact name as percent-encoded UTF-8, and is added only when the fallback differs from it.
 * @see https://www.rfc-editor.org/rfc/rfc6266#section-4.3
 */
export function contentDisposition(disposition: string, filename: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(disposition)) throw new TypeError(`Invalid disposition type ${JSON.stringify(disposition)}`);
  const fallback = asciiFallback(filename);
  let value = `${disposition}; filename="${fallback}"`;
  if (fallback !== filename) value += `; filename*=UTF-8''${encodeExtValue(filename)}`;
  return value;
}

/** The name with accents removed and anything that is not printable ASCII (or is " \ %) as "_". */
export function asciiFallback(filename: string): string {
  return filename
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]|["\\%]/gu, "_");
}

/** Percent-encodes UTF-8 bytes of everything but attr-char (RFC 8187 §3.2.1). */
export function encodeExtValue(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
