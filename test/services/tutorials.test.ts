// The tutorials in services/tutorials/, requested the way each one tells its reader to.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { inject, serve, type InjectResponse } from "../../src/testing/index.js";
import { defaultErrorPage, VERSION } from "../../src/request/error-page.js";
import { Tree } from "../../src/tree/tree.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { HelloWorld as Tutorial1 } from "../../services/tutorials/tutorial1-hello-world.js";
import { StringGenerator as Tutorial2 } from "../../services/tutorials/tutorial2-string-generator.js";
import { StringGenerator as Tutorial3 } from "../../services/tutorials/tutorial3-url-parameters.js";
import { StringGenerator as Tutorial4 } from "../../services/tutorials/tutorial4-submit-a-form.js";
import { HelloWorld as Tut01 } from "../../services/tutorials/tut01-hello-world.js";
import { HelloWorld as Tut02 } from "../../services/tutorials/tut02-expose-methods.js";
import { WelcomePage } from "../../services/tutorials/tut03-get-and-post.js";
import { HomePage as Tut04 } from "../../services/tutorials/tut04-complex-site.js";
import { HomePage as Tut05 } from "../../services/tutorials/tut05-derived-objects.js";
import { Root as Tut06 } from "../../services/tutorials/tut06-default-method.js";
import { GeneratorDemo } from "../../services/tutorials/tut08-generators-and-yield.js";
import { CUSTOM_ERROR_PAGE, HTTPErrorDemo } from "../../services/tutorials/tut10-http-errors.js";
import { TUTORIALS, mountTutorials } from "../../services/tutorials/catalog.js";
import { httpGet, within } from "../request/support.js";
import {
  TUT02_INDEX,
  TUT03_FORM,
  TUT04_EXTRA,
  TUT04_HOME,
  TUT04_JOKE,
  TUT04_LINKS,
  TUT05_ANOTHER,
  TUT05_HOME,
  TUT06_REMI,
  TUT06_USERS,
  TUT08_GENERATED,
  TUTORIAL4_FORM,
  TUTORIALS_INDEX,
  tut10Index,
} from "./pages.js";

const HTML = "text/html;charset=utf-8";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

function assertPage(res: InjectResponse, status: number, body: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get("Content-Type"), HTML);
  assert.equal(res.text, body);
}

function errorPage(status: number, reason: string, message: string): string {
  return defaultErrorPage({ status, reason, message });
}

const LENGTH_ERROR = errorPage(400, "Bad Request", "length must be a whole number from 1 to 64.");

describe("Tutorial 1: a basic web application", () => {
  it("answers / with Hello world!", async () => {
    const res = await inject(new Tutorial1(), { url: "/" });
    assertPage(res, 200, "Hello world!");
    assert.equal(res.headers.get("Content-Length"), "12");
  });

  it("answers any other path with 404", async () => {
    const res = await inject(new Tutorial1(), { url: "/index.html" });
    assertPage(res, 404, errorPage(404, "Not Found", "The path '/index.html' was not found."));
  });
});

describe("Tutorial 2: different URLs lead to different methods", () => {
  it("answers / from index() and /generate from generate()", async () => {
    const root = new Tutorial2();
    assertPage(await inject(root, { url: "/" }), 200, "Hello world!");
    const first = await inject(root, { url: "/generate" });
    const second = await inject(root, { url: "/generate" });
    assert.equal(first.status, 200);
    assert.match(first.text, /^[0-9a-f]{8}$/);
    assert.match(second.text, /^[0-9a-f]{8}$/);
    assert.notEqual(first.text, second.text);
  });
});

