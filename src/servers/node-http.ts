/** The HTTP(S) server on node:http: TCP or a unix socket, keep-alive, and a graceful stop. */
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { readFileSync, rmSync, existsSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { NodeListener } from "../tree/tree.js";

export interface HttpServerOptions {
  host?: string;
  port?: number;
  /** A unix socket path; when set, host and port are not used. */
  socketFile?: string;
  sslCertificate?: string;
  sslPrivateKey?: string;
  sslCertificateChain?: string;
  /** Bytes of request headers Node's parser accepts (the pipeline enforces the configured limit). */
  maxHeaderSize?: number;
  /** Seconds a keep-alive connection may stay idle. */
  socketTimeout?: number;
  /** Seconds a stop waits for requests in flight before closing their connections. */
  shutdownTimeout?: number;
}

export class HttpServer {
  readonly options: HttpServerOptions;
  readonly #listener: NodeListener;
  #server: Server | undefined;

  constructor(listener: NodeListener, options: HttpServerOptions = {}) {
    this.#listener = listener;
    this.options = options;
  }

  get secure(): boolean {
    return this.options.sslCertificate !== undefined;
  }

  /** Where it listens: http://127.0.0.1:8080, https://..., or unix:/path. The real port once bound. */
  get url(): string {
    const { socketFile, host = "127.0.0.1", port = 8080 } = this.options;
    if (socketFile) return `unix:${socketFile}`;
    const bound = this.#server?.address() as AddressInfo | null | undefined;
    const shownHost = (bound?.address ?? host).includes(":") ? `[${bound?.address ?? host}]` : (bound?.address ?? host);
    return `${this.secure ? "https" : "http"}://${shownHost}:${bound?.port ?? port}`;
  }

  get port(): number | undefined {
    return (this.#server?.address() as AddressInfo | null | undefined)?.port;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const o = this.options;
    const serverOptions = { maxHeaderSize: Math.max(16 * 1024, o.maxHeaderSize ?? 0), keepAliveTimeout: (o.socketTimeout ?? 10) * 1000 };
    const server = this.secure
      ? createHttpsServer({
          ...serverOptions,
          cert: readFileSync(o.sslCertificate!),
          key: readFileSync(requireOption(o.sslPrivateKey, "server.sslPrivateKey")),
          ca: o.sslCertificateChain ? readFileSync(o.sslCertificateChain) : undefined,
        })
      : createHttpServer(serverOptions);
    server.on("request", this.#listener);
    // Answering "Expect: 100-continue" ourselves lets a 413 go out before the client sends the body.
    server.on("checkContinue", this.#listener);
    server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
      const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
      const body = error.code === "HPE_HEADER_OVERFLOW" ? "Request header fields too large." : `Malformed request: ${error.code ?? "parse error"}.`;
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    });
    if (o.socketFile && existsSync(o.socketFile) && statSync(o.socketFile).isSocket()) rmSync(o.socketFile);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      const done = () => {
        server.off("error", reject);
        resolve();
      };
      if (o.socketFile) server.listen(o.socketFile, done);
      else server.listen(o.port ?? 8080, o.host ?? "127.0.0.1", done);
    });
    this.#server = server;
  }

  /** Stops accepting, lets requests in flight finish (up to shutdownTimeout), then closes what is left. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timeout = (this.options.shutdownTimeout ?? 5) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, timeout);
      timer.unref();
    });
    await Promise.race([closed, forced]);
    clearTimeout(timer);
    if (this.options.socketFile && existsSync(this.options.socketFile)) rmSync(this.options.socketFile, { force: true });
  }
}

function requireOption(value: string | undefined, key: string): string {
  if (value === undefined) throw new Error(`HTTPS needs ${key} as well as server.sslCertificate`);
  return value;
}
