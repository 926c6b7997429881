// MethodDispatcher, as CherryPy's test_dynamicobjectmapping (testMethodDispatch) and tutorial 7 use it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expose } from "../../src/decorators/expose.js";
import { popargs } from "../../src/decorators/popargs.js";
import { config as configure } from "../../src/decorators/config.js";
import { MethodDispatcher } from "../../src/dispatch/method.js";
import { HTTPError } from "../../src/request/errors.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject, type InjectOptions } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import type { Tree } from "../../src/tree/tree.js";
import { quietTree } from "../cases/dispatchers.js";

const methodStamp = tools.register("beforeFinalize", (ctx) => void ctx.response.headers.set("X-Method-Stamp", "on"), { name: "methodStamp" });

/** A container resource: GET lists its things, POST appends one (from the body or the path). */
@expose
class ByMethod {
  readonly things: string[];
  constructor(...things: string[]) {
    this.things = things;
  }
  GET() {
    return JSON.stringify(this.things);
  }
  POST(params: Params, ctx: Context) {
    this.things.push(String(params.thing ?? ctx.args[0]));
  }
}

class Collection {
  // An exposed object as `default`: the resource for every path under /collection.
  default = new ByMethod("a", "bit");
}

/** Every verb with its own method, plus config and a tool that apply to one method only. */
@expose
class Full {
  @configure({ "response.headers.X-Verb": "get" })
  @methodStamp.decorator()
  GET() {
    return "got";
  }
  POST(params: Params) {
    return `posted ${String(params.name)}`;
  }
  PUT(params: Params) {
    return `put ${String(params.name)}`;
  }
  PATCH() {
    return "patched";
  }
  DELETE(_p: Params, ctx: Context) {
    ctx.response.status = 204;
  }
  OPTIONS(_p: Params, ctx: Context) {
    ctx.response.headers.set("X-Options", "custom");
    return "my options";
  }
}

/** A resource whose class inherits a verb (each class is exposed itself: exposure is not inherited). */
@expose
class BaseResource {
  GET() {
    return "base get";
  }
}
@expose
class Derived extends BaseResource {
  PUT() {
    return "derived put";
  }
}

/** Verbs as instance fields: two instances of one class answer differently. */
@expose
class FieldResource {
  GET: () => string;
  constructor(answer: string, extra?: () => string) {
    this.GET = () => answer;
    if (extra) Object.assign(this, { DELETE: extra });
  }
}

/** Nested resources: /library/12 and /library/12/book/15 (popargs on each class). */
@expose
@popargs("bookId")
class Books {
  GET(params: Params) {
    return params.bookId === undefined ? `all books of library ${String(params.libraryId)}` : `book ${String(params.bookId)} of library ${String(params.libraryId)}`;
  }
  DELETE(params: Params) {
    return `deleted book ${String(params.bookId)}`;
  }
}

@expose
@popargs("libraryId")
class Library {
  readonly book = new Books();
  GET(params: Params) {
    return `library ${String(params.libraryId)}`;
  }
}

/** A resource class that takes segments with dispatch(vpath, ctx): /shelf/<colour>/<row>. */
@expose
class Shelf {
  GET(_p: Params, ctx: Context) {
    return `shelf ${String(ctx.request.params.colour)} row ${String(ctx.request.params.row)}`;
  }
  dispatch(vpath: string[], ctx: Context): unknown {
    ctx.request.params.colour = vpath.shift();
    if (vpath.length > 0) ctx.request.params.row = vpath.shift();
    return this;
  }
}

/** The seed's REST tree (/nirvana/albums/nevermind/tracks/06/polly) as resources. */
@expose
@popargs("trackNum", "trackTitle")
class Tracks {
  GET(params: Params) {
    return `track ${String(params.trackNum)} '${String(params.trackTitle)}' of '${String(params.albumTitle)}' by ${String(params.bandName)}`;
  }
  PUT(params: Params) {
    return `renamed track ${String(params.trackNum)} to ${String(params.title)}`;
  }
}

@expose
@popargs("albumTitle")
class Albums {
  readonly tracks = new Tracks();
  GET(params: Params) {
    return params.albumTitle === undefined ? `albums by ${String(params.bandName)}` : `'${String(params.albumTitle)}' by ${String(params.bandName)}`;
  }
  POST(params: Params, ctx: Context) {
    ctx.response.status = 201;
    return `added '${String(params.title)}' to ${String(params.bandName)}`;
  }
}

