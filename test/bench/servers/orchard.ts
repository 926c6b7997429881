/**
 * Orchard with its default config and a quiet log, on its own HttpServer (no quickstart, no
 * engine): plain handlers, jsonOut and jsonIn with schemas, the caching tool, and one application
 * per dispatcher so each has its own row.
 */
import { HttpServer, MethodDispatcher, RoutesDispatcher, Site, VirtualHost, expose, tools, type Context } from "../../../src/index.js";
import { ECHO_SCHEMA, ETAG_BODY } from "../endpoints.js";
import type { RunningServer } from "../servers.js";

const hello = () => "Hello world!";
const text = (handler: () => string) =>
  expose((_params: unknown, ctx: Context) => {
    ctx.response.headers.set("Content-Type", "text/plain; charset=utf-8");
    return handler();
  });

class Resource {
  GET(_params: unknown, ctx: Context) {
    ctx.response.headers.set("Content-Type", "text/plain; charset=utf-8");
    return hello();
  }
}
expose(Resource);

export async function start(): Promise<RunningServer> {
  const site = new Site();
  site.config.update({ "log.screen": false });
  const root = {
    hello: text(hello),
    json: tools.jsonOut()(expose(() => ({ hello: "world" }))),
    echo: tools.jsonIn({ schema: ECHO_SCHEMA })(tools.jsonOut({ schema: ECHO_SCHEMA })(expose((_p: unknown, ctx: Context) => ctx.request.json))),
    cached: text(hello),
    etag: tools.etags({ autotags: true })(
      expose((_p: unknown, ctx: Context) => {
        ctx.response.headers.set("Content-Type", "application/json");
        return ETAG_BODY;
      }),
    ),
  };
  site.tree.mount(root, "", { "/cached": { "tools.caching.on": true } });
  site.tree.mount({ res: new Resource() }, "/method", { "/": { "request.dispatch": new MethodDispatcher() } });
  const routes = new RoutesDispatcher().connect("item", "/items/:id", text(hello));
  site.tree.mount({}, "/routes", { "/": { "request.dispatch": routes } });
  site.tree.mount({ site: { index: text(hello) } }, "/vhost", { "/": { "request.dispatch": new VirtualHost({ "bench.local": "/site" }) } });
  const server = new HttpServer(site.tree.listener, { host: "127.0.0.1", port: 0, shutdownTimeout: 1 });
  await server.start();
  return { port: server.port ?? 0, close: () => server.stop() };
}
