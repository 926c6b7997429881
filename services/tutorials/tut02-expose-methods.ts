/**
 * tut02, several methods: each exposed method is a page at its own name, so pages link to each
 * other by that name. Links are relative ("showMessage", not "/showMessage") so the application
 * works wherever it is mounted.
 *
 *   node dist/services/tutorials/tut02-expose-methods.js   then open http://127.0.0.1:8080/
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";

export class HelloWorld {
  @expose
  index(): string {
    return 'There is <a href="showMessage">a message</a> waiting for you.';
  }

  @expose
  showMessage(): string {
    return "Hello world!";
  }
}

if (isMainModule(import.meta.url)) await quickstart(new HelloWorld());