describe("Tutorial 3: URLs with parameters", () => {
  it("takes the length from the query string, 8 without one", async () => {
    const root = new Tutorial3();
    assert.match((await inject(root, { url: "/generate?length=16" })).text, /^[0-9a-f]{16}$/);
    assert.match((await inject(root, { url: "/generate?length=1" })).text, /^[0-9a-f]$/);
    assert.match((await inject(root, { url: "/generate?length=64" })).text, /^[0-9a-f]{64}$/);
    assert.match((await inject(root, { url: "/generate" })).text, /^[0-9a-f]{8}$/);
  });

  it("answers a length that is not 1 to 64 with 400", async () => {
    const root = new Tutorial3();
    for (const query of ["length=0", "length=65", "length=abc", "length=", "length=-3", "length=2.5", "length=1&length=2"]) {
      assertPage(await inject(root, { url: `/generate?${query}` }), 400, LENGTH_ERROR);
    }
  });
});

describe("Tutorial 4: submit a form", () => {
  it("serves a GET form that submits a length to generate", async () => {
    const res = await inject(new Tutorial4(), { url: "/" });
    assertPage(res, 200, TUTORIAL4_FORM);
  });

  it("reads the length from the query string or from a POSTed form body alike", async () => {
    const root = new Tutorial4();
    assert.match((await inject(root, { url: "/generate?length=5" })).text, /^[0-9a-f]{5}$/);
    const posted = await inject(root, { method: "POST", url: "/generate", headers: FORM, body: "length=12" });
    assert.equal(posted.status, 200);
    assert.match(posted.text, /^[0-9a-f]{12}$/);
    assertPage(await inject(root, { method: "POST", url: "/generate", headers: FORM, body: "length=100" }), 400, LENGTH_ERROR);
  });
});

describe("tut01: hello world", () => {
  it("answers / with Hello world! and other paths with 404", async () => {
    const root = new Tut01();
    assertPage(await inject(root, { url: "/" }), 200, "Hello world!");
    assert.equal((await inject(root, { url: "/hello" })).status, 404);
  });
});

describe("tut02: several exposed methods", () => {
  it("links from the index to showMessage", async () => {
    const root = new Tut02();
    assertPage(await inject(root, { url: "/" }), 200, TUT02_INDEX);
    assertPage(await inject(root, { url: "/showMessage" }), 200, "Hello world!");
  });
});

describe("tut03: GET and POST", () => {
  it("serves a form that POSTs a name to greetUser", async () => {
    assertPage(await inject(new WelcomePage(), { url: "/" }), 200, TUT03_FORM);
  });

  it("greets the name from a POSTed form body or from the query string", async () => {
    const root = new WelcomePage();
    assertPage(await inject(root, { method: "POST", url: "/greetUser", headers: FORM, body: "name=Bob" }), 200, "Hello, Bob! Good to see you.");
    assertPage(await inject(root, { url: "/greetUser?name=Alice" }), 200, "Hello, Alice! Good to see you.");
  });

  it("asks for a name when the field was empty or missing", async () => {
    const root = new WelcomePage();
    assertPage(await inject(root, { method: "POST", url: "/greetUser", headers: FORM, body: "name=+" }), 200, 'Please enter your name <a href="./">on the form</a>.');
    assertPage(await inject(root, { url: "/greetUser" }), 200, 'No name was sent. Please enter your name <a href="./">on the form</a>.');
  });

  it("escapes the name before it goes into HTML", async () => {
    const res = await inject(new WelcomePage(), { method: "POST", url: "/greetUser", headers: FORM, body: "name=%3Cb%3EEve%3C%2Fb%3E" });
    assertPage(res, 200, "Hello, &lt;b&gt;Eve&lt;/b&gt;! Good to see you.");
  });
});

describe("tut04: a site of several objects", () => {
  it("serves the home page and the joke page under its attribute name", async () => {
    const root = new Tut04();
    assertPage(await inject(root, { url: "/" }), 200, TUT04_HOME);
    assertPage(await inject(root, { url: "/joke/" }), 200, TUT04_JOKE);
  });

  it("redirects /joke to /joke/ so that relative links resolve", async () => {
    const res = await inject(new Tut04(), { url: "/joke" });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("Location"), "http://127.0.0.1/joke/");
  });

  it("nests: /links/ links to /links/extra/", async () => {
    const root = new Tut04();
    assertPage(await inject(root, { url: "/links/" }), 200, TUT04_LINKS);
    assertPage(await inject(root, { url: "/links/extra/" }), 200, TUT04_EXTRA);
    assertPage(await inject(root, { url: "/links/missing/" }), 404, errorPage(404, "Not Found", "The path '/links/missing/' was not found."));
  });
});

