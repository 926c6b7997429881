/**
 * The Vary response header (RFC 9110 §12.5.5): a list of request field names, or `*`.
 * Pure helpers; must not import from the framework.
 */

/** What appendVary needs of a headers object (ResponseHeaders fits). */
export interface VaryHeaders {
  get(name: string): string | undefined;
  set(name: string, value: string): unknown;
}

/**
 * Adds field names to the Vary header: names already there (compared case-insensitively) are not
 * repeated, and `*` replaces everything because it already means "varies on anything".
 * @example appendVary(headers, "Accept-Encoding"); appendVary(headers, ["Accept", "Cookie"])
 */
export function appendVary(headers: VaryHeaders, field: string | readonly string[]): void {
  const current = headers.get("Vary");
  const next = varyValue(current, field);
  if (next !== current) headers.set("Vary", next);
}

/** The Vary value after adding `field` (a name, a comma-separated list, or an array) to `current`. */
export function varyValue(current: string | undefined, field: string | readonly string[]): string {
  const names = splitNames(field);
  const existing = current === undefined ? [] : splitNames(current);
  if (existing.includes("*") || names.includes("*")) return "*";
  const seen = new Set(existing.map((name) => name.toLowerCase()));
  const out = [...existing];
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out.join(", ");
}

/** The field names of a Vary value, in order, with empty items dropped. */
export function splitNames(field: string | readonly string[]): string[] {
  const parts = typeof field === "string" ? field.split(",") : field.flatMap((f) => f.split(","));
  const names: string[] = [];
  for (const part of parts) {
    const name = part.trim();
    if (name !== "") names.push(name);
  }
  return names;
}
