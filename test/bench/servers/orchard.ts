/**
 * Orchard with its default config and a quiet log, on its own HttpServer (no quickstart, no
 * engine). It has no jsonOut tool yet, so /json serializes in the handler like the other servers;
 * once tools.jsonOut exists, /json belongs to an Orchard variant that returns the object to the tool.
 */
import { HttpServer, Site, expose, type Context } from "../../../src/index.js";
import { ENDPOINTS } from "../endpoints.js";
import type { RunningServer } from "../servers.js";

export async function start(): Promise<RunningServer> {
  const site = new Site();
  site.config.update({ "log.screen": false });
  const root: Record<string, unknown> = {};
  for (const endpoint of ENDPOINTS) {
    root[endpoint.path.slice(1)] = expose((_params: unknown, ctx: Context) => {
      ctx.response.headers.set("Content-Type", endpoint.contentType);
      return endpoint.respond();
    });
  }
  site.tree.mount(root, "");
  const server = new HttpServer(site.tree.listener, { host: "127.0.0.1", port: 0, shutdownTimeout: 1 });
  await server.start();
  return { port: server.port ?? 0, close: () => server.stop() };
}
