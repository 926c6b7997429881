/** Express with its defaults (ETag, X-Powered-By). */
import { createServer } from "node:http";
import express from "express";
import { ENDPOINTS } from "../endpoints.js";
import type { RunningServer } from "../servers.js";
import { listen } from "./listen.js";

export function start(): Promise<RunningServer> {
  const app = express();
  app.post("/echo", express.json(), (req, res) => {
    res.json(req.body);
  });
  for (const endpoint of ENDPOINTS) {
    if (endpoint.path === "/echo") continue;
    const handler = (_req: express.Request, res: express.Response): void => {
      res.set("Content-Type", endpoint.contentType);
      res.send(endpoint.respond());
    };
    if (endpoint.method === "GET") app.get(endpoint.path, handler);
    else app.post(endpoint.path, handler);
  }
  return listen(createServer(app));
}