describe("tut05: derived objects", () => {
  it("renders each page with the header and footer of the base class and its own title", async () => {
    const root = new Tut05();
    assertPage(await inject(root, { url: "/" }), 200, TUT05_HOME);
    assertPage(await inject(root, { url: "/another/" }), 200, TUT05_ANOTHER);
  });

  it("does not expose the base class's helpers or fields", async () => {
    const root = new Tut05();
    for (const path of ["/header", "/footer", "/title", "/another/header"]) {
      assert.equal((await inject(root, { url: path })).status, 404, path);
    }
  });
});

describe("tut06: the default method", () => {
  it("answers /users/<name> from default() with the name as ctx.args", async () => {
    assertPage(await inject(new Tut06(), { url: "/users/remi" }), 200, TUT06_REMI);
  });

  it("still answers /users/ from index()", async () => {
    assertPage(await inject(new Tut06(), { url: "/users/" }), 200, TUT06_USERS);
  });

  it("answers an unknown user, or a deeper path, with 404", async () => {
    const root = new Tut06();
    assertPage(await inject(root, { url: "/users/nobody" }), 404, errorPage(404, "Not Found", "There is no user called 'nobody'."));
    assertPage(await inject(root, { url: "/users/remi/photos" }), 404, errorPage(404, "Not Found", "The path '/users/remi/photos' was not found."));
  });
});

describe("tut08: generators and yield", () => {
  it("joins what index() yields into the page, streamed without a Content-Length", async () => {
    const res = await inject(new GeneratorDemo(), { url: "/" });
    assertPage(res, 200, TUT08_GENERATED);
    assert.equal(res.headers.get("Content-Length"), undefined);
  });

  it("sends the parts chunked over a real socket", async (t) => {
    const served = await serve(new GeneratorDemo());
    t.after(() => served.close());
    const res = await within(httpGet(`${served.url}/`), 3000, "the generated page");
    assert.equal(res.status, 200);
    assert.equal(res.complete, true);
    assert.equal(res.headers["transfer-encoding"], "chunked");
    assert.equal(res.headers["content-length"], undefined);
    assert.equal(res.body, TUT08_GENERATED);
  });
});

