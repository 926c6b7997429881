import type { Params } from "../request.js";

/** Adds a value under a key; a key seen before turns into an array of its values, in order. */
export function addParam(params: Params, key: string, value: unknown): void {
  if (!(key in params)) params[key] = value;
  else {
    const current = params[key];
    // The arrays here are made below, never a caller's: appending in place keeps 40k repeats linear.
    if (Array.isArray(current)) current.push(value);
    else params[key] = [current, value];
  }
}

export function mergeParams(into: Params, from: Readonly<Record<string, unknown>>): void {
  for (const key in from) {
    const value = from[key];
    if (Array.isArray(value)) for (const v of value) addParam(into, key, v);
    else addParam(into, key, value);
  }
}
