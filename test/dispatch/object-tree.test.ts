// The default object dispatcher, as CherryPy's test_objectmapping and test_dynamicobjectmapping use it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Tree } from "../../src/tree/tree.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { expose } from "../../src/decorators/expose.js";
import { popargs } from "../../src/decorators/popargs.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject, serve } from "../../src/testing/index.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { httpGet, rawExchange } from "../request/support.js";

const args = (ctx: Context) => JSON.stringify(ctx.args);

class Extra {
  @expose default(_p: Params, ctx: Context) {
    return `extra default ${args(ctx)}`;
  }
}

class Dir3 {
  // Not exposed: the dispatcher must look further up for a default.
  default(_p: Params, ctx: Context) {
    return `unexposed dir3 default ${args(ctx)}`;
  }
}

class Dir2 {
  dir3 = new Dir3();
  @expose index() {
    return "index for dir2";
  }
}

class Dir1 {
  dir2 = new Dir2();
  @expose index() {
    return "index for dir1";
  }
  @expose @tools.trailingSlash({ extra: true }) myMethod(_p: Params, ctx: Context) {
    return `myMethod from dir1, pathInfo is ${ctx.request.pathInfo}`;
  }
  @expose default(_p: Params, ctx: Context) {
    return `default for dir1 ${args(ctx)}`;
  }
}

/** Answers with what the dispatcher decided about request.isIndex. */
class Probe {
  @expose index(_p: Params, ctx: Context) {
    return `index isIndex=${ctx.request.isIndex}`;
  }
  @expose leaf(_p: Params, ctx: Context) {
    return `leaf isIndex=${ctx.request.isIndex}`;
  }
  @expose default(_p: Params, ctx: Context) {
    return `default isIndex=${ctx.request.isIndex} ${args(ctx)}`;
  }
}

class Blog {
  @expose index() {
    return "blog index";
  }
  @expose entries() {
    return "blog entries";
  }
}

@popargs("a", "b")
class Decorated {
  @expose index(p: Params) {
    return `index a=${String(p.a)} b=${String(p.b)}`;
  }
  @expose hi() {
    return "hi was not taken as a";
  }
  @expose delete(p: Params) {
    return `delete a=${String(p.a)} b=${String(p.b)}`;
  }
}

class Root {
  extra = new Extra();
  dir1 = new Dir1();
  probe = new Probe();
  blog = new Blog();
  decorated = new Decorated();

  @expose index() {
    return "world";
  }
  @expose default(_p: Params, ctx: Context) {
    return `default ${args(ctx)}`;
  }
  notExposed() {
    return "never served";
  }
  @expose translate_html() {
    return "translate_html";
  }
  @expose(["alias1", "alias2"]) aliased() {
    return "aliased";
  }
  @expose leaf() {
    return "leaf";
  }
  @expose ["Von Bülow"](p: Params) {
    return `ID is ${String(p.ID)}`;
  }
}

class Isolated {
  @expose index() {
    return "made it!";
  }
}

/** No default anywhere, so a name that is not reachable is a 404. */
class Guarded {
  @expose index() {
    return "guarded";
  }
  @expose _secret() {
    return "leaked _secret";
  }
  @expose #hidden() {
    return "leaked #hidden";
  }
  @expose dispatch() {
    return "leaked dispatch";
  }
  @expose show() {
    return this.#hidden() === "leaked #hidden" ? "shown" : "?";
  }
}

// The seed's music example, once with popargs on each level and once with dispatch(vpath, ctx).
@popargs("trackNum", "trackTitle")
class PoppedTrack {
  @expose index(p: Params) {
    return `${String(p.bandName)}/${String(p.albumTitle)}/${String(p.trackNum)}/${String(p.trackTitle)}`;
  }
}
@popargs("albumTitle")
class PoppedAlbum {
  tracks = new PoppedTrack();
  @expose index(p: Params) {
    return `About ${String(p.albumTitle)} by ${String(p.bandName)}`;
  }
}
@popargs("bandName")
class PoppedBand {
  albums = new PoppedAlbum();
  @expose index(p: Params) {
    return `About ${String(p.bandName)}`;
  }
}

/** Takes `count` segments into the named params, in order. */
function take(vpath: string[], ctx: Context, ...names: string[]): void {
  for (const name of names) if (vpath.length > 0) ctx.request.params[name] = vpath.shift()!;
}
class DispatchedTrack {
  dispatch(vpath: string[], ctx: Context) {
    take(vpath, ctx, "trackNum", "trackTitle");
    return this;
  }
  @expose index(p: Params) {
    return `${String(p.bandName)}/${String(p.albumTitle)}/${String(p.trackNum)}/${String(p.trackTitle)}`;
  }
}
class DispatchedAlbum {
  tracks = new DispatchedTrack();
  dispatch(vpath: string[], ctx: Context) {
    take(vpath, ctx, "albumTitle");
    return this;
  }
}
class DispatchedBand {
  albums = new DispatchedAlbum();
  dispatch(vpath: string[], ctx: Context) {
    take(vpath, ctx, "bandName");
    return this;
  }
  @expose index(p: Params) {
    return `About ${String(p.bandName)}`;
  }
}

