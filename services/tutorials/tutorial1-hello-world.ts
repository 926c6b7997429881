/**
 * Tutorial 1: a basic web application. One class with one exposed method, served at "/".
 *
 *   node dist/services/tutorials/tutorial1-hello-world.js
 *   curl http://127.0.0.1:8080/          → Hello world!
 *
 * quickstart mounts the object, starts the engine and the HTTP server, and keeps running until
 * Ctrl-C (SIGINT) or SIGTERM. The startup log lists what the engine did, ending with "Serving on".
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";

export class HelloWorld {
  // Only exposed methods are reachable from a URL; `index` answers the object's own path.
  @expose
  index(): string {
    return "Hello world!";
  }
}

if (isMainModule(import.meta.url)) await quickstart(new HelloWorld());
