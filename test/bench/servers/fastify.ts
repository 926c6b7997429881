/** Fastify with its defaults (no logger). */
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { ECHO_SCHEMA, ENDPOINTS } from "../endpoints.js";
import type { RunningServer } from "../servers.js";

export async function start(): Promise<RunningServer> {
  const app = Fastify({ logger: false });
  app.post("/echo", { schema: { body: ECHO_SCHEMA, response: { 200: ECHO_SCHEMA } } }, async (request) => request.body);
  for (const endpoint of ENDPOINTS) {
    if (endpoint.path === "/echo") continue;
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      handler: async (_request, reply) => {
        reply.header("Content-Type", endpoint.contentType);
        return endpoint.respond();
      },
    });
  }
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}
