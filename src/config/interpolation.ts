/** `%(name)s` interpolation in config files: inside string values only, from the same section, then [DEFAULT]. */
import { ConfigError, type ConfigErrorLocation } from "./errors.js";
import { ConfigReference, formatConfigValue, setOwn, type ConfigValue } from "./values.js";

/** A parsed value and the file line of its key. */
export interface ParsedEntry {
  value: ConfigValue;
  line: number;
}

/** Section `name`'s values with every `%(key)s` replaced, looked up in `entries`, then in `defaults`. */
export function interpolateSection(
  name: string,
  entries: ReadonlyMap<string, ParsedEntry>,
  defaults: ReadonlyMap<string, ParsedEntry> | undefined,
  file: string | undefined,
): Record<string, ConfigValue> {
  const section: Record<string, ConfigValue> = {};
  for (const [key, { value, line }] of entries) {
    const at = { file, line, section: name, key };
    const lookup = (ref: string, chain: string[]): string => {
      const found = entries.get(ref) ?? defaults?.get(ref);
      if (found === undefined) {
        const via = chain.length > 1 ? ` (needed by %(${chain[chain.length - 1] ?? ""})s)` : "";
        throw new ConfigError(`%(${ref})s: no key \`${ref}\` in [${name}] or [DEFAULT]${via}`, at);
      }
      if (chain.includes(ref)) throw new ConfigError(`%(${ref})s: interpolation loops: ${[...chain, ref].join(" -> ")}`, at);
      const v = found.value;
      if (typeof v === "string") return interpolateString(v, (r) => lookup(r, [...chain, ref]), at);
      if (typeof v === "number" || typeof v === "boolean") return String(v);
      throw new ConfigError(`%(${ref})s: \`${ref}\` is ${formatConfigValue(v)}; only strings, numbers and booleans can be interpolated`, at);
    };
    setOwn(section, key, interpolateValue(value, (r) => lookup(r, [key]), at));
  }
  return section;
}

function interpolateValue(value: ConfigValue, lookup: (name: string) => string, at: ConfigErrorLocation): ConfigValue {
  if (typeof value === "string") return interpolateString(value, lookup, at);
  if (Array.isArray(value)) return value.map((v) => interpolateValue(v, lookup, at));
  if (value instanceof ConfigReference) return new ConfigReference(value.name, value.args.map((v) => interpolateValue(v, lookup, at)));
  if (value !== null && typeof value === "object") {
    const out: { [k: string]: ConfigValue } = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, interpolateValue(v, lookup, at));
    return out;
  }
  return value;
}

/** `%%` → `%`, `%(name)s` → the named value; any other `%` is kept as written. */
function interpolateString(text: string, lookup: (name: string) => string, at: ConfigErrorLocation): string {
  if (!text.includes("%")) return text;
  return text.replace(/%%|%\(([^)]*)\)(s?)/g, (match, name: string | undefined, s: string | undefined) => {
    if (match === "%%") return "%";
    if (s !== "s" || name === undefined || name === "") {
      throw new ConfigError(`malformed interpolation \`${match}\`; write %(name)s, or %% for a literal %`, at);
    }
    return lookup(name);
  });
}
