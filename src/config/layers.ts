/**
 * Global config and the rule that layers it: defaults, then the environment, then global keys, then
 * (per route) each application section and class or method config along the path, most specific last.
 */
import { DEFAULTS } from "./defaults.js";
import { ENVIRONMENTS, isEnvironmentName, type EnvironmentName } from "./environments.js";
import { ConfigError } from "./errors.js";
import { assertSectioned, lineOf, loadConfigFile } from "./file.js";
import { Namespaces, show } from "./namespaces.js";
import { References } from "./references.js";
import type { AppConfig, GlobalConfigInput, SectionConfig } from "./types.js";

export type ConfigValues = Readonly<Record<string, unknown>>;

export class Config {
  readonly namespaces = new Namespaces(() => this.#changed());
  readonly references = new References(() => this.#changed());
  /** Files that config came from, for the autoreloader. */
  readonly files = new Set<string>();
  readonly #defaults: Readonly<SectionConfig>;
  #values: Record<string, unknown>;
  #listeners = new Set<() => void>();

  /** `defaults` are what every key starts as, and what reset() returns to. */
  constructor(defaults: Readonly<SectionConfig> = DEFAULTS) {
    this.#defaults = defaults;
    this.#values = { ...defaults };
  }

  get values(): ConfigValues {
    return this.#values;
  }

  get<T = unknown>(key: string): T | undefined {
    return this.#values[key] as T | undefined;
  }

  /** Applies global config: an object of keys, sections with a [global] one, or a config file. */
  update(input: string): Promise<void>;
  update(input: SectionConfig | Record<string, SectionConfig>): void;
  update(input: GlobalConfigInput): void | Promise<void> {
    if (typeof input === "string") {
      return loadConfigFile(input).then((sections) => {
        const other = Object.keys(sections).find((name) => name !== "global");
        if (other !== undefined) {
          throw new ConfigError("config.update() applies [global] only; give a file with application sections to tree.mount(root, scriptName, file) or to the launcher (orchard -c)", { file: input, section: other, line: lineOf(sections, other) });
        }
        this.files.add(input);
        this.#apply(this.prepare(sections.global ?? {}, { file: input, section: "global" }));
      });
    }
    const section = "global" in input && isSection(input.global) ? (input.global as SectionConfig) : (input as SectionConfig);
    this.updateGlobal(section);
  }

  /** Applies one [global] section; `file` (where it was read from) goes into error messages. */
  updateGlobal(section: SectionConfig, file?: string): void {
    this.#apply(this.prepare(section, { file, section: "global" }));
  }

  /** Validates a section and resolves its references; throws ConfigError naming the key. */
  prepare(section: SectionConfig, where: { file?: string; section: string }): SectionConfig {
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(section)) {
      const at = { ...where, key, line: lineOf(section, key) };
      const value = this.references.resolve(raw, at);
      const problem = this.namespaces.problemWith(key, value);
      if (problem !== undefined) throw new ConfigError(problem, at);
      if (key === "environment" && !isEnvironmentName(value)) {
        throw new ConfigError(`unknown environment ${show(value)}; choose one of ${Object.keys(ENVIRONMENTS).join(", ")}`, at);
      }
      out[key] = value;
    }
    return out;
  }

  /** Validates application config: every section, with the file and line of a bad key. */
  prepareApp(config: AppConfig, file?: string): AppConfig {
    assertSectioned(config, file);
    const out: AppConfig = {};
    for (const [name, section] of Object.entries(config)) {
      if (name.startsWith("/") && "environment" in section) {
        throw new ConfigError("environment applies to global config only; put it in [global]", { file, section: name, key: "environment", line: lineOf(section, "environment") });
      }
      out[name] = this.prepare(section, { file, section: name });
    }
    return out;
  }

  #apply(section: SectionConfig): void {
    const env = section.environment;
    const keys: Record<string, unknown> = env ? { ...ENVIRONMENTS[env as EnvironmentName], ...section } : section;
    const byNamespace = new Map<string, Map<string, unknown>>();
    for (const [key, value] of Object.entries(keys)) {
      const dot = key.indexOf(".");
      if (dot === -1) continue;
      const ns = key.slice(0, dot);
      let entries = byNamespace.get(ns);
      if (!entries) byNamespace.set(ns, (entries = new Map()));
      entries.set(key.slice(dot + 1), value);
    }
    for (const [name, entries] of byNamespace) {
      const ns = this.namespaces.get(name);
      if (ns?.scope !== "global") continue;
      for (const [k, v] of entries) ns.key?.(k, v);
      ns.done?.(entries);
    }
    // Stored only once every namespace took its keys, so a refused value is not left behind.
    Object.assign(this.#values, keys);
    this.#changed();
  }

  /** Back to the defaults (tests use it between cases). */
  reset(): void {
    this.#values = { ...this.#defaults };
    this.#changed();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

function isSection(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Merges config layers, later ones winning, into one flat object. */
export function mergeLayers(base: ConfigValues, layers: ReadonlyArray<SectionConfig | undefined>): ConfigValues {
  const merged: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, base);
  for (const layer of layers) if (layer !== undefined) Object.assign(merged, layer);
  return Object.freeze(merged);
}
