/**
 * Config files: INI sections whose values are JSON literals or named references, and JS modules
 * exporting the same object. This module only parses; layering, namespaces and key checks live in
 * the other config modules. Nothing here is ever evaluated: `MethodDispatcher()` becomes a
 * ConfigReference that a later layer resolves by name.
 */
import { readFile, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Where a config problem was found. Every part is optional; unknown parts are left out of the message. */
export interface ConfigErrorLocation {
  file?: string;
  line?: number;
  section?: string;
  key?: string;
  cause?: unknown;
}

/**
 * A config problem, with a message that reads like `site.conf:12: [/api] tools.gzip.on: <reason>`.
 * Thrown by the file parser here and by the layers that check keys and values.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly code = "ERR_ORCHARD_CONFIG";
  /** The message without the location prefix. */
  readonly reason: string;
  file?: string;
  line?: number;
  section?: string;
  key?: string;

  constructor(message: string, where: ConfigErrorLocation = {}) {
    super(formatConfigError(message, where), where.cause === undefined ? undefined : { cause: where.cause });
    this.reason = message;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.section !== undefined) this.section = where.section;
    if (where.key !== undefined) this.key = where.key;
  }

  /** A copy of this error with the location parts it does not know yet filled in from `where`. */
  withLocation(where: ConfigErrorLocation): ConfigError {
    return new ConfigError(this.reason, {
      file: this.file ?? where.file,
      line: this.line ?? where.line,
      section: this.section ?? where.section,
      key: this.key ?? where.key,
      cause: this.cause ?? where.cause,
    });
  }
}

function formatConfigError(message: string, where: ConfigErrorLocation): string {
  let place = "";
  if (where.file !== undefined) place = where.line !== undefined ? `${where.file}:${where.line}` : where.file;
  else if (where.line !== undefined) place = `line ${where.line}`;
  const subject = [where.section !== undefined ? `[${where.section}]` : "", where.key ?? ""]
    .filter((part) => part !== "")
    .join(" ");
  return [place, subject, message].filter((part) => part !== "").join(": ");
}

/**
 * A named reference such as `MethodDispatcher()` or `VirtualHost({"www.a.com": "/a"})`.
 * Never evaluated here: a later layer looks `name` up in a registry of constructors.
 */
export class ConfigReference {
  constructor(
    readonly name: string,
    readonly args: ConfigValue[],
  ) {}

  toString(): string {
    return `${this.name}(${this.args.map(formatConfigValue).join(", ")})`;
  }
}

export type ConfigValue =
  | null
  | boolean
  | number
  | string
  | ConfigValue[]
  | { [k: string]: ConfigValue }
  | ConfigReference;

/** Section name → key → value. */
export type ConfigSections = Record<string, Record<string, ConfigValue>>;

