/**
 * Config namespaces: the first part of a key says who takes it. Global namespaces (engine, server,
 * log, checker, and user ones like `db`) are applied when config.update() runs; request namespaces
 * (request, response, hooks, tools, errorPage, toolboxes, user ones) when a route is compiled.
 */
import type { RouteBuilder } from "../request/route.js";
import { KNOWN_KEYS, kindOf, valueMatches, type ValueKind } from "./schema.js";

export interface GlobalNamespace {
  scope: "global";
  /** Called for each key, with the part after the namespace. */
  key?(key: string, value: unknown): void;
  /** Called once all of an update's keys of this namespace are collected. */
  done?(entries: ReadonlyMap<string, unknown>): void;
  /** Returns what is wrong with a key, or undefined when it is fine. */
  validate?(key: string, value: unknown): string | undefined;
}

export interface RequestNamespace {
  scope: "request";
  key?(key: string, value: unknown, route: RouteBuilder): void;
  done?(entries: ReadonlyMap<string, unknown>, route: RouteBuilder): void;
  validate?(key: string, value: unknown): string | undefined;
}

export type Namespace = GlobalNamespace | RequestNamespace;

/** The namespaces whose every key Orchard knows (the schema decides); anything else in them is a typo. */
const SCHEMA_NAMESPACES = new Set(["server", "engine", "log", "checker", "request", "response", "errorPage", "hooks"]);

export class Namespaces {
  readonly #entries = new Map<string, Namespace>();
  readonly #changed: () => void;

  /** `changed` runs after every register/unregister, so compiled routes are rebuilt with the new namespace. */
  constructor(changed: () => void = () => {}) {
    this.#changed = changed;
  }

  register(name: string, namespace: Namespace): void {
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(name)) throw new TypeError(`invalid namespace name ${JSON.stringify(name)}`);
    this.#entries.set(name, namespace);
    this.#changed();
  }

  unregister(name: string): void {
    if (this.#entries.delete(name)) this.#changed();
  }

  get(name: string): Namespace | undefined {
    return this.#entries.get(name);
  }

  isKnown(name: string): boolean {
    return SCHEMA_NAMESPACES.has(name) || this.#entries.has(name) || name === "tools";
  }

  *ofScope<S extends Namespace["scope"]>(scope: S): IterableIterator<[string, Extract<Namespace, { scope: S }>]> {
    for (const [name, ns] of this.#entries) if (ns.scope === scope) yield [name, ns as Extract<Namespace, { scope: S }>];
  }

  /** What is wrong with one key, or undefined. Unknown namespaces are the checker's business, not an error. */
  problemWith(key: string, value: unknown): string | undefined {
    if (key === "environment") return undefined;
    const dot = key.indexOf(".");
    const ns = dot === -1 ? key : key.slice(0, dot);
    const rest = dot === -1 ? "" : key.slice(dot + 1);
    if (SCHEMA_NAMESPACES.has(ns)) {
      const kind = kindOf(key);
      if (kind === undefined) {
        const guess = closestKnownKey(key);
        return `unknown key in the ${ns} namespace${guess === undefined ? "" : `; did you mean ${guess}?`}`;
      }
      if (!valueMatches(kind, value)) return `expected ${describe(kind)}, got ${show(value)}`;
    }
    return this.#entries.get(ns)?.validate?.(rest, value);
  }
}

/** The known key a typo most likely meant: same namespace, at most two edits away (or only case differs). */
function closestKnownKey(key: string): string | undefined {
  const ns = key.slice(0, key.indexOf(".") + 1);
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of KNOWN_KEYS.keys()) {
    if (!known.startsWith(ns)) continue;
    const distance = known.toLowerCase() === key.toLowerCase() ? 0 : editDistance(known, key, bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) >= limit) return limit;
    previous = row;
  }
  return Math.min(previous[b.length]!, limit);
}

const DESCRIPTIONS: Partial<Record<ValueKind, string>> = {
  "string[]": "an array of strings",
  dispatcher: "a dispatcher",
  object: "an object",
  multipartLimits: "an object of fieldSize, parts, fileSize and memoryLimit, each a whole number of 0 or more",
};

function describe(kind: ValueKind): string {
  return DESCRIPTIONS[kind] ?? `a ${kind}`;
}

export function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
