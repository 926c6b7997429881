/** Reading request headers for the cache without the reads being noticed, and the variant key they select. */
import { RequestHeaders } from "../../http/headers.js";

/**
 * A request header's value (lower-case `name`), read quietly: the autovary tool swaps in a view that
 * records get, getAll and has, and Cache-Control or If-Modified-Since must not end up in Vary because
 * of the cache. Views are read through keys() and entries(), which are not recorded.
 */
export function quietGet(headers: RequestHeaders, name: string): string | undefined {
  if (headers.constructor === RequestHeaders) return headers.get(name);
  // Most headers read here are absent, and keys() answers that more cheaply than a walk over entries().
  let present = false;
  for (const key of headers.keys()) {
    if (key === name) {
      present = true;
      break;
    }
  }
  if (!present) return undefined;
  const values: string[] = [];
  for (const [key, value] of headers.entries()) if (key === name) values.push(value);
  return values.length === 0 ? undefined : values.join(", ");
}

/** The variant key: the values of the selecting headers, in order (an absent header is null). */
export function variantOf(vary: readonly string[], headers: RequestHeaders): string {
  if (vary.length === 0) return "[]";
  return JSON.stringify(vary.map((name) => quietGet(headers, name)?.trim() ?? null));
}