@expose
@popargs("bandName")
class Band {
  readonly albums = new Albums();
  GET(params: Params) {
    return `about ${String(params.bandName)}`;
  }
}

class Root {
  readonly method = new ByMethod("hello");
  readonly collection = new Collection();
  readonly full = new Full();
  readonly derived = new Derived();
  readonly library = new Library();
  readonly shelf = new Shelf();
  readonly plain = expose({ GET: () => "plain object resource" });
  readonly fieldA = new FieldResource("field a");
  readonly fieldB = new FieldResource("field b", () => "deleted");
  readonly bare = expose(Object.assign(Object.create(null) as object, { GET: () => "no prototype" }));
  readonly failing = expose({
    GET: () => {
      throw new HTTPError(409, "busy");
    },
  });
  @expose index() {
    return "a plain index next to resources";
  }
}

function mountRoot(tree: Tree, scriptName: string): void {
  tree.mount(new Root(), scriptName, { "/": { "request.dispatch": new MethodDispatcher() } });
  tree.mount(new Band(), `${scriptName}/music`, { "/": { "request.dispatch": new MethodDispatcher() } });
}

const ALLOW_GET_POST = "GET, HEAD, POST";
const NOT_ALLOWED = defaultErrorPage({ status: 405, reason: "Method Not Allowed", message: "The method is not allowed for this resource." });

