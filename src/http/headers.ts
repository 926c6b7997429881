/** Request headers: case-insensitive, repeated headers kept, read-only but for delete (the ignoreHeaders tool). */
export class RequestHeaders {
  readonly #values: Map<string, string[]>;

  constructor(distinct: Record<string, string[] | undefined> | Iterable<[string, string]> = {}) {
    this.#values = new Map();
    if (Symbol.iterator in distinct) {
      for (const [name, value] of distinct as Iterable<[string, string]>) this.#add(name.toLowerCase(), value);
    } else {
      for (const name in distinct) {
        const values = (distinct as Record<string, string[] | undefined>)[name];
        if (values) this.#values.set(name.toLowerCase(), values);
      }
    }
  }

  #add(name: string, value: string): void {
    const list = this.#values.get(name);
    if (list) list.push(value);
    else this.#values.set(name, [value]);
  }

  /** The header's values joined with ", " (Set-Cookie style headers are better read with getAll). */
  get(name: string): string | undefined {
    const list = this.#values.get(name.toLowerCase());
    if (list === undefined) return undefined;
    return list.length === 1 ? list[0] : list.join(", ");
  }

  getAll(name: string): readonly string[] {
    return this.#values.get(name.toLowerCase()) ?? [];
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  /** Drops every value of a header; true when there was one. */
  delete(name: string): boolean {
    return this.#values.delete(name.toLowerCase());
  }

  keys(): IterableIterator<string> {
    return this.#values.keys();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, values] of this.#values) for (const value of values) yield [name, value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** "accept-language" → "Accept-Language": how a header name reads in Vary and in logs. */
export function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

export type HeaderValue = string | number | readonly string[];

/** Response headers: case-insensitive, keeps the spelling first set, refuses CR/LF injection. */
export class ResponseHeaders {
  readonly #values = new Map<string, { name: string; value: string | string[] }>();

  set(name: string, value: HeaderValue): this {
    this.#values.set(name.toLowerCase(), { name, value: checked(name, value) });
    return this;
  }

  append(name: string, value: HeaderValue): this {
    const key = name.toLowerCase();
    const added = checked(name, value);
    const current = this.#values.get(key);
    if (current === undefined) this.#values.set(key, { name, value: added });
    else current.value = ([] as string[]).concat(current.value, added);
    return this;
  }

  get(name: string): string | undefined {
    const entry = this.#values.get(name.toLowerCase());
    if (entry === undefined) return undefined;
    return typeof entry.value === "string" ? entry.value : entry.value.join(", ");
  }

  getAll(name: string): readonly string[] {
    const entry = this.#values.get(name.toLowerCase());
    if (entry === undefined) return [];
    return typeof entry.value === "string" ? [entry.value] : entry.value;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): boolean {
    return this.#values.delete(name.toLowerCase());
  }

  clear(): void {
    this.#values.clear();
  }

  /** Name/value pairs as they go on the wire; repeated headers give one pair each. */
  *entries(): IterableIterator<[string, string]> {
    for (const { name, value } of this.#values.values()) {
      if (typeof value === "string") yield [name, value];
      else for (const v of value) yield [name, v];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** The flat [name, value, name, value ...] array node:http's writeHead takes. */
  toRaw(): string[] {
    const raw: string[] = [];
    for (const { name, value } of this.#values.values()) {
      if (typeof value === "string") raw.push(name, value);
      else for (const v of value) raw.push(name, v);
    }
    return raw;
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Any CTL but HTAB (a CR or LF would split the header), and anything past Latin-1, which no
// header can carry (node:http would refuse it when writing, too late for an error page).
const FORBIDDEN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Names already checked: the same few (Content-Type, Content-Length ...) are set on every response. */
const validNames = new Set<string>();

function checked(name: string, value: HeaderValue): string | string[] {
  if (!validNames.has(name)) {
    if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (validNames.size < 1000) validNames.add(name);
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return checkValue(name, value);
  return value.map((v) => checkValue(name, v));
}

function checkValue(name: string, value: string): string {
  if (FORBIDDEN_VALUE.test(value)) throw new TypeError(`invalid character in the value of header ${name}`);
  return value;
}
