/**
 * `npm start`: every tutorial under its own script name (/tutorial1 ... /tut10), the REST examples
 * under /rest (one per dispatcher), and an index of the tutorials at "/", on http://127.0.0.1:8080.
 * PORT overrides the port as it does for every Orchard site; PORT=0 takes any free one (the "Serving
 * on" line says which). Ctrl-C or SIGTERM stops it.
 */
import { config, quickstart, tree } from "../src/index.js";
import { mountTutorials } from "./tutorials/catalog.js";
import { mountStringGenerator } from "./rest/method-dispatch.js";
import { BookStore, mountBooksApi } from "./rest/routes-api.js";
import { mountTwoHosts } from "./rest/two-hosts.js";
import { mountTutorial6 } from "./tutorials/tutorial6-static-content.js";
import { mountCachedResource } from "./cached-resource.js";

// The tutorials run on default config on purpose; the checker would flag each mount as empty.
config.update({ "checker.on": false });
mountTutorials(tree);
mountTutorial6(tree, "/tutorial6");
mountCachedResource(tree, "/cached");
mountStringGenerator(tree, "/rest/strings");
mountBooksApi(tree, "/rest/books", new BookStore([{ title: "Dune", author: "Frank Herbert" }]));
// Try it with: curl -H "Host: localhost" http://127.0.0.1:8080/rest/hosts/ and -H "Host: 127.0.0.1".
mountTwoHosts(tree, "/rest/hosts", { www: "localhost", api: "127.0.0.1" });
await quickstart();
