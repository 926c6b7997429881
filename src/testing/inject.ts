/** inject: runs one request through the whole lifecycle in process, with no socket. */
import { Readable } from "node:stream";
import { RequestHeaders } from "../http/headers.js";
import type { WireRequest } from "../request/request.js";
import type { WireResponse } from "../request/write.js";
import { Application } from "../tree/application.js";
import { Tree } from "../tree/tree.js";
import { createConfig } from "../site.js";
import { LogManager } from "../log/manager.js";
import type { AppConfig } from "../config/types.js";

export interface InjectOptions {
  method?: string;
  /** Path and query ("/api/items?page=2"), or an absolute URL. */
  url?: string;
  headers?: Record<string, string | readonly string[]>;
  /** A string or bytes as is; any other value is sent as JSON with Content-Type application/json. */
  body?: string | Uint8Array | Readable | object;
  protocol?: "HTTP/1.1" | "HTTP/1.0";
  remote?: { ip: string; port: number };
  scheme?: "http" | "https";
}

export interface InjectResponse {
  status: number;
  reason: string;
  headers: ResponseHeaderView;
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
  /** Set-Cookie values parsed to name → value. */
  cookies: Map<string, string>;
  /** True when the server cut the connection (a stream that failed halfway). */
  aborted: boolean;
}

export interface ResponseHeaderView {
  get(name: string): string | undefined;
  getAll(name: string): string[];
  has(name: string): boolean;
  /** Name/value pairs in the order they were written. */
  entries(): Array<[string, string]>;
}

/** What inject and serve accept: a tree, an application, or a root object to mount at "". */
export type Target = Tree | Application | object;

const trees = new WeakMap<object, Tree>();

/** The tree a target is served from; a bare root object gets its own quiet tree, made once. */
export function treeOf(target: Target, config?: AppConfig): Tree {
  if (target instanceof Tree) return target;
  if (target instanceof Application) return target.tree;
  let tree = trees.get(target);
  if (tree === undefined) {
    tree = new Tree(createConfig(), new LogManager({ screen: false }));
    tree.mount(target, "", config);
    trees.set(target, tree);
  }
  return tree;
}

export async function inject(target: Target, options: InjectOptions = {}): Promise<InjectResponse> {
  const tree = treeOf(target);
  const only = target instanceof Application ? target : undefined;
  const { wire, collected } = fakeWire(options);
  await tree.handle(wire, collected.out, only);
  await collected.done;
  return collected.response();
}

function fakeWire(options: InjectOptions): { wire: WireRequest; collected: Collector } {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const v of typeof value === "string" ? [value] : value) pairs.push([name.toLowerCase(), v]);
  }
  const has = (name: string) => pairs.some(([n]) => n === name);
  let body: Readable;
  const raw = options.body;
  if (raw === undefined) body = Readable.from([]);
  else if (raw instanceof Readable) {
    body = raw;
    if (!has("content-length") && !has("transfer-encoding")) pairs.push(["transfer-encoding", "chunked"]);
  } else {
    const bytes = typeof raw === "string" ? Buffer.from(raw) : raw instanceof Uint8Array ? Buffer.from(raw) : Buffer.from(JSON.stringify(raw));
    if (typeof raw === "object" && !(raw instanceof Uint8Array) && !has("content-type")) pairs.push(["content-type", "application/json"]);
    if (!has("content-length") && !has("transfer-encoding")) pairs.push(["content-length", String(bytes.length)]);
    body = Readable.from(bytes.length ? [bytes] : []);
  }
  const protocol = options.protocol ?? "HTTP/1.1";
  if (!has("host") && protocol === "HTTP/1.1") pairs.push(["host", "127.0.0.1"]);
  const collected = new Collector();
  const wire: WireRequest = {
    method: options.method ?? "GET",
    url: options.url?.replace(/^[a-z]+:\/\/[^/]*/i, "") || "/",
    protocol,
    scheme: options.scheme ?? "http",
    headers: new RequestHeaders(pairs),
    remote: options.remote ?? { ip: "127.0.0.1", port: 54321 },
    local: { ip: "127.0.0.1", port: 80 },
    body,
    headerBytes: pairs.reduce((n, [k, v]) => n + k.length + v.length + 4, 0),
  };
  return { wire, collected };
}

/** A WireResponse that keeps what is written. */
class Collector implements WireResponse {
  status = 0;
  reason = "";
  headers: Array<[string, string]> = [];
  chunks: Buffer[] = [];
  aborted = false;
  closed = false;
  #resolve!: () => void;
  readonly done = new Promise<void>((resolve) => (this.#resolve = resolve));

  get out(): WireResponse {
    return this;
  }

  get headersSent(): boolean {
    return this.status !== 0;
  }

  writeHead(status: number, reason: string, headers: string[]): void {
    this.status = status;
    this.reason = reason;
    for (let i = 0; i < headers.length; i += 2) this.headers.push([headers[i]!, headers[i + 1]!]);
  }

  write(chunk: Uint8Array): boolean {
    this.chunks.push(Buffer.from(chunk));
    return true;
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  onClose(listener: () => void): void {
    void this.done.then(listener);
  }

  end(chunk?: Uint8Array | string): void {
    if (chunk !== undefined) this.chunks.push(Buffer.from(chunk));
    this.#finish();
  }

  destroy(): void {
    this.aborted = true;
    this.#finish();
  }

  #finish(): void {
    this.closed = true;
    this.#resolve();
  }

  response(): InjectResponse {
    const body = Buffer.concat(this.chunks);
    const list = this.headers;
    const named = (name: string) => list.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
    const headers: ResponseHeaderView = {
      get: (name) => {
        const values = named(name);
        return values.length === 0 ? undefined : values.join(", ");
      },
      getAll: named,
      has: (name) => named(name).length > 0,
      entries: () => [...list],
    };
    const cookies = new Map<string, string>();
    for (const cookie of named("set-cookie")) {
      const pair = cookie.split(";")[0]!;
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return {
      status: this.status,
      reason: this.reason,
      headers,
      body,
      text: body.toString("utf8"),
      json: <T>() => JSON.parse(body.toString("utf8")) as T,
      cookies,
      aborted: this.aborted,
    };
  }
}
