/**
 * tut06, the default method: when no attribute matches the rest of the path, the deepest object on
 * the way that has an exposed `default` method answers, and the segments it did not match arrive
 * as `ctx.args`. That turns "/users/<name>" into one handler for any name.
 *
 *   node dist/services/tutorials/tut06-default-method.js
 *   curl http://127.0.0.1:8080/users/remi
 */
import { HTTPError, NotFound, expose, quickstart, type Context, type Params } from "../../src/index.js";
import { escapeHtml } from "./html.js";
import { isMainModule } from "./main-module.js";

const USERS: ReadonlyMap<string, string> = new Map([
  ["remi", "Remi keeps the release notes tidy."],
  ["hendrik", "Hendrik answers questions on the mailing list."],
  ["lorenzo", "Lorenzo looks after the test suite."],
]);

export class UsersPage {
  @expose
  index(): string {
    const items = [...USERS.keys()].map((name) => `<li><a href="${name}">${name}</a></li>`).join("\n");
    return `<p>Our users:</p>\n<ul>\n${items}\n</ul>\n`;
  }

  @expose
  default(_params: Params, ctx: Context): string {
    const [name, ...rest] = ctx.args;
    if (name === undefined || rest.length > 0) throw new NotFound(ctx.request.pathInfo);
    const about = USERS.get(name);
    if (about === undefined) throw new HTTPError(404, `There is no user called '${name}'.`);
    return `<h2>${escapeHtml(name)}</h2>\n<p>${escapeHtml(about)}</p>\n<p><a href="./">All users</a></p>\n`;
  }
}

export class Root {
  readonly users = new UsersPage();

  @expose
  index(): string {
    return '<p>See <a href="users/">the users</a>.</p>\n';
  }
}

if (isMainModule(import.meta.url)) await quickstart(new Root());
