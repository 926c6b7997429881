// Test helper: small loopback clients (node:http(s) requests and raw socket exchanges), each bounded in time.
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, type NetConnectOpts } from "node:net";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import { within } from "../engine/app-process.js";

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** True when the request went out on a kept-alive socket. */
  reused: boolean;
  /** The client side's port, which names the connection. */
  localPort: number | undefined;
  /** Over HTTPS: the common names of the verified chain, the server's certificate first. */
  peerChain: string[];
}

export interface RequestOptions {
  url?: string;
  socketPath?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  agent?: Agent;
  body?: string;
  /** HTTPS without verifying the server's certificate. */
  insecure?: boolean;
  /** HTTPS: the only certificate authority trusted (PEM text), and the name the certificate must carry. */
  ca?: string;
  servername?: string;
}

export function get(options: RequestOptions): Promise<Reply> {
  const secure = options.url?.startsWith("https:") ?? false;
  const send = secure ? httpsRequest : httpRequest;
  const base = {
    method: options.method ?? "GET",
    headers: options.headers,
    agent: options.agent,
    rejectUnauthorized: !options.insecure,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.servername === undefined ? {} : { servername: options.servername }),
  };
  const pending = new Promise<Reply>((resolve, reject) => {
    const onReply = (res: import("node:http").IncomingMessage): void => {
      let body = "";
      // Read while the response still holds its socket (it is released to the agent at the end).
      const chain = peerChain(res.socket);
      const localPort = res.socket?.localPort;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reused: req.reusedSocket, localPort, peerChain: chain }),
      );
      res.on("error", reject);
    };
    const req = options.socketPath
      ? send({ ...base, socketPath: options.socketPath, path: options.path ?? "/" }, onReply)
      : send(new URL(options.path ?? "/", options.url), base, onReply);
    req.on("error", reject);
    req.end(options.body);
  });
  return within(pending, 4000, () => `request ${options.url ?? options.socketPath}${options.path ?? "/"}`);
}

function peerChain(socket: unknown): string[] {
  const tls = socket as Partial<TLSSocket> | null;
  if (typeof tls?.getPeerCertificate !== "function") return [];
  const names: string[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = tls.getPeerCertificate(true);
  // A self-signed root is its own issuer, which ends the walk.
  while (cert?.fingerprint256 && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    names.push(String(cert.subject.CN));
    cert = cert.issuerCertificate;
  }
  return names;
}

/** Writes bytes on a fresh connection and returns everything the server sends until it closes the connection. */
export function exchange(to: NetConnectOpts, data: string): Promise<string> {
  const pending = new Promise<string>((resolve, reject) => {
    const socket = connect(to);
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (received += chunk));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
    socket.write(data);
  });
  return within(pending, 4000, () => `raw exchange of ${JSON.stringify(data.slice(0, 40))}`);
}

/** Resolves with the error code of a connection attempt that fails (ECONNREFUSED ...), or "connected". */
export function tryConnect(to: NetConnectOpts): Promise<string> {
  const pending = new Promise<string>((resolve) => {
    const socket = connect(to);
    socket.on("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  return within(pending, 4000, () => "connection attempt");
}

/** A promise with its resolve function, for handlers the test holds open. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
