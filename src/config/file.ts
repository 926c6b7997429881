/**
 * Config files: INI text (parseConfig) or JS modules exporting the same object of sections
 * (loadConfigFile). This module only reads and shapes; values are parsed in values.ts, `%(name)s` in
 * interpolation.ts, and layering, namespaces and key checks live in the other config modules.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, resolve } from "node:path";
import { types } from "node:util";
import { ConfigError, type ConfigErrorLocation } from "./errors.js";
import { interpolateSection, type ParsedEntry } from "./interpolation.js";
import { ConfigReference, parseValue, setOwn, type ConfigValue, type Segment } from "./values.js";

/** Section name → key → value. */
export type ConfigSections = Record<string, Record<string, ConfigValue>>;

interface PendingEntry {
  key: string;
  line: number;
  indent: number;
  parts: string[];
  segments: Segment[];
  length: number;
}

interface PendingSection {
  line: number;
  entries: Map<string, PendingEntry>;
}

interface ParsedSection {
  line: number;
  entries: Map<string, ParsedEntry>;
}

/** Line numbers of the keys (and section headers) of objects returned by parseConfig. */
const LINES = new WeakMap<object, Map<string, number>>();

/**
 * The file line where `key` was written, for a section returned by {@link parseConfig}; or, given
 * the whole result, the line of a section's header. Undefined for objects not parsed from text.
 */
export function lineOf(sectionOrSections: object, key: string): number | undefined {
  return LINES.get(sectionOrSections)?.get(key);
}

function addSegment(entry: PendingEntry, line: number, column: number, text: string): void {
  if (entry.parts.length > 0) entry.length += 1; // the joining "\n"
  entry.segments.push({ line, column, offset: entry.length });
  entry.parts.push(text);
  entry.length += text.length;
}

/**
 * Parses INI-style config text into sections. Values are JSON literals or references
 * (`Name(args...)`); a value continues over following indented lines. `[DEFAULT]` is a source for
 * `%(name)s` interpolation inside strings and is not returned.
 */
export function parseConfig(text: string, file?: string): ConfigSections {
  const sections = new Map<string, PendingSection>();
  let current: { name: string; section: PendingSection } | undefined;
  let entry: PendingEntry | undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) return;
    const indent = raw.length - raw.trimStart().length;
    // As in ConfigParser, a line indented deeper than its key continues the value.
    if (entry !== undefined && indent > entry.indent) {
      addSegment(entry, line, indent + 1, trimmed);
      return;
    }
    entry = undefined;
    if (trimmed.startsWith("[")) {
      const name = sectionName(trimmed, { file, line });
      const previous = sections.get(name);
      if (previous !== undefined) {
        throw new ConfigError(`duplicate section (first declared at line ${previous.line})`, { file, line, section: name });
      }
      current = { name, section: { line, entries: new Map() } };
      sections.set(name, current.section);
      return;
    }
    const delimiter = raw.search(/[=:]/);
    if (delimiter < 0) {
      throw new ConfigError(`expected \`key = value\` or a [section] header, got \`${trimmed}\``, { file, line, section: current?.name });
    }
    const key = raw.slice(0, delimiter).trim();
    const at = { file, line, section: current?.name, key };
    if (key === "") throw new ConfigError(`missing key before '${raw[delimiter]}'`, { file, line, section: current?.name });
    if (/[\s"'[\]{}]/.test(key)) throw new ConfigError("keys cannot contain spaces, quotes or brackets", at);
    if (current === undefined) {
      throw new ConfigError("key outside any section; put it under a section header such as [global] or [/]", { file, line, key });
    }
    const first = current.section.entries.get(key);
    if (first !== undefined) throw new ConfigError(`duplicate key (first set at line ${first.line})`, at);
    const rest = raw.slice(delimiter + 1);
    const lead = rest.length - rest.trimStart().length;
    entry = { key, line, indent, parts: [], segments: [], length: 0 };
    addSegment(entry, line, delimiter + 2 + lead, rest.trim());
    current.section.entries.set(key, entry);
  });

  // Every value is parsed before any is interpolated, so a syntax error anywhere is reported first.
  const parsed = new Map<string, ParsedSection>();
  for (const [name, section] of sections) {
    const entries = new Map<string, ParsedEntry>();
    for (const [key, { parts, segments, line }] of section.entries) {
      entries.set(key, { value: parseValue(parts.join("\n"), segments, { file, line, section: name, key }), line });
    }
    parsed.set(name, { line: section.line, entries });
  }

  const defaults = parsed.get("DEFAULT")?.entries;
  const out: ConfigSections = {};
  const headerLines = new Map<string, number>();
  LINES.set(out, headerLines);
  for (const [name, { line, entries }] of parsed) {
    if (name === "DEFAULT") continue;
    const section = interpolateSection(name, entries, defaults, file);
    LINES.set(section, new Map([...entries].map(([key, entry]) => [key, entry.line])));
    headerLines.set(name, line);
    setOwn(out, name, section);
  }
  return out;
}