/** A dispatch() that adds segments instead of consuming them. */
class Grower {
  dispatch(vpath: string[]) {
    vpath.push("more", "segments");
    return this;
  }
  @expose index() {
    return "grown";
  }
}

/** A dispatch() that picks a child without consuming: the current segment is dropped. */
class Skipper {
  target = new Blog();
  dispatch(vpath: string[]) {
    return vpath[0] === "nowhere" ? undefined : this.target;
  }
  @expose default(_p: Params, ctx: Context) {
    return `skipper default ${args(ctx)}`;
  }
}

const SCRIPT_NAMES = ["", "/foo", "/users/fred/blog", "/corp/blog"];
const BASE = "http://127.0.0.1";

const tree = new Tree(createConfig(), new LogManager({ screen: false }));
for (const scriptName of SCRIPT_NAMES) tree.mount(new Root(), scriptName, { "/": {} });
tree.mount(new Isolated(), "/isolated", { "/": {} });
tree.mount(new Guarded(), "/guarded", { "/": {} });
tree.mount({ index: expose(() => "hi"), greet: expose(["hello"])(() => "greetings") }, "/plain", { "/": {} });
tree.mount(Object.assign(Object.create(null) as object, { index: expose(() => "no prototype") }), "/nullproto", { "/": {} });
tree.mount(new PoppedBand(), "/popped", { "/": {} });
tree.mount(new DispatchedBand(), "/dispatched", { "/": {} });
tree.mount(new Grower(), "/grower", { "/": {} });
tree.mount(new Skipper(), "/skipper", { "/": {} });

const get = (url: string) => inject(tree, { url });

