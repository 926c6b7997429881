/** Redirects an index without its trailing slash (and, if asked, a leaf with one). On by default. */
import type { Context } from "../request/context.js";
import { HTTPRedirect, type RedirectStatus } from "../request/errors.js";

export interface TrailingSlashArgs {
  /** Redirect /dir to /dir/ when an index answered (default true). */
  missing?: boolean;
  /** Redirect /leaf/ to /leaf when a non-index handler answered (default false). */
  extra?: boolean;
  status?: RedirectStatus;
}

export function trailingSlash(ctx: Context, { missing = true, extra = false, status = 301 }: TrailingSlashArgs): void {
  const { request } = ctx;
  const path = request.rawPathInfo;
  const query = request.queryString ? `?${request.queryString}` : "";
  if (request.isIndex === true && missing && !path.endsWith("/")) {
    throw new HTTPRedirect(request.base + request.scriptName + path + "/" + query, status);
  }
  if (request.isIndex === false && extra && path.endsWith("/") && path !== "/") {
    throw new HTTPRedirect(request.base + request.scriptName + withoutTrailingSlashes(path) + query, status);
  }
}

const REDIRECT_STATUSES: readonly unknown[] = [301, 302, 303, 307, 308];

/** What is wrong with one of the tool's arguments, or undefined. */
export function trailingSlashProblem(name: string, value: unknown): string | undefined {
  if (name === "status") return REDIRECT_STATUSES.includes(value) ? undefined : `expected one of ${REDIRECT_STATUSES.join(", ")}`;
  return typeof value === "boolean" ? undefined : "expected a boolean";
}

/** The path without its trailing slashes (a scan: /\/+$/ is quadratic on a long run of them). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}
