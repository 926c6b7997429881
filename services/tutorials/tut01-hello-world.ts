/**
 * tut01, hello world: the smallest application Orchard can serve.
 *
 *   node dist/services/tutorials/tut01-hello-world.js   then open http://127.0.0.1:8080/
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";

export class HelloWorld {
  // A request for the object itself ("/") is answered by its exposed `index` method.
  @expose
  index(): string {
    return "Hello world!";
  }
}

if (isMainModule(import.meta.url)) await quickstart(new HelloWorld());
