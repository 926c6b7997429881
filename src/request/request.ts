/** What the client asked for, as one object whatever wire it came on. */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { parseCookieHeader, CookieSyntaxError } from "../http/cookies.js";
import { RequestHeaders } from "../http/headers.js";
import type { ConfigValues } from "../config/layers.js";
import { HTTPError } from "./errors.js";
import { RequestBody } from "./body/body.js";
import type { Handler } from "../dispatch/dispatcher.js";

export interface RemoteAddress {
  readonly ip: string;
  readonly port: number;
}

/** What a server hands over: the request as parsed from its wire format. */
export interface WireRequest {
  method: string;
  /** The request target exactly as sent (`/path?query`, or an absolute URI). */
  url: string;
  /** "HTTP/1.1", "HTTP/1.0". */
  protocol: string;
  scheme: "http" | "https";
  headers: RequestHeaders;
  remote: RemoteAddress;
  local: RemoteAddress;
  body: Readable;
  /** Size of the header block in bytes, for server.maxRequestHeaderSize. */
  headerBytes: number;
  /** Sends "100 Continue" when the client asked for it; called before the body is read. */
  sendContinue?: () => void;
}

const NO_CONFIG: ConfigValues = Object.freeze({});

export type Params = Record<string, string | string[] | unknown>;

export class Request {
  readonly method: string;
  /** The request target as sent, for the access log. */
  readonly target: string;
  readonly protocol: string;
  /** Writable so the autovary tool can swap in a view that records which headers are read. */
  headers: RequestHeaders;
  /** The client; the proxy tool replaces it with the address a trusted proxy forwarded. */
  remote: RemoteAddress;
  readonly local: RemoteAddress;
  readonly body: RequestBody;
  scheme: "http" | "https";
  /** scheme://host[:port], from the Host header (or the proxy tool). */
  base: string;
  /** Where the application is mounted ("" for the site root). */
  scriptName = "";
  /** The path after scriptName, still percent-encoded as sent; dispatchers split and decode it. */
  rawPathInfo: string;
  queryString: string;
  /** Query string, form body and path parameters; repeated keys become arrays. */
  params: Params = Object.create(null) as Params;
  /** Leftover positional path segments. */
  args: string[] = [];
  config: ConfigValues = NO_CONFIG;
  handler: Handler | undefined;
  /** True when the dispatcher matched an index (the path should end in "/"). */
  isIndex: boolean | undefined;
  /** The parsed JSON body, set by the jsonIn tool. */
  json: unknown;
  /** The authenticated user, set by the auth tools. */
  login: string | undefined;
  /** True when the caching tool answered from its store. */
  cached = false;
  /** True when the caching tool means to store the response; a handler may set it false to opt out. */
  cacheable = false;
  /** The request this one was internally redirected from. */
  prev: Request | undefined;
  /** The lifecycle stage now running, to find hung requests. */
  stage = "start";
  readonly time = Date.now();
  #cookies: ReadonlyMap<string, string> | undefined;
  #pathInfo: string | undefined;
  #uniqueId: string | undefined;
  readonly #wire: WireRequest;

  constructor(wire: WireRequest, target: { path: string; query: string }) {
    this.#wire = wire;
    this.method = wire.method;
    this.target = wire.url;
    this.protocol = wire.protocol;
    this.scheme = wire.scheme;
    this.headers = wire.headers;
    this.remote = wire.remote;
    this.local = wire.local;
    this.rawPathInfo = target.path;
    this.queryString = target.query;
    this.base = `${wire.scheme}://${wire.headers.get("host") ?? `${wire.local.ip}:${wire.local.port}`}`;
    this.body = new RequestBody(wire);
  }

  /** The path after scriptName, percent-decoded. */
  get pathInfo(): string {
    return (this.#pathInfo ??= decodePath(this.rawPathInfo));
  }

  set pathInfo(path: string) {
    this.rawPathInfo = encodeURI(path);
    this.#pathInfo = path;
  }

  get cookies(): ReadonlyMap<string, string> {
    if (this.#cookies === undefined) {
      try {
        // Several Cookie lines are one list (RFC 6265 §5.4); a ", " inside a quoted value is data.
        const lines = this.headers.getAll("cookie");
        this.#cookies = parseCookieHeader(lines.length === 0 ? undefined : lines.join("; "));
      } catch (error) {
        if (error instanceof CookieSyntaxError) throw new HTTPError(400, `Illegal cookie header: ${error.message}`);
        throw error;
      }
    }
    return this.#cookies;
  }

  /** A UUID for this request, made on first use (access logs use it as {i}). */
  get uniqueId(): string {
    return (this.#uniqueId ??= randomUUID());
  }

  /** The same client asking, as a GET with no body, for another path (InternalRedirect). */
  redirected(path: string, queryString: string): Request {
    // As CherryPy's InternalRedirector: the body is gone, so its length is 0 and it is not chunked.
    const kept = [...this.#wire.headers].filter(([name]) => name !== "content-length" && name !== "transfer-encoding");
    const headers = new RequestHeaders([...kept, ["content-length", "0"]]);
    const next = new Request({ ...this.#wire, method: "GET", headers, body: Readable.from([]) }, { path, query: queryString });
    next.scriptName = this.scriptName;
    next.base = this.base;
    next.scheme = this.scheme;
    next.remote = this.remote;
    next.prev = this;
    return next;
  }

  /** The URL as the client sent it, made absolute. */
  get url(): string {
    return this.base + this.scriptName + this.rawPathInfo + (this.queryString ? `?${this.queryString}` : "");
  }
}

/** Percent-decodes a path segment; bytes that are not UTF-8 are read as Latin-1 (as CherryPy does). */
export function decodePath(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    if (/%(?![0-9a-fA-F]{2})/.test(raw)) throw new HTTPError(400, "Malformed percent-encoding in the request path.");
    return raw.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
