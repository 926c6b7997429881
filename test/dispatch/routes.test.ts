// RoutesDispatcher, as CherryPy's test_routes uses it, plus what path-to-regexp adds: patterns
// compiled at connect time, and ambiguous patterns refused there.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { RoutesDispatcher } from "../../src/dispatch/routes.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject, type InjectOptions } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { quietTree } from "../cases/dispatchers.js";

const routeStamp = tools.register("beforeFinalize", (ctx) => void ctx.response.headers.set("X-Route-Stamp", "on"), { name: "routeStamp" });

class Dummy {
  index() {
    return "I said good day!";
  }
}

/** A controller whose class config (a response header) applies to every action. */
@configure({ "response.headers.Content-Language": "en-GB" })
class City {
  population = 10000;
  constructor(readonly name: string) {}
  index() {
    return `Welcome to ${this.name}, pop. ${this.population}`;
  }
  update(params: Params) {
    this.population = Number(params.pop);
    return "OK";
  }
}

class Books {
  @configure({ "response.headers.X-Action": "show" })
  show(params: Params) {
    return `book ${String(params.id)}`;
  }
  @routeStamp.decorator()
  list(params: Params) {
    return `books page ${String(params.page ?? "1")}`;
  }
  edition(params: Params) {
    return `book ${String(params.id)} edition ${String(params.edition)}`;
  }
  link(params: Params, ctx: Context) {
    return ctx.url(d.generate("book", { id: String(params.id) }));
  }
}

const d = new RoutesDispatcher();
d.connect("hounslow", "/hounslow", new City("Hounslow"), { action: "index" });
const surbiton = new City("Surbiton");
d.connect("surbiton", "/surbiton", surbiton, { action: "index", conditions: { method: ["GET"] } });
d.connect("surbiton-update", "/surbiton", surbiton, { action: "update", conditions: { method: ["POST"] } });
const books = new Books();
d.connect("books", "/books", books, { action: "list", conditions: { method: ["get"] } });
d.connect("book", "/books/:id", books, { action: "show", requirements: { id: /\d+/ } });
d.connect("edition", "/books/:id/editions/:edition", books, { action: "edition", requirements: { edition: "[a-z]+" } });
d.connect("link", "/links/:id", books, { action: "link" });
d.connect("archive", "/archive{/:year}", (params: Params) => `archive ${String(params.year)}`, { defaults: { year: "2024" } });
d.connect("files", "/files/*path", (params: Params) => `file ${String(params.path)}`);
d.connect("first", "/order/:x", () => "first route");
d.connect("second", "/order/fixed", () => "second route");
d.connect("per-route", "/configured", () => "configured", { config: { "response.headers.X-Route": "per-route" } });
d.connect("ctx", "/ctx/:name", (params: Params, ctx: Context) => `${String(params.name)} args=${JSON.stringify(ctx.args)} q=${String(params.q)}`);
d.connect("main", "/", new Dummy());

