/** Plain node:http: the ceiling every framework is measured against. */
import { createServer } from "node:http";
import { endpointFor } from "../endpoints.js";
import type { RunningServer } from "../servers.js";
import { listen } from "./listen.js";

export function start(): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const endpoint = endpointFor(req.method ?? "GET", q === -1 ? url : url.slice(0, q));
    if (endpoint === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain", "Content-Length": 9 });
      res.end("Not Found");
      return;
    }
    const body = endpoint.respond();
    res.writeHead(200, { "Content-Type": endpoint.contentType, "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  return listen(server);
}
