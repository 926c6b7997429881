/**
 * `npm start`: every tutorial under its own script name (/tutorial1 ... /tut10), the REST examples
 * under /rest (one per dispatcher), and an index of the tutorials at "/", on http://127.0.0.1:8080. PORT overrides the port; PORT=0 takes any free one (the
 * "Serving on" line says which). Ctrl-C or SIGTERM stops it.
 */
import { config, quickstart, tree } from "../src/index.js";
import { mountTutorials } from "./tutorials/catalog.js";
import { mountStringGenerator } from "./rest/method-dispatch.js";
import { BookStore, mountBooksApi } from "./rest/routes-api.js";
import { mountTwoHosts } from "./rest/two-hosts.js";
import { mountTutorial6 } from "./tutorials/tutorial6-static-content.js";
import { mountCachedResource } from "./cached-resource.js";

function portFrom(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return 8080;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return port <= 65535 ? port : undefined;
}

const port = portFrom(process.env.PORT);
if (port === undefined) {
  console.error(`PORT must be a TCP port number from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exitCode = 2;
} else {
  // The tutorials run on default config on purpose; the checker would flag each mount as empty.
  config.update({ "server.socketPort": port, "checker.on": false });
  mountTutorials(tree);
  mountTutorial6(tree, "/tutorial6");
  mountCachedResource(tree, "/cached");
  mountStringGenerator(tree, "/rest/strings");
  mountBooksApi(tree, "/rest/books", new BookStore([{ title: "Dune", author: "Frank Herbert" }]));
  // Try it with: curl -H "Host: localhost" http://127.0.0.1:8080/rest/hosts/ and -H "Host: 127.0.0.1".
  mountTwoHosts(tree, "/rest/hosts", { www: "localhost", api: "127.0.0.1" });
  await quickstart();
}
