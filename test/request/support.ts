/** Shared helpers for the request lifecycle tests: a quiet tree that records its error log, and raw sockets. */
import { connect } from "node:net";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { Tree } from "../../src/tree/tree.js";
import type { LogRecord } from "../../src/log/record.js";
import type { AccessEntry } from "../../src/log/access.js";
import { HANG_MS, hangBound } from "../bounds.js";

/** A tree with no screen output whose error-log records and access entries are kept. */
export function quietTree(): { tree: Tree; errors: LogRecord[]; access: AccessEntry[] } {
  const errors: LogRecord[] = [];
  const access: AccessEntry[] = [];
  const log = new LogManager({ screen: false, sinks: [{ error: (record) => errors.push(record), access: (entry) => access.push(entry) }] });
  return { tree: new Tree(createConfig(), log), errors, access };
}

/**
 * Sends raw bytes on a loopback socket and collects everything the server sends until it closes
 * the connection (or `until` matches what arrived so far). `steps` are written in order, each after
 * the text received so far matches its `after` pattern.
 */
export function rawExchange(
  port: number,
  first: string,
  options: { steps?: Array<{ after: RegExp; send: string }>; until?: RegExp } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const steps = [...(options.steps ?? [])];
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${HANG_MS} ms; received so far: ${JSON.stringify(received)}`));
    }, HANG_MS);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    socket.on("connect", () => socket.write(first));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      while (steps.length > 0 && steps[0]!.after.test(received)) socket.write(steps.shift()!.send);
      if (options.until?.test(received)) finish();
    });
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export interface SocketResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Raw header lines as received (name, value, name, value ...). */
  rawHeaders: string[];
  body: string;
  /** False when the connection was cut before the body was complete. */
  complete: boolean;
}

/**
 * One request with node:http's client; resolves even when the server cuts the body short, and
 * rejects (destroying the request) when no complete answer comes (a hang: HANG_MS).
 */
export function httpGet(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<SocketResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, complete: res.complete });
      };
      res.on("error", done);
      res.on("close", done);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no complete answer from ${url} within ${HANG_MS} ms`));
    }, HANG_MS);
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/**
 * Resolves when `promise` does, or rejects when it hangs (so a hang fails the test instead of stalling
 * it): `ms` is what it takes on an idle machine, and the bound is hangBound(ms).
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = hangBound(ms);
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${bound} ms`)), bound);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * The short page the tree itself answers with before an application is chosen (a bad request
 * target or Host, headers over the limit): `message` as it appears in the page, HTML-escaped.
 */
export function treeErrorPage(status: number, message: string): string {
  return `<!DOCTYPE html>\n<html><body><h2>${status}</h2><p>${message}</p></body></html>\n`;
}
