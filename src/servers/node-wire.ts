/** node:http's request and response as the pipeline's WireRequest and WireResponse. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { RequestHeaders } from "../http/headers.js";
import type { RemoteAddress, WireRequest } from "../request/request.js";
import type { WireResponse } from "../request/write.js";

export function wireRequest(req: IncomingMessage, res: ServerResponse, expectsContinue = false): WireRequest {
  return new NodeWireRequest(req, res, expectsContinue);
}

/** A node:http request as the pipeline sees it; addresses and sizes are read only when asked for. */
class NodeWireRequest implements WireRequest {
  readonly method: string;
  readonly url: string;
  readonly protocol: string;
  readonly scheme: "http" | "https";
  readonly headers: RequestHeaders;
  readonly body: IncomingMessage;
  readonly #res: ServerResponse;
  #continued: boolean;
  #remote: RemoteAddress | undefined;
  #local: RemoteAddress | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) {
    this.method = req.method ?? "GET";
    this.url = req.url ?? "/";
    this.protocol = req.httpVersion === "1.1" ? "HTTP/1.1" : `HTTP/${req.httpVersion}`;
    this.scheme = (req.socket as Partial<TLSSocket>).encrypted ? "https" : "http";
    this.headers = new NodeRequestHeaders(req);
    this.body = req;
    this.#res = res;
    this.#continued = !expectsContinue;
  }

  get remote(): RemoteAddress {
    const socket = this.body.socket;
    return (this.#remote ??= { ip: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 });
  }

  get local(): RemoteAddress {
    const socket = this.body.socket;
    return (this.#local ??= { ip: socket.localAddress ?? "", port: socket.localPort ?? 0 });
  }

  get headerBytes(): number {
    let size = 0;
    for (const part of this.body.rawHeaders) size += part.length + 2;
    return size;
  }

  sendContinue(): void {
    if (this.#continued) return;
    this.#continued = true;
    this.#res.writeContinue();
  }
}

/** Request headers read straight from node:http's parsed headers (no copy); distinct values on demand. */
class NodeRequestHeaders extends RequestHeaders {
  readonly #req: IncomingMessage;

  constructor(req: IncomingMessage) {
    super();
    this.#req = req;
  }

  override get(name: string): string | undefined {
    const value = this.#req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  override getAll(name: string): readonly string[] {
    // A scan of the raw pairs: cheaper than Node building headersDistinct for every header.
    const key = name.toLowerCase();
    const raw = this.#req.rawHeaders;
    const values: string[] = [];
    for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === key.length && raw[i]!.toLowerCase() === key) values.push(raw[i + 1]!);
    return values;
  }

  override has(name: string): boolean {
    return Object.hasOwn(this.#req.headers, name.toLowerCase());
  }

  override delete(name: string): boolean {
    const key = name.toLowerCase();
    const had = Object.hasOwn(this.#req.headers, key);
    delete this.#req.headers[key];
    const raw = this.#req.rawHeaders;
    for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]!.toLowerCase() === key) raw.splice(i, 2);
    return had;
  }

  override keys(): IterableIterator<string> {
    return Object.keys(this.#req.headers)[Symbol.iterator]();
  }

  override *entries(): IterableIterator<[string, string]> {
    const raw = this.#req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) yield [raw[i]!.toLowerCase(), raw[i + 1]!];
  }
}

/** Set on a node:http server while it stops: responses written then close their connection. */
export const STOPPING = Symbol("orchard.stopping");

export class NodeWireResponse implements WireResponse {
  readonly #res: ServerResponse;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  get headersSent(): boolean {
    return this.#res.headersSent;
  }

  get closed(): boolean {
    return this.#res.writableEnded || this.#res.destroyed;
  }

  writeHead(status: number, reason: string, headers: string[]): void {
    const server = (this.#res.socket as { server?: { [STOPPING]?: boolean } } | null)?.server;
    if (server?.[STOPPING] === true) this.#res.shouldKeepAlive = false;
    this.#res.writeHead(status, reason, headers);
  }

  write(chunk: Uint8Array): boolean {
    return this.#res.write(chunk);
  }

  drain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#res.off("drain", done);
        this.#res.off("close", done);
        resolve();
      };
      this.#res.on("drain", done);
      this.#res.on("close", done);
    });
  }

  onClose(listener: () => void): void {
    if (this.#res.destroyed || this.#res.writableFinished) listener();
    else this.#res.once("close", listener);
  }

  end(chunk?: Uint8Array | string): void {
    if (chunk === undefined) this.#res.end();
    else this.#res.end(chunk);
  }

  destroy(): void {
    // Node holds this tick's writes in the corked socket: flush them, so a cut stream arrives truncated, not empty.
    const socket = this.#res.socket;
    while (socket !== null && socket.writableCorked > 0) socket.uncork();
    this.#res.destroy();
  }
}
