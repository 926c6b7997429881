/**
 * tut04, a site of several objects: an attribute that holds an object is a path segment, so the
 * tree of objects is the tree of URLs. Here "/" is HomePage, "/joke/" its `joke` attribute,
 * "/links/" its `links` attribute and "/links/extra/" the `extra` attribute of that one.
 *
 *   node dist/services/tutorials/tut04-complex-site.js   then open http://127.0.0.1:8080/
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";

export class JokePage {
  @expose
  index(): string {
    return `<p>Why do programmers confuse Halloween with Christmas? Because OCT 31 equals DEC 25.</p>
<p><a href="../">Back home</a></p>
`;
  }
}

export class ExtraLinksPage {
  @expose
  index(): string {
    // Relative links climb the tree: "../" is the links page, "../../" the home page.
    return `<p>A few more links:</p>
<ul>
<li><a href="https://developer.mozilla.org/en-US/docs/Web/HTTP">HTTP on MDN</a></li>
<li><a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110, HTTP semantics</a></li>
</ul>
<p><a href="../">Back to the links</a> or <a href="../../">home</a></p>
`;
  }
}

export class LinksPage {
  readonly extra = new ExtraLinksPage();

  @expose
  index(): string {
    return `<p>Some useful links:</p>
<ul>
<li><a href="https://nodejs.org/">Node.js</a></li>
<li><a href="https://cherrypy.dev/">CherryPy, where this design comes from</a></li>
</ul>
<p>There are <a href="extra/">more links</a> on another page.</p>
<p><a href="../">Back home</a></p>
`;
  }
}

export class HomePage {
  readonly joke = new JokePage();
  readonly links = new LinksPage();

  @expose
  index(): string {
    return `<p>Welcome! This site is a tree of objects.</p>
<ul>
<li><a href="joke/">A joke</a></li>
<li><a href="links/">Some links</a></li>
</ul>
`;
  }
}

if (isMainModule(import.meta.url)) await quickstart(new HomePage());
