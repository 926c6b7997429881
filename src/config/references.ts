/**
 * Named callables that config files may refer to: `request.dispatch = MethodDispatcher()` calls the
 * constructor registered as "MethodDispatcher". Names are looked up, never evaluated.
 */
import { ConfigError } from "./errors.js";
import { setOwn, ConfigReference, type ConfigValue } from "./values.js";

export type ReferenceFactory = (...args: never[]) => unknown;

export class References {
  readonly #factories = new Map<string, ReferenceFactory>();
  readonly #changed: () => void;

  /** `changed` runs after every register (hooks named in config are looked up when a route compiles). */
  constructor(changed: () => void = () => {}) {
    this.#changed = changed;
  }

  register(name: string, factory: ReferenceFactory): void {
    this.#factories.set(name, factory);
    this.#changed();
  }

  get(name: string): ReferenceFactory | undefined {
    return this.#factories.get(name);
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  /** Replaces every reference inside a value by what its factory returns. */
  resolve(value: ConfigValue | unknown, where: { file?: string; section?: string; key?: string }): unknown {
    if (value instanceof ConfigReference) {
      const factory = this.#factories.get(value.name);
      if (factory === undefined) {
        const known = [...this.#factories.keys()].join(", ") || "none";
        throw new ConfigError(`unknown reference ${value.name}(); registered names: ${known}`, where);
      }
      const args = value.args.map((a) => this.resolve(a, where));
      return (factory as (...a: unknown[]) => unknown)(...args);
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, where));
    const proto = typeof value === "object" && value !== null ? (Object.getPrototypeOf(value) as unknown) : undefined;
    if (proto === Object.prototype || proto === null) {
      // Same prototype as the source, and own keys only: a "__proto__" key stays a key.
      const out = Object.create(proto as object | null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value as object)) setOwn(out, k, this.resolve(v, where));
      return out;
    }
    return value;
  }
}
