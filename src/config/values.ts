/**
 * Config values: JSON literals plus named references such as `MethodDispatcher()`, parsed by hand so
 * errors carry a file position and a hint for common non-JSON spellings (`yes`, `True`, 'single').
 * Nothing is evaluated: a later layer (references.ts) resolves a reference by name.
 */
import { ConfigError, type ConfigErrorLocation } from "./errors.js";

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

/** Assigns as an own data property, so keys like `__proto__` stay plain keys. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One physical line of a (possibly continued) value: its file line, the column of its first char, its offset in the joined text. */
export interface Segment {
  line: number;
  column: number;
  offset: number;
}

class ValueSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
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

  fail(message: string, at = this.pos): never {
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

/** Top-level text that is clearly an unquoted string (`yes`, `/var/www`, `0.0.0.0`) gets one friendly message. */
function unquotedHint(text: string): string | undefined {
  if (text.includes("\n") || /^["'[{]/.test(text) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(/.test(text)) return undefined;
  const bare = text.replace(/\s+#[^\n]*$/, "");
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(bare)) return bareWordHint(bare);
  return `value \`${bare}\` is not a JSON literal; write ${JSON.stringify(bare)} for a string`;
}

/** Parses the (joined) text of one entry; errors name the file line and column via `segments`. */
export function parseValue(text: string, segments: readonly Segment[], at: ConfigErrorLocation): ConfigValue {
  const where = (offset: number): string => {
    let segment = segments[0] as Segment;
    for (const s of segments) if (s.offset <= offset) segment = s;
    return `line ${segment.line}, column ${segment.column + offset - segment.offset}`;
  };
  if (text === "") throw new ConfigError('missing value; write "" for an empty string or null for none', at);
  try {
    return new ValueParser(text, where).parse();
  } catch (err) {
    if (!(err instanceof ValueSyntaxError)) throw err;
    const hint = unquotedHint(text);
    if (hint !== undefined) throw new ConfigError(hint, at);
    throw new ConfigError(`${err.message} (${where(err.offset)})`, at);
  }
}
