/** The HTTP(S) server on node:http: TCP or a unix socket, keep-alive, and a graceful stop. */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { readFileSync, rmSync, existsSync, statSync } from "node:fs";
import type { AddressInfo, Socket } from "node:net";
import type { NodeListener } from "../tree/tree.js";
import { STOPPING } from "./node-wire.js";

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
  /** The address last bound, kept after a stop so logs can still name it. */
  #bound: AddressInfo | undefined;
  /** True while stopping: requests that still arrive on kept-alive connections close them. */
  #stopping = false;

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
    const address = this.#bound?.address ?? host;
    const shownHost = address.includes(":") ? `[${address}]` : address;
    return `${this.secure ? "https" : "http"}://${shownHost}:${this.#bound?.port ?? port}`;
  }

  /** The bound TCP port (the real one when port 0 asked for an ephemeral port); undefined before start. */
  get port(): number | undefined {
    return this.#bound?.port;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const o = this.options;
    const serverOptions = {
      maxHeaderSize: Math.max(16 * 1024, o.maxHeaderSize ?? 0),
      keepAliveTimeout: (o.socketTimeout ?? 10) * 1000,
      // The tree answers a missing Host itself, the same way on every server.
      requireHostHeader: false,
    };
    const server = this.secure
      ? createHttpsServer({
          ...serverOptions,
          key: readFileSync(requireOption(o.sslPrivateKey, "server.sslPrivateKey")),
          cert: readFileSync(o.sslCertificate!),
          ca: o.sslCertificateChain ? readFileSync(o.sslCertificateChain) : undefined,
        })
      : createHttpServer(serverOptions);
    server.on("request", this.#onRequest);
    // Answering "Expect: 100-continue" ourselves lets a 413 go out before the client sends the body.
    server.on("checkContinue", this.#onRequest);
    server.on("clientError", answerClientError);
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
    this.#stopping = false;
    this.#server = server;
    const address = server.address();
    this.#bound = typeof address === "object" && address !== null ? address : undefined;
  }

  /**
   * Stops accepting, closes idle keep-alive connections, lets requests in flight finish (their
   * connections close after the response), and after shutdownTimeout closes whatever is left.
   */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    this.#stopping = true;
    (server as Server & { [STOPPING]?: boolean })[STOPPING] = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Connections still answering become idle when their response is done: close them then.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
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
    clearInterval(sweep);
    if (this.options.socketFile && existsSync(this.options.socketFile)) rmSync(this.options.socketFile, { force: true });
  }

  readonly #onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // A request that arrives on a kept-alive connection during a stop is served, then the connection closes.
    if (this.#stopping) res.shouldKeepAlive = false;
    this.#listener(req, res);
  };
}

/** Node's parser rejected the request: answer 400 (431, 408) and close, unless a response is already under way. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const busy = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
  if (!socket.writable || busy || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const [status, body] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? ["431 Request Header Fields Too Large", "Request header fields too large."]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? ["408 Request Timeout", "The request was not received in time."]
        : ["400 Bad Request", `Malformed request: ${error.code ?? "parse error"}.`];
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

function requireOption(value: string | undefined, key: string): string {
  if (value === undefined) throw new Error(`HTTPS needs ${key} as well as server.sslCertificate`);
  return value;
}
