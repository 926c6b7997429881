/**
 * Config namespaces: the first part of a key says who takes it. Global namespaces (engine, server,
 * log, checker, and user ones like `db`) are applied when config.update() runs; request namespaces
 * (request, response, hooks, tools, errorPage, toolboxes, user ones) when a route is compiled.
 */
import type { RouteBuilder } from "../request/route.js";
import { kindOf, valueMatches, type ValueKind } from "./schema.js";

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

  register(name: string, namespace: Namespace): void {
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(name)) throw new TypeError(`invalid namespace name ${JSON.stringify(name)}`);
    this.#entries.set(name, namespace);
  }

  unregister(name: string): void {
    this.#entries.delete(name);
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
      if (kind === undefined) return `unknown key in the ${ns} namespace`;
      if (!valueMatches(kind, value)) return `expected ${describe(kind)}, got ${show(value)}`;
      return undefined;
    }
    return this.#entries.get(ns)?.validate?.(rest, value);
  }
}

function describe(kind: ValueKind): string {
  return kind === "string[]" ? "an array of strings" : kind === "dispatcher" ? "a dispatcher" : `a ${kind}`;
}

export function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
