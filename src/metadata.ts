/**
 * What decorators declare, kept beside the code instead of on it: a WeakMap from a function or
 * class to its metadata. Decorators only write here; dispatchers and the tool pipeline only read.
 */
import type { SectionConfig } from "./config/types.js";

export interface Metadata {
  exposed?: boolean;
  /** Extra names a handler answers to. */
  aliases?: string[];
  /** Names for leftover path segments, consumed in order (popargs). */
  popargs?: string[];
  /** Config attached with config(); the most specific layer. */
  config?: SectionConfig;
  /** Config written by tool decorators: defaults that path config may override, as in CherryPy. */
  toolConfig?: SectionConfig;
}

const store = new WeakMap<object, Metadata>();

export function metadataOf(target: object): Readonly<Metadata> | undefined {
  return store.get(target);
}

export function writeMetadata(target: object, update: (current: Metadata) => void): void {
  let current = store.get(target);
  if (current === undefined) store.set(target, (current = {}));
  update(current);
}

export function isExposed(value: unknown): boolean {
  return (typeof value === "function" || (typeof value === "object" && value !== null)) && store.get(value)?.exposed === true;
}

export function configOf(target: object): SectionConfig | undefined {
  return store.get(target)?.config;
}

export function toolConfigOf(target: object): SectionConfig | undefined {
  return store.get(target)?.toolConfig;
}
