/**
 * tut10, HTTP errors: throw HTTPError(status, message?) from a handler to answer with an error
 * status. Orchard renders an HTML error page; config changes it per status (`errorPage.403` here
 * names a template file) and `request.showTracebacks` decides whether an unexpected exception's
 * stack trace appears on the page (HTTPErrors are deliberate, so they never carry one).
 *
 *   node dist/services/tutorials/tut10-http-errors.js   then open http://127.0.0.1:8080/
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { HTTPError, HTTPRedirect, config, expose, quickstart, type Context, type Params } from "../../src/index.js";
import { isMainModule } from "./main-module.js";

/** The 403 page template: beside this module, or (tsc copies no HTML into dist/) in the source tree. */
export const CUSTOM_ERROR_PAGE = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "custom-error.html");
  return existsSync(beside) ? beside : join(here, "../../../services/tutorials/custom-error.html");
})();

@config({ "errorPage.403": CUSTOM_ERROR_PAGE })
export class HTTPErrorDemo {
  @expose
  index(_params: Params, ctx: Context): string {
    const shown = ctx.request.config["request.showTracebacks"] === true;
    return `<!DOCTYPE html>
<html>
<body>
<p>Tracebacks are ${shown ? "on" : "off"}: <a href="toggleTracebacks">turn them ${shown ? "off" : "on"}</a>.</p>
<p><a href="doesNotExist">A broken link</a> (404).</p>
<p><a href="error?code=403">A 403 with a custom error page</a> read from a file.</p>
<p>Errors the application raises on purpose:</p>
<ul>
<li><a href="error?code=400">400</a></li>
<li><a href="error?code=401">401</a></li>
<li><a href="error?code=402">402</a></li>
<li><a href="error?code=500">500</a></li>
</ul>
<p><a href="messageArg">An error with its own message</a>.</p>
<p><a href="crash">An unexpected exception</a>: a 500 whose traceback shows only while tracebacks are on.</p>
</body>
</html>
`;
  }

  /** Flips `request.showTracebacks` for this application only, then goes back to the index. */
  @expose
  toggleTracebacks(_params: Params, ctx: Context): never {
    const shown = ctx.request.config["request.showTracebacks"] === true;
    ctx.app.merge({ "/": { "request.showTracebacks": !shown } });
    throw new HTTPRedirect("./");
  }

  @expose
  error({ code }: { code?: unknown }): never {
    const status = typeof code === "string" && /^\d{3}$/.test(code) ? Number(code) : NaN;
    if (!(status >= 400 && status <= 599)) throw new HTTPError(400, "code must be an HTTP error status, from 400 to 599.");
    throw new HTTPError(status);
  }

  @expose
  messageArg(): never {
    throw new HTTPError(500, "The message given to HTTPError is shown on the error page, under the status line.");
  }

  @expose
  crash(): never {
    throw new Error("Nothing handled this on purpose; it is a bug in the handler.");
  }
}

if (isMainModule(import.meta.url)) await quickstart(new HTTPErrorDemo());
