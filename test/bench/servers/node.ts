/** Plain node:http: the ceiling every framework is measured against. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { endpointFor } from "../endpoints.js";
import { strongEtag } from "../../../src/http/etag.js";
import type { RunningServer } from "../servers.js";
import { listen } from "./listen.js";

export function start(): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (req.method === "POST" && path === "/echo") return echo(req, res);
    const endpoint = endpointFor(req.method ?? "GET", path);
    if (endpoint === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain", "Content-Length": 9 });
      res.end("Not Found");
      return;
    }
    const body = endpoint.respond();
    if (path === "/etag") return revalidate(req, res, body);
    res.writeHead(200, { "Content-Type": endpoint.contentType, "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  return listen(server);
}

/** Parses and re-serializes the JSON body, the least a JSON echo does. */
function echo(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
}

/** Hashes the body per request and answers 304 when the client's If-None-Match lists its tag. */
function revalidate(req: IncomingMessage, res: ServerResponse, body: string): void {
  const tag = strongEtag(body);
  const listed = (req.headers["if-none-match"] ?? "").split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (listed.includes("*") || listed.includes(tag)) {
    res.writeHead(304, { ETag: tag });
    res.end();
    return;
  }
  res.writeHead(200, { ETag: tag, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
