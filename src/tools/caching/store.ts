/**
 * Where the caching tool keeps responses: the CacheStore interface (async-capable, so a shared store
 * such as Redis can back load-balanced instances) and MemoryStore, the in-process default.
 *
 * A resource (a URI) has one list of selecting header names, taken from its responses' Vary, and one
 * variant per combination of those request headers' values. The tool computes the variant key; a
 * store only keeps entries under (uri, variant).
 */

export type Awaitable<T> = T | Promise<T>;

/** One stored response, ready to be served again. Plain data, so a shared store can serialize it. */
export interface CacheEntry {
  readonly status: number;
  /** The response headers as sent, without Content-Length, Date, Age and hop-by-hop fields. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
  /** When the response was made, in ms since the epoch; `Age` counts from here. */
  readonly created: number;
  /** When it stops being fresh, in ms since the epoch. */
  readonly expires: number;
  /** The lower-case request header names it varies on (its Vary), in order. */
  readonly vary: readonly string[];
}

export interface CacheStore {
  /** The selecting header names of what is stored for `uri` (lower-case), or undefined when nothing is. */
  varyOf(uri: string): Awaitable<readonly string[] | undefined>;
  /** The variant stored under `variant`, or undefined (a store may drop expired entries as it finds them). */
  get(uri: string, variant: string): Awaitable<CacheEntry | undefined>;
  /**
   * Stores a variant. When `entry.vary` differs from the resource's current names, the resource's
   * other variants are dropped: they were selected by other headers.
   */
  set(uri: string, variant: string, entry: CacheEntry): Awaitable<void>;
  /** Removes every variant of `uri`. */
  delete(uri: string): Awaitable<void>;
  /** Removes everything. */
  clear(): Awaitable<void>;
}

export interface MemoryStoreLimits {
  /** The most entries kept (default 1000). */
  maxObjects?: number;
  /** The most body bytes kept in all (default 10 MB). */
  maxSize?: number;
}

interface Resource {
  vary: readonly string[];
  variants: Map<string, CacheEntry>;
}

const SEPARATOR = "\u0000";

/**
 * The default store: a Map in this process. Expired entries are dropped when they are read, and the
 * least recently used ones when an insert would pass maxObjects or maxSize; no timer runs, so the
 * store never keeps the process alive and costs nothing while idle.
 */
export class MemoryStore implements CacheStore {
  readonly maxObjects: number;
  readonly maxSize: number;
  readonly #resources = new Map<string, Resource>();
  /** Every entry as `uri \0 variant`, least recently used first (a Map keeps insertion order). */
  readonly #recency = new Map<string, number>();
  #size = 0;

  constructor(limits: MemoryStoreLimits = {}) {
    this.maxObjects = limits.maxObjects ?? 1000;
    this.maxSize = limits.maxSize ?? 10_000_000;
  }

  /** How many entries are stored. */
  get count(): number {
    return this.#recency.size;
  }

  /** How many body bytes are stored. */
  get size(): number {
    return this.#size;
  }

  varyOf(uri: string): readonly string[] | undefined {
    return this.#resources.get(uri)?.vary;
  }

  get(uri: string, variant: string): CacheEntry | undefined {
    const entry = this.#resources.get(uri)?.variants.get(variant);
    if (entry === undefined) return undefined;
    if (entry.expires <= Date.now()) {
      this.#remove(uri, variant);
      return undefined;
    }
    const key = uri + SEPARATOR + variant;
    this.#recency.delete(key);
    this.#recency.set(key, entry.body.length);
    return entry;
  }

  set(uri: string, variant: string, entry: CacheEntry): void {
    const size = entry.body.length;
    if (size > this.maxSize || this.maxObjects < 1) return;
    let resource = this.#resources.get(uri);
    if (resource !== undefined && !sameNames(resource.vary, entry.vary)) {
      this.delete(uri);
      resource = undefined;
    }
    if (resource === undefined) this.#resources.set(uri, (resource = { vary: entry.vary, variants: new Map() }));
    if (resource.variants.has(variant)) this.#remove(uri, variant);
    this.#evictFor(size);
    // Eviction may have emptied (and so removed) this very resource.
    if (!this.#resources.has(uri)) this.#resources.set(uri, resource);
    resource.variants.set(variant, entry);
    this.#recency.set(uri + SEPARATOR + variant, size);
    this.#size += size;
  }

  delete(uri: string): void {
    const resource = this.#resources.get(uri);
    if (resource === undefined) return;
    for (const variant of [...resource.variants.keys()]) this.#remove(uri, variant);
    this.#resources.delete(uri);
  }

  clear(): void {
    this.#resources.clear();
    this.#recency.clear();
    this.#size = 0;
  }

  /** Drops least recently used entries until one more of `size` bytes fits. */
  #evictFor(size: number): void {
    for (const key of this.#recency.keys()) {
      if (this.#recency.size < this.maxObjects && this.#size + size <= this.maxSize) return;
      const cut = key.indexOf(SEPARATOR);
      this.#remove(key.slice(0, cut), key.slice(cut + 1));
    }
  }

  #remove(uri: string, variant: string): void {
    const resource = this.#resources.get(uri);
    const entry = resource?.variants.get(variant);
    if (resource === undefined || entry === undefined) return;
    resource.variants.delete(variant);
    this.#recency.delete(uri + SEPARATOR + variant);
    this.#size -= entry.body.length;
    if (resource.variants.size === 0) this.#resources.delete(uri);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