for (const sn of ["", "/users/fred/blog"]) {
  describe(`MethodDispatcher mounted at '${sn}'`, () => {
    const { tree } = quietTree();
    mountRoot(tree, sn);
    const request = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url: sn + url });
    const form = (method: string, url: string, body: string) =>
      request(url, { method, body, headers: { "content-type": "application/x-www-form-urlencoded" } });

    it("answers GET with the body and Allow", async () => {
      const res = await request("/method/");
      assert.equal(res.status, 200);
      assert.equal(res.text, '["hello"]');
      assert.equal(res.headers.get("allow"), ALLOW_GET_POST);
    });

    it("answers HEAD with GET's headers and no body", async () => {
      const get = await request("/method");
      const head = await request("/method", { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.text, "");
      assert.equal(head.headers.get("allow"), ALLOW_GET_POST);
      assert.equal(get.text, '["hello"]');
      assert.equal(get.headers.get("content-length"), "9");
      assert.equal(head.headers.get("content-length"), "9");
    });

    it("calls POST, then GET sees the change", async () => {
      const root = new Root();
      const { tree: own } = quietTree();
      own.mount(root, sn, { "/": { "request.dispatch": new MethodDispatcher() } });
      const post = await inject(own, { url: `${sn}/method/`, method: "POST", body: "thing=one", headers: { "content-type": "application/x-www-form-urlencoded" } });
      assert.equal(post.status, 200);
      assert.equal(post.text, "");
      assert.equal(post.headers.get("allow"), ALLOW_GET_POST);
      assert.equal((await inject(own, { url: `${sn}/method/` })).text, '["hello","one"]');
    });

    it("answers a verb the resource lacks with 405, the error page and Allow", async () => {
      const res = await request("/method/", { method: "PUT" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), ALLOW_GET_POST);
      assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
      assert.equal(res.text, NOT_ALLOWED);
      for (const method of ["DELETE", "PATCH", "BREW"]) {
        const other = await request("/method", { method });
        assert.equal(other.status, 405, method);
        assert.equal(other.headers.get("allow"), ALLOW_GET_POST, method);
        assert.equal(other.text, NOT_ALLOWED, method);
      }
    });

    it("answers OPTIONS with 200, Allow and no body when the class has no OPTIONS", async () => {
      const res = await request("/method", { method: "OPTIONS" });
      assert.equal(res.status, 200);
      assert.equal(res.text, "");
      assert.equal(res.headers.get("content-length"), "0");
      assert.equal(res.headers.get("allow"), ALLOW_GET_POST);
    });

    it("calls the class's own OPTIONS", async () => {
      const res = await request("/full", { method: "OPTIONS" });
      assert.equal(res.status, 200);
      assert.equal(res.text, "my options");
      assert.equal(res.headers.get("x-options"), "custom");
      assert.equal(res.headers.get("allow"), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    });

    it("calls each verb's method", async () => {
      assert.equal((await request("/full")).text, "got");
      assert.equal((await form("POST", "/full", "name=a")).text, "posted a");
      assert.equal((await form("PUT", "/full", "name=b")).text, "put b");
      assert.equal((await request("/full", { method: "PATCH" })).text, "patched");
      const del = await request("/full", { method: "DELETE" });
      assert.equal(del.status, 204);
      assert.equal(del.text, "");
    });

    it("applies config and tools attached to a method to that method only", async () => {
      const get = await request("/full");
      assert.equal(get.headers.get("x-verb"), "get");
      assert.equal(get.headers.get("x-method-stamp"), "on");
      const head = await request("/full", { method: "HEAD" });
      assert.equal(head.headers.get("x-verb"), "get");
      const post = await form("POST", "/full", "name=a");
      assert.equal(post.headers.has("x-verb"), false);
      assert.equal(post.headers.has("x-method-stamp"), false);
    });

    it("finds verbs inherited from a base class", async () => {
      const res = await request("/derived");
      assert.equal(res.text, "base get");
      assert.equal(res.headers.get("allow"), "GET, HEAD, PUT");
      assert.equal((await request("/derived", { method: "PUT" })).text, "derived put");
    });

    it("finds verbs held in instance fields, per instance, and on an object without a prototype", async () => {
      assert.equal((await request("/fieldA")).text, "field a");
      assert.equal((await request("/fieldB")).text, "field b");
      assert.equal((await request("/fieldB")).headers.get("allow"), "DELETE, GET, HEAD");
      assert.equal((await request("/fieldA")).headers.get("allow"), "GET, HEAD");
      const bare = await request("/bare");
      assert.equal(bare.text, "no prototype");
      assert.equal(bare.headers.get("allow"), "GET, HEAD");
    });

    it("serves an exposed plain object as a resource", async () => {
      const res = await request("/plain");
      assert.equal(res.text, "plain object resource");
      assert.equal(res.headers.get("allow"), "GET, HEAD");
    });

    it("renders an HTTPError from a verb's method, keeping Allow", async () => {
      const res = await request("/failing");
      assert.equal(res.status, 409);
      assert.equal(res.reason, "Conflict");
      assert.equal(res.text, defaultErrorPage({ status: 409, reason: "Conflict", message: "busy" }));
      assert.equal(res.headers.get("allow"), "GET, HEAD");
    });

    it("still serves plain exposed handlers in the same tree, whatever the verb", async () => {
      const res = await request("/");
      assert.equal(res.text, "a plain index next to resources");
      assert.equal(res.headers.has("allow"), false);
      assert.equal((await request("/", { method: "DELETE" })).text, "a plain index next to resources");
    });

    it("answers 404 without Allow where there is no resource", async () => {
      for (const url of ["/nothing", "/method/extra/segments"]) {
        const res = await request(url);
        assert.equal(res.status, 404, url);
        assert.equal(res.headers.has("allow"), false, url);
      }
    });

    it("treats a resource as a leaf for the trailing-slash tool", async () => {
      // By default a leaf is served with or without the slash (an index without it would be redirected).
      for (const url of ["/method", "/method/"]) {
        const res = await request(url);
        assert.equal(res.status, 200, url);
        assert.equal(res.text, '["hello"]', url);
      }
      // With `extra` on, the slash after a leaf is taken off.
      const { tree: strict } = quietTree();
      strict.mount(new Root(), sn, { "/": { "request.dispatch": new MethodDispatcher(), "tools.trailingSlash.extra": true } });
      const moved = await inject(strict, { url: `${sn}/method/?a=1` });
      assert.equal(moved.status, 301);
      const location = `http://127.0.0.1${sn}/method?a=1`;
      assert.equal(moved.headers.get("location"), location);
      assert.equal(moved.text, `This resource has permanently moved to <a href="${location}">${location}</a>.`);
      const leaf = await inject(strict, { url: `${sn}/method` });
      assert.equal(leaf.status, 200);
      assert.equal(leaf.text, '["hello"]');
    });

    it("walks nested resources with popargs", async () => {
      assert.equal((await request("/library/12")).text, "library 12");
      assert.equal((await request("/library/12/book")).text, "all books of library 12");
      const book = await request("/library/12/book/15");
      assert.equal(book.text, "book 15 of library 12");
      assert.equal(book.headers.get("allow"), "DELETE, GET, HEAD");
      assert.equal((await request("/library/12/book/15", { method: "DELETE" })).text, "deleted book 15");
      const put = await request("/library/12/book/15", { method: "PUT" });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get("allow"), "DELETE, GET, HEAD");
      const library = await request("/library/12", { method: "DELETE" });
      assert.equal(library.status, 405);
      assert.equal(library.headers.get("allow"), "GET, HEAD");
    });

    it("lets a resource class consume segments with dispatch(vpath, ctx)", async () => {
      assert.equal((await request("/shelf/red/3")).text, "shelf red row 3");
      assert.equal((await request("/shelf/blue")).text, "shelf blue row undefined");
      const post = await request("/shelf/red/3", { method: "POST" });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("allow"), "GET, HEAD");
      assert.equal(post.text, NOT_ALLOWED);
    });

    it("serves the seed's REST tree /nirvana/albums/nevermind/tracks/06/polly", async () => {
      assert.equal((await request("/music/nirvana")).text, "about nirvana");
      assert.equal((await request("/music/nirvana/albums")).text, "albums by nirvana");
      assert.equal((await request("/music/nirvana/albums/nevermind")).text, "'nevermind' by nirvana");
      const track = await request("/music/nirvana/albums/nevermind/tracks/06/polly");
      assert.equal(track.status, 200);
      assert.equal(track.text, "track 06 'polly' of 'nevermind' by nirvana");
      assert.equal(track.headers.get("allow"), "GET, HEAD, PUT");
      const renamed = await form("PUT", "/music/nirvana/albums/nevermind/tracks/06/polly", "title=Polly");
      assert.equal(renamed.text, "renamed track 06 to Polly");
      const added = await form("POST", "/music/nirvana/albums", "title=Bleach");
      assert.equal(added.status, 201);
      assert.equal(added.text, "added 'Bleach' to nirvana");
      const wrong = await request("/music/nirvana/albums/nevermind/tracks/06/polly", { method: "DELETE" });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.get("allow"), "GET, HEAD, PUT");
    });
  });
}