/** A value written back in config-file syntax (JSON, with references as `Name(args)`). */
export function formatConfigValue(value: ConfigValue): string {
  if (value instanceof ConfigReference) return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatConfigValue).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${formatConfigValue(v)}`);
    return `{${entries.join(", ")}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Values: JSON plus references, parsed by hand so errors carry a file position.

/** One physical line of a (possibly continued) value: its file line, the column of its first char, its offset in the joined text. */
interface Segment {
  line: number;
  column: number;
  offset: number;
}

class ValueSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

const IDENT = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PYTHON_LITERALS: Record<string, string> = { True: "true", False: "false", None: "null" };
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function describeChar(c: string | undefined): string {
  if (c === undefined) return "the end of the value";
  if (c === "\n") return "the end of the line";
  return `'${c}'`;
}

function bareWordHint(word: string): string {
  const literal = PYTHON_LITERALS[word];
  if (literal !== undefined) return `value \`${word}\` is not a JSON literal; write ${literal} (JSON literals are lowercase)`;
  if (/^[A-Z]/.test(word) || word.includes(".")) {
    return `value \`${word}\` is not a JSON literal; write ${JSON.stringify(word)} for a string or ${word}() for a reference`;
  }
  return `value \`${word}\` is not a JSON literal; write ${JSON.stringify(word)} for a string or true/false`;
}

class ValueParser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly where: (offset: number) => string,
  ) {}

  fail(message: string, at: number | undefined = this.pos): never {
    throw new ValueSyntaxError(message, at);
  }

  parse(): ConfigValue {
    const value = this.value(false);
    this.space();
    if (this.pos < this.text.length) {
      const rest = this.text.slice(this.pos).split("\n")[0] ?? "";
      this.fail(`unexpected text \`${rest.trim()}\` after the value`);
    }
    return value;
  }

  /** Skips whitespace, newlines and `#` comments (outside strings). */
  space(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#") {
        const end = text.indexOf("\n", this.pos);
        this.pos = end < 0 ? text.length : end;
      } else break;
    }
  }

  value(inArgs: boolean): ConfigValue {
    this.space();
    const c = this.text[this.pos];
    if (c === undefined) return this.fail("missing value");
    if (c === '"') return this.string();
    if (c === "'") return this.singleQuoted();
    if (c === "[") return this.array();
    if (c === "{") return this.object();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    IDENT.lastIndex = this.pos;
    if (IDENT.test(this.text)) return this.wordOrReference(inArgs);
    return this.fail(`unexpected character ${describeChar(c)}`);
  }

  string(): string {
    const { text } = this;
    const start = this.pos++;
    let out = "";
    for (;;) {
      const c = text[this.pos];
      if (c === undefined || c === "\n") return this.fail("unterminated string", start);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\") {
        const e = text[this.pos + 1];
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        const decoded = e === undefined ? undefined : ESCAPES[e];
        if (decoded === undefined) return this.fail(`invalid escape \`\\${e ?? ""}\` in string`);
        out += decoded;
        this.pos += 2;
        continue;
      }
      if (c < " ") return this.fail(c === "\t" ? "raw tab in string; write \\t" : "control character in string");
      out += c;
      this.pos++;
    }
  }

  singleQuoted(): never {
    const end = this.text.indexOf("'", this.pos + 1);
    const body = end < 0 ? this.text.slice(this.pos + 1).split("\n")[0] ?? "" : this.text.slice(this.pos + 1, end);
    return this.fail(
      `single-quoted strings are not JSON; write ${JSON.stringify(body)} with double quotes`,
    );
  }

  number(): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    const next = m === null ? undefined : this.text[this.pos + m[0].length];
    if (m === null || (next !== undefined && /[\w.$]/.test(next))) {
      const run = /[^\s,\]}#)]*/y;
      run.lastIndex = this.pos;
      return this.fail(`invalid number \`${run.exec(this.text)?.[0] ?? ""}\``);
    }
    this.pos += m[0].length;
    return Number(m[0]);
  }

  wordOrReference(inArgs: boolean): ConfigValue {
    const start = this.pos;
    IDENT.lastIndex = start;
    const word = IDENT.exec(this.text)?.[0] ?? "";
    this.pos += word.length;
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    const afterWord = this.pos;
    this.space();
    if (this.text[this.pos] === "(") return this.reference(word, start);
    if (inArgs && this.text[this.pos] === "=") {
      return this.fail(`keyword argument \`${word}=\` is not supported; pass positional JSON values (an object for named options)`, start);
    }
    this.pos = afterWord;
    return this.fail(bareWordHint(word), start);
  }

  reference(name: string, start: number): ConfigReference {
    this.pos++; // "("
    const args: ConfigValue[] = [];
    this.space();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return new ConfigReference(name, args);
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] === ")") return this.fail("trailing comma before ')'");
      args.push(this.value(true));
      this.space();
      const c = this.text[this.pos];
      if (c === ",") this.pos++;
      else if (c === ")") {
        this.pos++;
        return new ConfigReference(name, args);
      } else if (c === undefined) return this.fail(`unterminated reference ${name}(…) opened at ${this.where(start)}; expected ',' or ')'`);
      else return this.fail(`expected ',' or ')' but found ${describeChar(c)}`);
    }
  }

  array(): ConfigValue[] {
    const start = this.pos++;
    const out: ConfigValue[] = [];
    this.space();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] === "]") return this.fail("trailing comma before ']'");
      out.push(this.value(false));
      this.space();
      const c = this.text[this.pos];
      if (c === ",") this.pos++;
      else if (c === "]") {
        this.pos++;
        return out;
      } else if (c === undefined) return this.fail(`unterminated array opened at ${this.where(start)}; expected ',' or ']'`);
      else return this.fail(`expected ',' or ']' but found ${describeChar(c)}`);
    }
  }

  object(): { [k: string]: ConfigValue } {
    const start = this.pos++;
    const out: { [k: string]: ConfigValue } = {};
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      const keyAt = this.pos;
      const c = this.text[this.pos];
      if (c === "}") return this.fail("trailing comma before '}'");
      if (c === "'") this.singleQuoted();
      if (c !== '"') {
        IDENT.lastIndex = keyAt;
        const word = IDENT.exec(this.text)?.[0];
        if (word !== undefined) this.fail(`object keys must be double-quoted strings; write ${JSON.stringify(word)}`);
        if (c === undefined) this.fail(`unterminated object opened at ${this.where(start)}; expected a key or '}'`);
        this.fail(`expected a double-quoted key but found ${describeChar(c)}`);
      }
      const key = this.string();
      if (Object.hasOwn(out, key)) this.fail(`duplicate key ${JSON.stringify(key)} in object`, keyAt);
      this.space();
      if (this.text[this.pos] !== ":") this.fail(`expected ':' after key ${JSON.stringify(key)} but found ${describeChar(this.text[this.pos])}`);
      this.pos++;
      setOwn(out, key, this.value(false));
      this.space();
      const d = this.text[this.pos];
      if (d === ",") this.pos++;
      else if (d === "}") {
        this.pos++;
        return out;
      } else if (d === undefined) return this.fail(`unterminated object opened at ${this.where(start)}; expected ',' or '}'`);
      else return this.fail(`expected ',' or '}' but found ${describeChar(d)}`);
    }
  }
}

