/**
 * The public `config`: the site's global config (`config.update(...)`, `config.get(key)`) that is
 * also the decorator attaching config to a class or method (`@config({...})`), as DESIGN.md names both.
 */
import { config as attach } from "../decorators/config.js";
import type { Config } from "./layers.js";
import type { SectionConfig } from "./types.js";

export type GlobalConfig = typeof attach & Pick<Config, "update" | "get" | "values" | "namespaces" | "references" | "files" | "reset" | "onChange">;

export function globalConfig(store: Config): GlobalConfig {
  const decorator = (settings: SectionConfig) => attach(settings);
  return Object.defineProperties(decorator, {
    update: { value: store.update.bind(store) },
    get: { value: store.get.bind(store) },
    reset: { value: store.reset.bind(store) },
    onChange: { value: store.onChange.bind(store) },
    values: { get: () => store.values },
    namespaces: { value: store.namespaces },
    references: { value: store.references },
    files: { value: store.files },
  }) as GlobalConfig;
}