for (const sn of ["", "/corp/blog"]) {
  describe(`RoutesDispatcher mounted at '${sn}'`, () => {
    const { tree } = quietTree();
    tree.mount({}, sn, { "/": { "request.dispatch": d }, "/books": { "response.headers.X-Section": "books" } });
    const request = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url: sn + url });

    it("serves a connected route", async () => {
      const res = await request("/hounslow");
      assert.equal(res.status, 200);
      assert.equal(res.text, "Welcome to Hounslow, pop. 10000");
      assert.equal((await request("/")).text, "I said good day!");
    });

    it("answers 404 where no route matches", async () => {
      const res = await request("/foo");
      assert.equal(res.status, 404);
      assert.equal(res.text, defaultErrorPage({ status: 404, reason: "Not Found", message: `The path '${sn}/foo' was not found.` }));
      assert.equal(res.headers.has("allow"), false);
    });

    it("sends GET and POST on one path to different actions, and applies the controller's config", async () => {
      const get = await request("/surbiton");
      assert.equal(get.text, `Welcome to Surbiton, pop. ${surbiton.population}`);
      assert.equal(get.headers.get("content-language"), "en-GB");
      const post = await request("/surbiton", { method: "POST", body: "pop=1327", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(post.text, "OK");
      assert.equal(post.headers.get("content-language"), "en-GB");
      assert.equal((await request("/surbiton")).text, "Welcome to Surbiton, pop. 1327");
    });

    it("answers 405 with Allow when the path matches but the method does not", async () => {
      const res = await request("/surbiton", { method: "PUT" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, HEAD, POST");
      assert.equal(res.text, defaultErrorPage({ status: 405, reason: "Method Not Allowed", message: "The method is not allowed for this resource." }));
      const head = await request("/surbiton", { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.text, "");
      assert.equal(head.headers.has("allow"), false);
    });

    it("merges path parameters into params, beside the query string", async () => {
      const res = await request("/ctx/ann?q=2");
      assert.equal(res.text, "ann args=[] q=2");
      assert.equal((await request("/ctx/caf%C3%A9%20au%20lait")).text, "café au lait args=[] q=undefined");
    });

    it("checks requirements in full, then tries the next route", async () => {
      assert.equal((await request("/books/12")).text, "book 12");
      assert.equal((await request("/books/12x")).status, 404);
      assert.equal((await request("/books/12/editions/first")).text, "book 12 edition first");
      assert.equal((await request("/books/12/editions/First")).status, 404);
    });

    it("fills parameters the pattern leaves out from defaults", async () => {
      assert.equal((await request("/archive")).text, "archive 2024");
      assert.equal((await request("/archive/1999")).text, "archive 1999");
    });

    it("joins a wildcard's segments with '/'", async () => {
      assert.equal((await request("/files/a/b/c.txt")).text, "file a/b/c.txt");
    });

    it("tries routes in the order they were connected", async () => {
      assert.equal((await request("/order/fixed")).text, "first route");
    });

    it("applies config per route, per controller, per action and per app section", async () => {
      assert.equal((await request("/configured")).headers.get("x-route"), "per-route");
      const show = await request("/books/3");
      assert.equal(show.headers.get("x-action"), "show");
      assert.equal(show.headers.get("x-section"), "books");
      const list = await request("/books?page=2");
      assert.equal(list.text, "books page 2");
      assert.equal(list.headers.has("x-action"), false);
      assert.equal(list.headers.get("x-route-stamp"), "on");
      assert.equal(show.headers.has("x-route-stamp"), false);
    });

    it("is case-sensitive", async () => {
      assert.equal((await request("/Hounslow")).status, 404);
    });

    it("matches with or without a trailing slash; a route is never an index", async () => {
      assert.equal((await request("/hounslow/")).text, "Welcome to Hounslow, pop. 10000");
      const { tree: strict } = quietTree();
      strict.mount({}, sn, { "/": { "request.dispatch": d, "tools.trailingSlash.extra": true } });
      const res = await inject(strict, { url: `${sn}/hounslow/?a=1` });
      assert.equal(res.status, 301);
      assert.equal(res.headers.get("location"), `http://127.0.0.1${sn}/hounslow?a=1`);
      assert.equal((await inject(strict, { url: `${sn}/hounslow` })).status, 200);
    });

    it("answers 400 for a malformed percent-encoding in a parameter", async () => {
      const res = await request("/ctx/%E0%A4%A");
      assert.equal(res.status, 400);
      assert.equal(res.text, defaultErrorPage({ status: 400, reason: "Bad Request", message: "Malformed percent-encoding in the request path." }));
    });

    it("builds absolute URLs from route names with ctx.url(generate(...))", async () => {
      assert.equal((await request("/links/7")).text, `http://127.0.0.1${sn}/books/7`);
    });
  });
}

describe("RoutesDispatcher.generate", () => {
  it("fills in the named route's parameters, encoded", () => {
    assert.equal(d.generate("book", { id: 7 }), "/books/7");
    assert.equal(d.generate("ctx", { name: "a b/c" }), "/ctx/a%20b%2Fc");
    assert.equal(d.generate("edition", { id: "3", edition: "first" }), "/books/3/editions/first");
    assert.equal(d.generate("files", { path: "a/b c" }), "/files/a/b%20c");
    assert.equal(d.generate("files", { path: ["x", "y"] }), "/files/x/y");
    assert.equal(d.generate("hounslow"), "/hounslow");
  });

  it("uses defaults and leaves an optional group out when it has no value", () => {
    assert.equal(d.generate("archive"), "/archive/2024");
    assert.equal(d.generate("archive", { year: 1999 }), "/archive/1999");
    const plain = new RoutesDispatcher().connect("opt", "/opt{/:page}", () => "");
    assert.equal(plain.generate("opt"), "/opt");
  });

  it("puts values the pattern has no place for in the query string", () => {
    assert.equal(d.generate("book", { id: 7, format: "json", tag: ["a", "b c"] }), "/books/7?format=json&tag=a&tag=b+c");
  });

  it("throws for an unknown name or a missing parameter", () => {
    assert.throws(() => d.generate("nope"), { message: "no route named 'nope'" });
    assert.throws(() => d.generate("book"), { message: "route 'book': Missing parameters: id" });
  });
});

describe("RoutesDispatcher.connect", () => {
  const action = () => "";

  it("refuses ambiguous or malformed patterns with an error that names the route", () => {
    const r = new RoutesDispatcher();
    assert.throws(() => r.connect("adjacent", "/:a:b", action), {
      message: `route 'adjacent': the pattern '/:a:b' cannot be used: Missing text before "b" param`,
    });
    assert.throws(() => r.connect("optional", "/books/:id?", action), {
      message: "route 'optional': the pattern '/books/:id?' cannot be used: Unexpected ? at index 10",
    });
    assert.throws(() => r.connect("regex", "/(.*)", action), {
      message: "route 'regex': the pattern '/(.*)' cannot be used: Unexpected ( at index 1",
    });
    assert.throws(() => r.connect("unnamed", "/files/*", action), {
      message: "route 'unnamed': the pattern '/files/*' cannot be used: Missing parameter name at index 8",
    });
    assert.throws(() => r.connect("open", "/x{/:y", action), {
      message: "route 'open': the pattern '/x{/:y' cannot be used: Unexpected end at index 6, expected }",
    });
  });

  it("refuses a duplicate name, a missing action and a requirement for no parameter", () => {
    const r = new RoutesDispatcher().connect("a", "/a", action);
    assert.throws(() => r.connect("a", "/b", action), { message: "a route named 'a' is already connected" });
    assert.throws(() => r.connect("c", "/c", new Dummy(), { action: "missing" }), { message: "route 'c': the controller has no method 'missing'" });
    assert.throws(() => r.connect("d", "/d/:id", action, { requirements: { ident: /\d+/ } }), {
      message: "route 'd': the requirement 'ident' names no parameter of '/d/:id'",
    });
  });

  // What this checks is the answer, not the speed: no timing is measured, so slowness would go unnoticed.
  it("answers 404 to long paths shaped like many near-miss routes", async () => {
    const many = new RoutesDispatcher();
    for (let i = 0; i < 200; i++) {
      many.connect(`dashes${i}`, `/r${i}/:a-:b-:c-:d/end`, action);
      many.connect(`dots${i}`, `/r${i}/:x.:y.:z/*rest/end`, action);
      many.connect(`wild${i}`, `/r${i}/*first/mid/*second/end`, action);
    }
    const { tree } = quietTree();
    tree.mount({}, "", { "/": { "request.dispatch": many } });
    const segment = "-.".repeat(5000);
    const deep = "/a".repeat(2000) + "/mid" + "/b".repeat(2000);
    for (const url of [`/r199/${segment}`, `/r199/${segment}/x`, `/r199${deep}`, `/r199/${"a-".repeat(8000)}/nope`]) {
      const res = await inject(tree, { url });
      assert.equal(res.status, 404, url.slice(0, 40));
      assert.equal(res.text, defaultErrorPage({ status: 404, reason: "Not Found", message: `The path '${url}' was not found.` }), url.slice(0, 40));
    }
  });

  it("serves a plain function as the controller", async () => {
    const r = new RoutesDispatcher().connect("hi", "/hi/:who", (params: Params) => `hi ${String(params.who)}`);
    const { tree } = quietTree();
    tree.mount({ index: expose(() => "object root") }, "", { "/": { "request.dispatch": r } });
    assert.equal((await inject(tree, { url: "/hi/there" })).text, "hi there");
    assert.equal((await inject(tree, { url: "/" })).status, 404);
  });
});

it("config sections match decoded paths, as under the object dispatcher", async () => {
  const routes = new RoutesDispatcher().connect("menu", "/:place/menu", (params: Params) => `menu of ${String(params.place)}`);
  const { tree } = quietTree();
  tree.mount({}, "", { "/": { "request.dispatch": routes }, "/café": { "response.headers.X-Section": "café" } });
  const res = await inject(tree, { url: "/caf%C3%A9/menu" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "menu of café");
  assert.equal(res.headers.get("x-section"), "café");
});

it("a literal non-ASCII pattern matches its percent-encoded path and generates it encoded", async () => {
  const routes = new RoutesDispatcher().connect("cafe", "/café/menu", () => "menu");
  const { tree } = quietTree();
  tree.mount({}, "", { "/": { "request.dispatch": routes } });
  const res = await inject(tree, { url: "/caf%C3%A9/menu" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "menu");
  assert.equal(routes.generate("cafe"), "/caf%C3%A9/menu");
});
