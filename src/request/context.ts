/** One request in flight: what handlers, hooks and tools are given. */
import type { Application } from "../tree/application.js";
import type { LogLevel } from "../log/record.js";
import type { Request } from "./request.js";
import type { Response } from "./response.js";
import type { Route } from "./route.js";

/** Filled in by the sessions tool; typed loosely here so the core does not depend on it. */
export interface SessionLike {
  readonly id: string;
}

export class Context {
  readonly app: Application;
  request: Request;
  readonly response: Response;
  /** The compiled route (config, hooks, tools) of the handler found. */
  route: Route | undefined;
  session: SessionLike | undefined;
  /** Scratch space for tools (keyed by tool name). */
  readonly state = new Map<string | symbol, unknown>();
  /** The exception the error response is being made for (beforeErrorResponse and afterErrorResponse hooks read it). */
  error: unknown;
  /** True once the response timeout answered 503 for this request (the handler may still be running). */
  timedOut = false;
  /** Set once the response was written (or given up on after a timeout). */
  finished = false;
  /** Work for after the response (temp files to delete); shared with the contexts of internal redirects. */
  deferred: Array<() => unknown> = [];

  constructor(app: Application, request: Request, response: Response) {
    this.app = app;
    this.request = request;
    this.response = response;
  }

  /** Runs `fn` once the response is written and the onEndRequest hooks ran, even when the request failed. */
  defer(fn: () => unknown): void {
    this.deferred.push(fn);
  }

  get args(): string[] {
    return this.request.args;
  }

  /** Writes to the error log with context "HTTP" and this request's id. */
  log(message: string, level: LogLevel = "info", error?: unknown): void {
    this.app.tree.log.error({ message, level, context: "HTTP", error, requestId: this.request.uniqueId });
  }

  /**
   * An absolute URL for a path in this application (or, with a leading "/", of the site when
   * `relativeToApp` is false): `ctx.url("edit", { id: 3 })`.
   */
  url(path = "", query?: string | Record<string, string | number | boolean | readonly (string | number)[]>, options?: { relativeToApp?: boolean }): string {
    const req = this.request;
    let resolved: string;
    if (path.startsWith("/")) {
      resolved = (options?.relativeToApp === false ? "" : req.scriptName) + path;
    } else {
      // Relative to the current path, as a browser would resolve it.
      const current = req.scriptName + req.rawPathInfo;
      resolved = current.slice(0, current.lastIndexOf("/") + 1) + path;
    }
    resolved = normalizeDots(resolved);
    const qs = typeof query === "string" ? query : query ? encodeQuery(query) : "";
    return req.base + resolved + (qs ? `?${qs}` : "");
  }
}

function encodeQuery(query: Record<string, string | number | boolean | readonly (string | number)[]>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join("&");
}

/** Removes "." and ".." segments (RFC 3986 §5.2.4). */
export function normalizeDots(path: string): string {
  if (!path.includes(".")) return path;
  const out: string[] = [];
  const segments = path.split("/");
  for (const [i, segment] of segments.entries()) {
    if (segment === ".") {
      if (i === segments.length - 1) out.push("");
    } else if (segment === "..") {
      if (out.length > 1) out.pop();
      if (i === segments.length - 1) out.push("");
    } else out.push(segment);
  }
  return out.join("/");
}
