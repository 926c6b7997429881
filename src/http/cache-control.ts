/**
 * Cache-Control (RFC 9111 §5.2) and Pragma (§5.4) field values.
 * Pure helpers; must not import from the framework.
 */

/**
 * The directives of a Cache-Control value by lower-case name, each with its argument (surrounding
 * quotes removed) or undefined when it has none. A repeated directive keeps its first argument;
 * commas inside quoted arguments do not split.
 * @example parseCacheControl('max-age=60, no-cache="Set-Cookie"') // max-age → "60", no-cache → "Set-Cookie"
 */
export function parseCacheControl(header: string | undefined): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  if (header === undefined) return found;
  for (const part of splitOutsideQuotes(header)) {
    const eq = part.indexOf("=");
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === "" || found.has(name)) continue;
    let value = eq === -1 ? undefined : part.slice(eq + 1).trim();
    if (value !== undefined && value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    found.set(name, value);
  }
  return found;
}

function splitOutsideQuotes(header: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

/** delta-seconds (RFC 9111 §1.2.2): digits only, else undefined; huge values are capped at 2^31. */
export function deltaSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), 2 ** 31);
}

const PRAGMA_NO_CACHE = /(^|,)\s*no-cache\s*(,|$)/i;

/** Whether a Pragma value lists no-cache. */
export function pragmaNoCache(value: string | undefined): boolean {
  return value !== undefined && PRAGMA_NO_CACHE.test(value);
}
