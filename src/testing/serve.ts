/** serve: the target on a real node:http server, on an ephemeral loopback port. */
import { HttpServer, type HttpServerOptions } from "../servers/node-http.js";
import { treeOf, type Target } from "./inject.js";

export interface Served {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function serve(target: Target, options: HttpServerOptions = {}): Promise<Served> {
  const tree = treeOf(target);
  const server = new HttpServer(tree.listener, { host: "127.0.0.1", port: 0, shutdownTimeout: 1, ...options });
  await server.start();
  return { url: server.url, port: server.port ?? 0, close: () => server.stop() };
}