describe("MethodDispatcher with a default resource", () => {
  // CherryPy's `default = ByMethod()`. ObjectDispatcher (src/dispatch/object-tree.ts, #choose) only takes
  // a `default` that is an exposed function; an exposed object there is never handed to resource().
  it("sends POST /collection/silly to the `default` resource, with the segment in ctx.args", async () => {
    const { tree } = quietTree();
    tree.mount(new Root(), "", { "/": { "request.dispatch": new MethodDispatcher() } });
    const post = await inject(tree, { url: "/collection/silly", method: "POST" });
    assert.equal(post.status, 200);
    assert.equal(post.headers.get("allow"), ALLOW_GET_POST);
    const get = await inject(tree, { url: "/collection" });
    assert.equal(get.text, '["a","bit","silly"]');
  });
});

describe("MethodDispatcher and tool decorators on a verb's method", () => {
  // ObjectDispatcher (object-tree.ts, #choose) appends what resource() returns after every path
  // section, so a verb's tool decorator overrides path config instead of being a default under it.
  it("lets path config turn off a tool that a decorator turned on", async () => {
    const { tree } = quietTree();
    tree.mount(new Root(), "", { "/": { "request.dispatch": new MethodDispatcher() }, "/full": { "tools.methodStamp.on": false } });
    const res = await inject(tree, { url: "/full" });
    assert.equal(res.text, "got");
    assert.equal(res.headers.has("x-method-stamp"), false);
  });
});

describe("MethodDispatcher chosen per path", () => {
  it("dispatches by method under one section and by object elsewhere", async () => {
    const { tree } = quietTree();
    const root = { index: expose(() => "object index"), api: { item: new ByMethod("x") } };
    tree.mount(root, "", { "/api": { "request.dispatch": new MethodDispatcher() } });
    assert.equal((await inject(tree, { url: "/" })).text, "object index");
    const item = await inject(tree, { url: "/api/item" });
    assert.equal(item.text, '["x"]');
    assert.equal(item.headers.get("allow"), ALLOW_GET_POST);
    assert.equal((await inject(tree, { url: "/api/item", method: "PUT" })).status, 405);
  });

  describe("from an INI file", () => {
    let dir = "";
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "orchard-method-"));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("reads request.dispatch = MethodDispatcher()", async () => {
      const file = join(dir, "app.conf");
      await writeFile(file, '[/api]\nrequest.dispatch = MethodDispatcher()\nresponse.headers.X-From = "file"\n');
      const { tree } = quietTree();
      tree.mount({ index: expose(() => "object index"), api: { item: new ByMethod("y") } }, "/app", file);
      const res = await inject(tree, { url: "/app/api/item", method: "HEAD" });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("allow"), ALLOW_GET_POST);
      assert.equal(res.headers.get("x-from"), "file");
      const put = await inject(tree, { url: "/app/api/item", method: "PUT" });
      assert.equal(put.status, 405);
      assert.equal((await inject(tree, { url: "/app/" })).text, "object index");
    });
  });
});
