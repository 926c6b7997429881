/**
 * tut05, derived objects: page handlers are ordinary classes, so a base class can hold what every
 * page shares (here the header, the footer and a default title) and subclasses fill in the rest.
 * Methods that are not exposed, like header() and footer(), are not reachable from a URL.
 *
 *   node dist/services/tutorials/tut05-derived-objects.js   then open http://127.0.0.1:8080/
 */
import { expose, quickstart } from "../../src/index.js";
import { escapeHtml } from "./html.js";
import { isMainModule } from "./main-module.js";

export class Page {
  readonly title: string = "Untitled Page";

  header(): string {
    const title = escapeHtml(this.title);
    return `<html>
<head><title>${title}</title></head>
<body>
<h2>${title}</h2>
`;
  }

  footer(): string {
    return `</body>
</html>
`;
  }
}

export class AnotherPage extends Page {
  override readonly title = "Another Page";

  @expose
  index(): string {
    return `${this.header()}<p>This page shares its header and footer with the home page.</p>
<p><a href="../">Back home</a></p>
${this.footer()}`;
  }
}

export class HomePage extends Page {
  override readonly title = "Tutorial 5";
  readonly another = new AnotherPage();

  @expose
  index(): string {
    return `${this.header()}<p>Both pages on this site derive from one Page class.</p>
<p>Have a look at <a href="another/">another page</a>.</p>
${this.footer()}`;
  }
}

if (isMainModule(import.meta.url)) await quickstart(new HomePage());
