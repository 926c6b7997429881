/** node:http's request and response as the pipeline's WireRequest and WireResponse. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { RequestHeaders } from "../http/headers.js";
import type { WireRequest } from "../request/request.js";
import type { WireResponse } from "../request/write.js";

export function wireRequest(req: IncomingMessage, res: ServerResponse, expectsContinue = false): WireRequest {
  const socket = req.socket;
  let continued = !expectsContinue;
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    protocol: `HTTP/${req.httpVersion}`,
    scheme: (socket as Partial<TLSSocket>).encrypted ? "https" : "http",
    headers: new RequestHeaders(req.headersDistinct),
    remote: { ip: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 },
    local: { ip: socket.localAddress ?? "", port: socket.localPort ?? 0 },
    body: req,
    get headerBytes() {
      let size = 0;
      for (const part of req.rawHeaders) size += part.length + 2;
      return size;
    },
    sendContinue() {
      if (continued) return;
      continued = true;
      res.writeContinue();
    },
  };
}

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

  end(chunk?: Uint8Array | string): void {
    if (chunk === undefined) this.#res.end();
    else this.#res.end(chunk);
  }

  destroy(): void {
    this.#res.destroy();
  }
}