function sectionName(trimmed: string, at: ConfigErrorLocation): string {
  const m = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(trimmed);
  if (m === null) throw new ConfigError(`malformed section header \`${trimmed}\`; write [name] on its own line`, at);
  const name = (m[1] ?? "").trim();
  if (name === "") throw new ConfigError("empty section header []; write [global], [/path] or [name]", at);
  if (!name.startsWith("/") && name.includes(".")) {
    throw new ConfigError(
      `section [${name}] is not a path, "global" or a plain name; write dotted keys inside a section instead, for example [global] then \`${name}.on = true\``,
      at,
    );
  }
  return name;
}

/** True for `{...}` literals and `Object.create(null)` objects (not arrays, class instances or references). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function looksLikeSectionName(key: string): boolean {
  return key.startsWith("/") || !key.includes(".");
}

/**
 * True when `obj` is an object of sections: every top-level key is a path ("/..."), "global" or
 * another name without dots, and every value is a plain object of settings.
 */
export function isSectioned(obj: unknown): obj is Record<string, Record<string, unknown>> {
  return isPlainObject(obj) && Object.entries(obj).every(([k, v]) => looksLikeSectionName(k) && isPlainObject(v));
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof ConfigReference) return `the reference ${value.toString()}`;
  if (typeof value === "object") {
    const ctor: unknown = Object.getPrototypeOf(value)?.constructor;
    return typeof ctor === "function" && ctor.name !== "" ? `a ${ctor.name}` : "an object";
  }
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "function") return "a function";
  if (value === undefined) return "undefined";
  return `the ${typeof value} ${String(value)}`;
}

/**
 * Throws a ConfigError unless `obj` is an object of sections. A flat object of settings
 * (`{ "tools.gzip.on": true }`) is rejected with the guidance to wrap it in a section, as CherryPy
 * does ("must include section headers").
 */
export function assertSectioned(obj: unknown, file?: string): asserts obj is Record<string, Record<string, unknown>> {
  if (!isPlainObject(obj)) {
    throw new ConfigError(`config must be an object of sections (section name → settings), got ${describeType(obj)}`, { file });
  }
  for (const [key, value] of Object.entries(obj)) {
    if (isPlainObject(value) && looksLikeSectionName(key)) continue;
    if (key.startsWith("/") || key === "global") {
      throw new ConfigError(`a section must be an object of settings, got ${describeType(value)}`, { file, section: key });
    }
    throw new ConfigError(
      `config must include section headers: \`${key}\` is not a section; wrap flat settings in one, for example { "/": { "${key}": ... } } or { "global": { ... } }`,
      { file },
    );
  }
}

/**
 * The default export, else the `config` export. A CommonJS module that sets `exports.config`
 * shows up with both (default = the whole exports object), and then `config` is meant.
 */
function pickExport(mod: Record<string, unknown>): unknown {
  const { default: main, config } = mod;
  if (main === undefined) return config;
  if (config !== undefined && isPlainObject(main) && main.config === config) return config;
  return main;
}

const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

function readError(path: string, err: unknown): ConfigError {
  const code = err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : String(err);
  const error = new ConfigError(`cannot read config file ${path}: ${code}`, { cause: err });
  error.file = path;
  return error;
}

const requireModule = createRequire(import.meta.url);

/**
 * Reads a config file synchronously, so `tree.mount(root, "/", "app.conf")` can take a path as
 * CherryPy's mount does: `.js`/`.mjs`/`.cjs` modules are loaded (ES modules through require, which
 * Node 20.19+ supports for modules without top-level await) and their default export (or a named
 * `config` export) is taken; anything else is parsed with {@link parseConfig}.
 *
 * Module values are passed through as written: they may hold functions or instances (a real
 * dispatcher, a hook) that are not ConfigValues, and the layer that applies config must accept them.
 */
export function readConfigFile(path: string): ConfigSections {
  if (!MODULE_EXTENSIONS.has(extname(path).toLowerCase())) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw readError(path, err);
    }
    return parseConfig(text, path);
  }
  try {
    const info = statSync(path);
    if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: info.isDirectory() ? "EISDIR" : "ENOTFILE" });
  } catch (err) {
    throw readError(path, err);
  }
  let mod: Record<string, unknown>;
  try {
    const loaded: unknown = requireModule(resolve(path));
    // A CommonJS module gives its exports object; seen through import() it would be the default export.
    mod = types.isModuleNamespaceObject(loaded) ? (loaded as Record<string, unknown>) : { ...(loaded as object), default: loaded };
  } catch (err) {
    throw new ConfigError(`cannot load config module: ${err instanceof Error ? err.message : String(err)}`, { file: path, cause: err });
  }
  const exported = pickExport(mod);
  if (exported === undefined) {
    throw new ConfigError("config module must export its sections as the default export or as `config`", { file: path });
  }
  if (!isPlainObject(exported)) {
    throw new ConfigError(`config module must export an object of sections, got ${describeType(exported)}`, { file: path });
  }
  assertSectioned(exported, path);
  const out: ConfigSections = {};
  for (const [name, section] of Object.entries(exported)) setOwn(out, name, { ...section } as Record<string, ConfigValue>);
  return out;
}

/** {@link readConfigFile} as a promise: failures reject instead of throwing. */
export async function loadConfigFile(path: string): Promise<ConfigSections> {
  return readConfigFile(path);
}
