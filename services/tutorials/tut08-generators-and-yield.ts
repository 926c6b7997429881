/**
 * tut08, generators: a handler may yield its body in parts instead of returning one string. With
 * `response.stream` on (set here on the method), each part goes to the client as soon as it is
 * yielded, in a chunked response; without it, the parts are joined and sent with a Content-Length.
 *
 *   node dist/services/tutorials/tut08-generators-and-yield.js   then open http://127.0.0.1:8080/
 */
import { config, expose, quickstart } from "../../src/index.js";
import { escapeHtml } from "./html.js";
import { isMainModule } from "./main-module.js";

const MEMBERS = ["Ada", "Grace", "Edsger", "Barbara"];

export class GeneratorDemo {
  header(): string {
    return "<html><body><h2>A page made by a generator</h2>\n";
  }

  footer(): string {
    return "</body></html>\n";
  }

  @expose
  @config({ "response.stream": true })
  *index(): Generator<string> {
    yield this.header();
    yield "<h3>Members:</h3>\n";
    for (const name of MEMBERS) yield `${escapeHtml(name)}<br>\n`;
    yield this.footer();
  }
}

if (isMainModule(import.meta.url)) await quickstart(new GeneratorDemo());