describe("tut10: HTTP errors", () => {
  const customPage = (status: string, message: string) =>
    readFileSync(CUSTOM_ERROR_PAGE, "utf8")
      .replace(/\{status\}/g, status)
      .replace(/\{message\}/g, message)
      .replace(/\{traceback\}/g, "")
      .replace(/\{version\}/g, VERSION);

  it("lists the errors it can raise, with tracebacks on by default", async () => {
    assertPage(await inject(new HTTPErrorDemo(), { url: "/" }), 200, tut10Index(true));
  });

  it("answers /error?code=403 with the custom page read from a file", async () => {
    const res = await inject(new HTTPErrorDemo(), { url: "/error?code=403" });
    assert.equal(res.status, 403);
    assert.equal(res.reason, "Forbidden");
    assert.equal(res.headers.get("Content-Type"), HTML);
    assert.equal(res.text, customPage("403 Forbidden", "Forbidden"));
    assert.ok(res.text.startsWith("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>403 Forbidden</title>"), res.text);
  });

  it("answers other codes with the default page, and a bad code with 400", async () => {
    const root = new HTTPErrorDemo();
    assertPage(await inject(root, { url: "/error?code=400" }), 400, errorPage(400, "Bad Request", "Bad Request"));
    assertPage(await inject(root, { url: "/error?code=402" }), 402, errorPage(402, "Payment Required", "Payment Required"));
    const codeError = errorPage(400, "Bad Request", "code must be an HTTP error status, from 400 to 599.");
    for (const query of ["code=200", "code=600", "code=abc", ""]) assertPage(await inject(root, { url: `/error?${query}` }), 400, codeError);
  });

  it("puts the HTTPError's message on the page", async () => {
    const res = await inject(new HTTPErrorDemo(), { url: "/messageArg" });
    assertPage(res, 500, errorPage(500, "Internal Server Error", "The message given to HTTPError is shown on the error page, under the status line."));
  });

  it("toggleTracebacks turns tracebacks off and on for this application, redirecting to the index", async () => {
    const root = new HTTPErrorDemo();
    const error500 = errorPage(500, "Internal Server Error", "The server encountered an unexpected condition which prevented it from fulfilling the request.");
    // An HTTPError is deliberate: its page never has a traceback, whatever the setting.
    assertPage(await inject(root, { url: "/error?code=500" }), 500, error500);
    const crashOn = await inject(root, { url: "/crash" });
    assert.equal(crashOn.status, 500);
    assert.ok(crashOn.text.includes('<pre id="traceback">Error: Nothing handled this on purpose; it is a bug in the handler.\n    at '), crashOn.text);

    const off = await inject(root, { url: "/toggleTracebacks" });
    assert.equal(off.status, 303);
    assert.equal(off.headers.get("Location"), "http://127.0.0.1/");
    assertPage(await inject(root, { url: "/" }), 200, tut10Index(false));
    assertPage(await inject(root, { url: "/crash" }), 500, error500);
    assertPage(await inject(root, { url: "/error?code=500" }), 500, error500);

    assert.equal((await inject(root, { url: "/toggleTracebacks" })).status, 303);
    assertPage(await inject(root, { url: "/" }), 200, tut10Index(true));
    assert.ok((await inject(root, { url: "/crash" })).text.includes('<pre id="traceback">Error: Nothing handled'));
  });
});

describe("the tutorials mounted together, as npm start does", () => {
  function site(): Tree {
    const tree = new Tree(createConfig(), new LogManager({ screen: false }));
    mountTutorials(tree);
    return tree;
  }

  it("lists every tutorial on the index at /", async () => {
    const res = await inject(site(), { url: "/" });
    assertPage(res, 200, TUTORIALS_INDEX);
    const links = [...res.text.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => m[1]);
    assert.deepEqual(links, TUTORIALS.map((t) => `${t.scriptName}/`));
    assert.deepEqual(links, ["/tutorial1/", "/tutorial2/", "/tutorial3/", "/tutorial4/", "/tut01/", "/tut02/", "/tut03/", "/tut04/", "/tut05/", "/tut06/", "/tut08/", "/tut10/", "/tutorial7/", "/tutorial8/"]);
  });

  it("serves each tutorial under its script name", async () => {
    const tree = site();
    assertPage(await inject(tree, { url: "/tutorial1/" }), 200, "Hello world!");
    assert.match((await inject(tree, { url: "/tutorial3/generate?length=3" })).text, /^[0-9a-f]{3}$/);
    assertPage(await inject(tree, { method: "POST", url: "/tut03/greetUser", headers: FORM, body: "name=Bob" }), 200, "Hello, Bob! Good to see you.");
    assertPage(await inject(tree, { url: "/tut06/users/remi" }), 200, TUT06_REMI);
    const tut04 = await inject(tree, { url: "/tut04" });
    assert.equal(tut04.status, 301);
    assert.equal(tut04.headers.get("Location"), "http://127.0.0.1/tut04/");
  });

  it("keeps tut10's toggle and its redirect inside /tut10", async () => {
    const tree = site();
    const res = await inject(tree, { url: "/tut10/toggleTracebacks" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("Location"), "http://127.0.0.1/tut10/");
    assertPage(await inject(tree, { url: "/tut10/" }), 200, tut10Index(false));
    assert.equal(tree.config.values["request.showTracebacks"], true);
  });
});
