import type { Params } from "../request.js";

/** Adds a value under a key; a key seen before turns into an array of its values, in order. */
export function addParam(params: Params, key: string, value: unknown): void {
  if (!(key in params)) params[key] = value;
  else {
    const current = params[key];
    params[key] = Array.isArray(current) ? [...(current as unknown[]), value] : [current, value];
  }
}

export function mergeParams(into: Params, from: Readonly<Record<string, unknown>>): void {
  for (const key in from) {
    const value = from[key];
    if (Array.isArray(value)) for (const v of value) addParam(into, key, v);
    else addParam(into, key, value);
  }
}