/** Assigns as an own data property, so keys like `__proto__` stay plain keys. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Top-level text that is clearly an unquoted string (`yes`, `/var/www`, `0.0.0.0`) gets one friendly message. */
function unquotedHint(text: string): string | undefined {
  if (text.includes("\n") || /^["'[{]/.test(text) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(/.test(text)) return undefined;
  const bare = text.replace(/\s+#[^\n]*$/, "");
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(bare)) return bareWordHint(bare);
  return `value \`${bare}\` is not a JSON literal; write ${JSON.stringify(bare)} for a string`;
}

// ---------------------------------------------------------------------------------------------
// INI structure.

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

interface ParsedEntry {
  value: ConfigValue;
  line: number;
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

  const parsed = new Map<string, ParsedSection>();
  for (const [name, section] of sections) {
    const entries = new Map<string, ParsedEntry>();
    for (const [key, pending] of section.entries) {
      entries.set(key, { value: parseEntry(pending, { file, section: name }), line: pending.line });
    }
    parsed.set(name, { line: section.line, entries });
  }
  return interpolateAll(parsed, file);
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

function parseEntry(pending: PendingEntry, at: { file: string | undefined; section: string }): ConfigValue {
  const text = pending.parts.join("\n");
  const where = (offset: number): string => {
    let segment = pending.segments[0] as Segment;
    for (const s of pending.segments) if (s.offset <= offset) segment = s;
    return `line ${segment.line}, column ${segment.column + offset - segment.offset}`;
  };
  const location = { file: at.file, line: pending.line, section: at.section, key: pending.key };
  if (text === "") throw new ConfigError('missing value; write "" for an empty string or null for none', location);
  try {
    return new ValueParser(text, where).parse();
  } catch (err) {
    if (!(err instanceof ValueSyntaxError)) throw err;
    const hint = unquotedHint(text);
    if (hint !== undefined) throw new ConfigError(hint, location);
    const position = err.offset === undefined ? "" : ` (${where(err.offset)})`;
    throw new ConfigError(err.message + position, location);
  }
}

// ---------------------------------------------------------------------------------------------
// `%(name)s` interpolation: inside string values only, from the same section, then [DEFAULT].

function interpolateAll(parsed: Map<string, ParsedSection>, file: string | undefined): ConfigSections {
  const defaults = parsed.get("DEFAULT")?.entries;
  const out: ConfigSections = {};
  const headerLines = new Map<string, number>();
  LINES.set(out, headerLines);
  for (const [name, { line: headerLine, entries }] of parsed) {
    if (name === "DEFAULT") continue;
    const section: Record<string, ConfigValue> = {};
    headerLines.set(name, headerLine);
    LINES.set(section, new Map([...entries].map(([key, entry]) => [key, entry.line])));
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
    setOwn(out, name, section);
  }
  return out;
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

// ---------------------------------------------------------------------------------------------
// Objects and modules.

/** True for `{...}` literals and `Object.create(null)` objects (not arrays, class instances or references). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
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

/**
 * Loads a config file: `.js`/`.mjs`/`.cjs` modules are imported and their default export (or a
 * named `config` export) is taken; anything else is parsed with {@link parseConfig}.
 *
 * Module values are passed through as written: they may hold functions or instances (a real
 * dispatcher, a hook) that are not ConfigValues, and the layer that applies config must accept them.
 */
export async function loadConfigFile(path: string): Promise<ConfigSections> {
  if (!MODULE_EXTENSIONS.has(extname(path).toLowerCase())) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      throw readError(path, err);
    }
    return parseConfig(text, path);
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: info.isDirectory() ? "EISDIR" : "ENOTFILE" });
  } catch (err) {
    throw readError(path, err);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
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
