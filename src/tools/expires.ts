/**
 * The expires tool: caching lifetime headers, for responses that look cacheable (they carry ETag,
 * Last-Modified, Age or Expires) or for every response with `force`.
 *
 * - `secs > 0`: `Expires` = response time + secs and, for HTTP/1.1, `Cache-Control: max-age=secs`
 *   (HTTP/1.1 caches prefer max-age, which does not depend on the clocks agreeing; CherryPy sets
 *   only Expires).
 * - `secs = 0`: `Pragma: no-cache`, for HTTP/1.1 `Cache-Control: no-cache, must-revalidate`, and an
 *   Expires in the past.
 *
 * Headers already set are kept unless `force`. It runs at beforeFinalize 50, before the etags tool
 * adds an automatic ETag at 75: with autotags, set Last-Modified, use `force`, or move the tool
 * after 75 (`tools.expires.priority: 80`).
 */
import { httpDate } from "../http/dates.js";
import type { Context } from "../request/context.js";
import { atLeastHttp11 } from "../http/request-target.js";

export interface ExpiresArgs {
  /** Seconds the response stays fresh; 0 (the default) forbids caching. */
  secs?: number;
  /** Set the headers whatever the response looks like, replacing those already set (default false). */
  force?: boolean;
}

/** The fixed date in the past that secs = 0 sends (CherryPy's). */
export const PAST_EXPIRES = "Sun, 28 Jan 2007 00:00:00 GMT";

const CACHEABLE_INDICATORS = ["ETag", "Last-Modified", "Age", "Expires"];

export function expires(ctx: Context, { secs = 0, force = false }: ExpiresArgs): void {
  const { request, response } = ctx;
  const headers = response.headers;
  if (!force && !CACHEABLE_INDICATORS.some((name) => headers.has(name))) return;
  const http11 = atLeastHttp11(request.protocol);
  const setUnlessPresent = (name: string, value: string) => {
    if (force || !headers.has(name)) headers.set(name, value);
  };
  if (secs === 0) {
    setUnlessPresent("Pragma", "no-cache");
    if (http11) setUnlessPresent("Cache-Control", "no-cache, must-revalidate");
    setUnlessPresent("Expires", PAST_EXPIRES);
  } else {
    if (http11) setUnlessPresent("Cache-Control", `max-age=${secs}`);
    setUnlessPresent("Expires", httpDate(response.time + secs * 1000));
  }
}

export function validateExpiresArg(name: string, value: unknown): string | undefined {
  if (name === "force") return typeof value === "boolean" ? undefined : "expected a boolean";
  return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : "expected a whole number of seconds, 0 or more";
}