async function body(url: string, expected: string): Promise<void> {
  const res = await get(url);
  assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 300)}`);
  assert.equal(res.text, expected, url);
}

async function redirect(url: string, location: string): Promise<void> {
  const res = await get(url);
  assert.equal(res.status, 301, `${url}: ${res.text.slice(0, 300)}`);
  assert.equal(res.headers.get("Location"), location, url);
}

async function notFound(url: string): Promise<void> {
  const res = await get(url);
  assert.equal(res.status, 404, `${url}: ${res.text.slice(0, 300)}`);
}

for (const sn of SCRIPT_NAMES) {
  describe(`object dispatcher mounted at '${sn}'`, () => {
    it("serves index at /", async () => {
      await body(`${sn}/`, "world");
    });

    it("gives every unmatched segment to the root default", async () => {
      await body(`${sn}/this/method/does/not/exist`, 'default ["this","method","does","not","exist"]');
    });

    it("gives a child's default the segments after it", async () => {
      await body(`${sn}/extra/too/much`, 'extra default ["too","much"]');
    });

    it("sends an unexposed method to default", async () => {
      await body(`${sn}/notExposed`, 'default ["notExposed"]');
    });

    it("redirects an index without its slash, keeping the query string", async () => {
      await redirect(`${sn}/dir1/dir2`, `${BASE}${sn}/dir1/dir2/`);
      await redirect(`${sn}/dir1/dir2?x=1&y=%20`, `${BASE}${sn}/dir1/dir2/?x=1&y=%20`);
      await body(`${sn}/dir1/dir2/`, "index for dir2");
    });

    it("redirects a leaf with a slash when trailingSlash.extra is on", async () => {
      await redirect(`${sn}/dir1/myMethod/`, `${BASE}${sn}/dir1/myMethod`);
      await redirect(`${sn}/dir1/myMethod/?q=1`, `${BASE}${sn}/dir1/myMethod?q=1`);
      await body(`${sn}/dir1/myMethod`, "myMethod from dir1, pathInfo is /dir1/myMethod");
    });

    it("skips an unexposed default for the nearest exposed one upward", async () => {
      await body(`${sn}/dir1/dir2/dir3/dir4/index`, 'default for dir1 ["dir2","dir3","dir4","index"]');
    });

    it("keeps %2F inside its segment", async () => {
      await body(`${sn}/page%2Fname`, 'default ["page/name"]');
    });

    it("resolves a Latin-1 percent-encoded name", async () => {
      await body(`${sn}/Von%20B%fclow?ID=14`, "ID is 14");
      await body(`${sn}/Von%20B%C3%BClow?ID=15`, "ID is 15");
      await body(`${sn}/probe/Von%20B%fclow/`, 'default isIndex=true ["Von Bülow"]');
    });

    it("does not let a handler take surplus segments", async () => {
      await body(`${sn}/leaf`, "leaf");
      await notFound(`${sn}/leaf/surplus`);
    });

    it("answers to aliases", async () => {
      await body(`${sn}/aliased`, "aliased");
      await body(`${sn}/alias1`, "aliased");
      await body(`${sn}/alias2`, "aliased");
    });

    it("maps punctuation in a segment to underscores", async () => {
      await body(`${sn}/translate.html`, "translate_html");
      await body(`${sn}/translate-html`, "translate_html");
      await body(`${sn}/translate_html`, "translate_html");
    });

    it("walks into an object held in a class field", async () => {
      await body(`${sn}/blog/`, "blog index");
      await body(`${sn}/blog/entries`, "blog entries");
    });

    it("pops named segments with popargs", async () => {
      await body(`${sn}/decorated/yo/there/`, "index a=yo b=there");
      await body(`${sn}/decorated/yo/there/?c=1`, "index a=yo b=there");
      await body(`${sn}/decorated/hi`, "hi was not taken as a");
      await body(`${sn}/decorated/yo/there/delete`, "delete a=yo b=there");
      await redirect(`${sn}/decorated/yo/there`, `${BASE}${sn}/decorated/yo/there/`);
    });

    it("sets request.isIndex", async () => {
      await body(`${sn}/probe/`, "index isIndex=true");
      await body(`${sn}/probe/leaf`, "leaf isIndex=false");
      await body(`${sn}/probe/a/b/`, 'default isIndex=true ["a","b"]');
      await body(`${sn}/probe/a/b`, 'default isIndex=false ["a","b"]');
      await redirect(`${sn}/probe`, `${BASE}${sn}/probe/`);
    });
  });
}

describe("object dispatcher across mounts", () => {
  it("redirects a bare mount point to its slash", async () => {
    await redirect("/foo", `${BASE}/foo/`);
    await redirect("/corp/blog?x=1", `${BASE}/corp/blog/?x=1`);
  });

  it("does not fall through from an app without a default to the root app", async () => {
    await body("/isolated/", "made it!");
    await notFound("/isolated/doesnt/exist");
    await notFound("/isolated/index/more");
  });

  it("never reaches private or inherited names", async () => {
    await body("/guarded/", "guarded");
    await body("/guarded/show", "shown");
    for (const name of ["_secret", "%23hidden", "-secret", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "dispatch", "__defineGetter__"]) {
      await notFound(`/guarded/${name}`);
    }
  });

  it("serves a plain-object root", async () => {
    await body("/plain/", "hi");
    await body("/plain/greet", "greetings");
    await body("/plain/hello", "greetings");
    await redirect("/plain", `${BASE}/plain/`);
    await notFound("/plain/missing");
  });

  it("serves a root without a prototype", async () => {
    await body("/nullproto/", "no prototype");
    await notFound("/nullproto/missing");
  });

  it("passes every named segment down with popargs on each level", async () => {
    await body("/popped/nirvana/", "About nirvana");
    await body("/popped/nirvana/albums/nevermind/", "About nevermind by nirvana");
    // The track is an index, so the seed's URL without a slash is first redirected.
    await redirect("/popped/nirvana/albums/nevermind/tracks/06/polly", `${BASE}/popped/nirvana/albums/nevermind/tracks/06/polly/`);
    await body("/popped/nirvana/albums/nevermind/tracks/06/polly/", "nirvana/nevermind/06/polly");
  });

  it("passes every named segment down with dispatch(vpath, ctx) on each level", async () => {
    await body("/dispatched/nirvana/", "About nirvana");
    // The track is an index, so the seed's URL without a slash is first redirected.
    await redirect("/dispatched/nirvana/albums/nevermind/tracks/06/polly", `${BASE}/dispatched/nirvana/albums/nevermind/tracks/06/polly/`);
    await body("/dispatched/nirvana/albums/nevermind/tracks/06/polly/", "nirvana/nevermind/06/polly");
  });

  it("drops the current segment when dispatch() consumes nothing", async () => {
    await body("/skipper/anything/", "blog index");
    await body("/skipper/anything/entries", "blog entries");
    await body("/skipper/nowhere/else", 'skipper default ["nowhere","else"]');
  });

  it("fails with 500 when dispatch() adds segments", async () => {
    const res = await get("/grower/some/path");
    assert.equal(res.status, 500);
    assert.ok(res.text.includes("may only remove path segments"), res.text.slice(0, 500));
  });

  it("serves an absolute URI in the request line as its path", async () => {
    const served = await serve(tree);
    try {
      const raw = await rawExchange(
        served.port,
        `GET http://127.0.0.1:${served.port}/corp/blog/extra/too/much HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(
        raw.replace(/\r\nDate: [^\r]+\r\n/, "\r\nDate: *\r\n"),
        "HTTP/1.1 200 OK\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: 28\r\nAccept-Ranges: bytes\r\nDate: *\r\nConnection: close\r\n\r\n" +
          'extra default ["too","much"]',
      );
    } finally {
      await served.close();
    }
  });
});

describe("object dispatcher on a bare root", () => {
  let served: Awaited<ReturnType<typeof serve>> | undefined;
  before(async () => {
    served = await serve({ index: expose(() => "bare") });
  });
  after(async () => {
    await served?.close();
  });

  it("serves a plain-object root mounted at '' over a socket", async () => {
    const res = await httpGet(`${served!.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.body, "bare");
  });
});
