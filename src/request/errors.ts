/** The exceptions a handler, hook or tool raises to answer with a status other than 200. */

export class HTTPError extends Error {
  readonly status: number;
  /** A custom reason phrase ("Gone fishin'"), else the standard one. */
  readonly reason: string | undefined;

  constructor(status = 500, message?: string, options?: { reason?: string; cause?: unknown }) {
    if (!isErrorStatus(status)) {
      throw new RangeError(`HTTPError status must be an integer from 400 to 599, got ${String(status)}`);
    }
    super(message ?? "", options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HTTPError";
    this.status = status;
    this.reason = options?.reason;
  }
}

export class NotFound extends HTTPError {
  constructor(path?: string) {
    super(404, path === undefined ? "Nothing matches the given URI" : `The path '${path}' was not found.`);
    this.name = "NotFound";
  }
}

export type RedirectStatus = 300 | 301 | 302 | 303 | 304 | 305 | 307 | 308;
const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 304, 305, 307, 308]);

/** A status that sends the client elsewhere with a Location (not 304 or 305). */
export function isLocationRedirect(status: unknown): status is RedirectStatus {
  return status === 300 || status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** A status HTTPError accepts. */
export function isErrorStatus(status: unknown): status is number {
  return Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599;
}

/**
 * Redirects the client. Relative URLs are made absolute against the request when the
 * response is built; without a status, HTTP/1.1 clients get 303 and HTTP/1.0 clients 302.
 */
export class HTTPRedirect extends Error {
  readonly urls: readonly string[];
  readonly status: RedirectStatus | undefined;

  constructor(urls: string | readonly string[], status?: RedirectStatus) {
    if (status !== undefined && !REDIRECT_STATUSES.has(status)) {
      throw new RangeError(`HTTPRedirect status must be one of 300, 301, 302, 303, 304, 305, 307, 308, got ${String(status)}`);
    }
    const list = typeof urls === "string" ? [urls] : [...urls];
    super(`${status ?? "303"} redirect to ${list.join(", ")}`);
    this.name = "HTTPRedirect";
    this.urls = list;
    this.status = status;
  }
}

/** Dispatches again, as a GET with an empty body, at another path of the same application. */
export class InternalRedirect extends Error {
  readonly path: string;
  readonly queryString: string;
  /** Allow visiting the same URL again in one request (a loop is an error otherwise). */
  readonly recursive: boolean;

  constructor(target: string, options?: { recursive?: boolean }) {
    super(`internal redirect to ${target}`);
    this.name = "InternalRedirect";
    const q = target.indexOf("?");
    this.path = q === -1 ? target : target.slice(0, q);
    this.queryString = q === -1 ? "" : target.slice(q + 1);
    this.recursive = options?.recursive ?? false;
  }
}
