// Config layering: global, application sections by path, class and method config, namespaces,
// environments and the errors that name a bad key (CherryPy's test_config).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Tree } from "../../src/tree/tree.js";
import { Site, createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { ConfigError } from "../../src/config/errors.js";
import type { AppConfig } from "../../src/config/types.js";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { tools, Toolbox } from "../../src/tools/toolbox.js";
import { ObjectDispatcher } from "../../src/dispatch/object-tree.js";
import type { Dispatcher } from "../../src/dispatch/dispatcher.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";

const quietTree = () => new Tree(createConfig(), new LogManager({ screen: false }));

/** The handler every config probe uses: the effective value of `?key=`, or "None". */
function read(p: Params, ctx: Context): string {
  const value = ctx.request.config[String(p.key)];
  return value === undefined ? "None" : String(value);
}

async function body(tree: Tree, url: string, expected: string): Promise<void> {
  const res = await inject(tree, { url });
  assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 400)}`);
  assert.equal(res.text, expected, url);
}

function configError(fn: () => unknown, message: string | RegExp, key?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    if (typeof message === "string") assert.equal(err.message, message);
    else assert.match(err.message, message);
    if (key !== undefined) assert.equal(err.key, key);
    return true;
  });
}

@configure({ foo: "this2", baz: "that2", byClass: "Foo class", fooSection: "Foo class" })
class Foo {
  @expose index(p: Params, ctx: Context) {
    return read(p, ctx);
  }
  @expose @configure({ foo: "this3", bax: "this4", barSection: "bar method" }) bar(p: Params, ctx: Context) {
    return read(p, ctx);
  }
  @expose @configure({ "response.headers.X-silly": "sillyval" }) silly() {
    return "Hello world";
  }
}

@configure({ foo: "this", bar: "that", byClass: "Root class" })
class Root {
  foo = new Foo();
  @expose index(p: Params, ctx: Context) {
    return read(p, ctx);
  }
  @expose @configure({ "request.showTraceback": false }) typo() {
    return "never";
  }
  @expose boom(): string {
    throw new Error("boom in the handler");
  }
}

class Another {
  @expose index(p: Params, ctx: Context) {
    return read(p, ctx);
  }
}

describe("config layers along the path", () => {
  const tree = quietTree();
  tree.config.update({ luxuryyacht: "throatwobblermangrove", k1: "global" });
  tree.mount(new Root(), "", {
    "/": { k1: "root section", k2: "root section", byClass: "root section" },
    "/foo": { k2: "foo section", fooSection: "foo section" },
    "/foo/bar": { barSection: "bar section" },
  });
  tree.mount(new Another(), "/another", { "/": { anotherKey: "another" } });

  it("sees global keys everywhere", async () => {
    await body(tree, "/?key=luxuryyacht", "throatwobblermangrove");
    await body(tree, "/another/?key=luxuryyacht", "throatwobblermangrove");
  });

  it("includes the defaults", async () => {
    await body(tree, "/?key=response.timeout", "300");
    await body(tree, "/foo/bar?key=tools.trailingSlash.on", "true");
  });

  it("lets an app section beat global config, and a deeper section beat a shallower one", async () => {
    await body(tree, "/?key=k1", "root section");
    await body(tree, "/?key=k2", "root section");
    await body(tree, "/foo/?key=k2", "foo section");
  });

  it("gives the handler's own config the last word over class config", async () => {
    await body(tree, "/?key=foo", "this");
    await body(tree, "/foo/?key=foo", "this2");
    await body(tree, "/foo/bar?key=foo", "this3");
    await body(tree, "/foo/bar?key=baz", "that2");
    await body(tree, "/foo/?key=bax", "None");
    await body(tree, "/foo/bar?key=bax", "this4");
  });

  it("shows a key set only on the root class under /foo/", async () => {
    await body(tree, "/?key=bar", "that");
    await body(tree, "/foo/?key=bar", "that");
  });

  it("lets a deeper class beat a shallower section, and a section beat code at its own path", async () => {
    await body(tree, "/?key=byClass", "root section");
    await body(tree, "/foo/?key=byClass", "Foo class");
    await body(tree, "/foo/?key=fooSection", "foo section");
    await body(tree, "/foo/bar?key=barSection", "bar section");
  });

  it("keeps each application's config to itself", async () => {
    await body(tree, "/another/?key=foo", "None");
    await body(tree, "/another/?key=k1", "global");
    await body(tree, "/another/?key=anotherKey", "another");
    await body(tree, "/?key=anotherKey", "None");
  });

  it("sends response.headers.X from method config", async () => {
    const res = await inject(tree, { url: "/foo/silly" });
    assert.equal(res.status, 200);
    assert.equal(res.text, "Hello world");
    assert.equal(res.headers.get("X-silly"), "sillyval");
    assert.equal((await inject(tree, { url: "/foo/" })).headers.get("X-silly"), undefined);
  });

  it("rejects an unknown key in configure() when its route first runs", async () => {
    const res = await inject(tree, { url: "/typo" });
    assert.equal(res.status, 500);
    assert.ok(res.text.includes("request.showTraceback: unknown key in the request namespace; did you mean request.showTracebacks?"), res.text.slice(0, 600));
  });

  it("sees config changed after the first request", async () => {
    await body(tree, "/?key=mutable", "None");
    tree.config.update({ mutable: "global one" });
    await body(tree, "/?key=mutable", "global one");
    tree.get("")!.merge({ "/": { mutable: "section two" } });
    await body(tree, "/?key=mutable", "section two");
    tree.config.update({ mutable: "global three" });
    await body(tree, "/?key=mutable", "section two");
  });
});

describe("config namespaces", () => {
  class Raw {
    @expose @configure({ "raw.input.map": { num: Number }, "raw.output": String }) incr(p: Params) {
      return (p.num as number) + 1;
    }
    @expose plain() {
      return "plain";
    }
  }

  it("lets a request namespace wrap the handler", async () => {
    const tree = quietTree();
    type Coercers = Record<string, (value: unknown) => unknown>;
    tree.config.namespaces.register("raw", {
      scope: "request",
      key(key, value, route) {
        if (key === "input.map") {
          route.wrapHandler((next) => (ctx) => {
            for (const [name, coerce] of Object.entries(value as Coercers)) {
              if (name in ctx.request.params) ctx.request.params[name] = coerce(ctx.request.params[name]);
            }
            return next(ctx);
          });
        } else if (key === "output") {
          route.wrapHandler((next) => async (ctx) => (value as (body: unknown) => unknown)(await next(ctx)));
        }
      },
    });
    tree.mount(new Raw(), "/raw", { "/": {} });
    await body(tree, "/raw/incr?num=12", "13");
    await body(tree, "/raw/incr?num=-1", "0");
    await body(tree, "/raw/plain", "plain");
  });

  it("applies a namespace registered after routes were compiled", async () => {
    const tree = quietTree();
    tree.mount(new Raw(), "", { "/": { "stamp.header": "stamped" } });
    assert.equal((await inject(tree, { url: "/plain" })).headers.get("X-Stamp"), undefined);
    tree.config.namespaces.register("stamp", {
      scope: "request",
      key(key, value, route) {
        if (key === "header") route.hook("beforeFinalize", (ctx) => void ctx.response.headers.set("X-Stamp", String(value)));
      },
    });
    const res = await inject(tree, { url: "/plain" });
    assert.equal(res.text, "plain");
    assert.equal(res.headers.get("X-Stamp"), "stamped");
  });

  it("hands a global namespace its keys on update, then calls done() once", () => {
    const tree = quietTree();
    const seen: Array<[string, unknown]> = [];
    const done: Array<Array<[string, unknown]>> = [];
    tree.config.namespaces.register("db", {
      scope: "global",
      key: (key, value) => void seen.push([key, value]),
      done: (entries) => void done.push([...entries]),
      validate: (key) => (key === "scheme" || key === "pool" ? undefined : "db takes scheme and pool"),
    });
    tree.config.update({ "db.scheme": "sqlite:///memory", "db.pool": 4, luxuryyacht: "throatwobblermangrove" });
    assert.deepEqual(seen, [["scheme", "sqlite:///memory"], ["pool", 4]]);
    assert.deepEqual(done, [[["scheme", "sqlite:///memory"], ["pool", 4]]]);
    assert.equal(tree.config.get("db.scheme"), "sqlite:///memory");

    tree.config.update({ luxuryyacht: "again" });
    assert.equal(done.length, 1, "done() runs only for updates that carry db keys");

    configError(() => tree.config.update({ "db.shceme": "x" }), "[global] db.shceme: db takes scheme and pool", "db.shceme");
    assert.equal(seen.length, 2, "a rejected update applies nothing");
    assert.equal(tree.config.get("db.shceme"), undefined);
  });
});

describe("environments", () => {
  it("production turns tracebacks and the access log on the screen off", async () => {
    const tree = quietTree();
    let caught: unknown;
    tree.mount(new Root(), "", { "/": { "hooks.beforeErrorResponse": (ctx: Context) => void (caught = ctx.error) } });
    const page = { status: 500, reason: "Internal Server Error", message: "The server encountered an unexpected condition which prevented it from fulfilling the request." };
    const before = await inject(tree, { url: "/boom" });
    assert.equal(before.status, 500);
    assert.ok(caught instanceof Error && caught.message === "boom in the handler", String(caught));
    // Tracebacks are on by default: the page carries the handler's stack.
    assert.equal(before.text, defaultErrorPage({ ...page, traceback: caught.stack }));

    tree.config.update({ environment: "production" });
    assert.equal(tree.config.get("request.showTracebacks"), false);
    assert.equal(tree.config.get("log.screen"), true);
    assert.equal(tree.config.get("log.accessScreen"), false);
    assert.equal(tree.config.get("checker.on"), false);
    const after = await inject(tree, { url: "/boom" });
    assert.equal(after.status, 500);
    assert.equal(after.text, defaultErrorPage(page));
    await body(tree, "/?key=request.showTracebacks", "false");
  });

  it("lets keys given with the environment override its presets", () => {
    const tree = quietTree();
    tree.config.update({ environment: "production", "request.showTracebacks": true });
    assert.equal(tree.config.get("request.showTracebacks"), true);
    assert.equal(tree.config.get("log.accessScreen"), false);
  });

  it("reaches the site's log manager", () => {
    const site = new Site({ log: new LogManager({ screen: true }) });
    site.config.update({ environment: "production" });
    assert.deepEqual([site.log.screen, site.log.accessScreen], [true, false]);
  });

  it("rejects an unknown environment", () => {
    configError(
      () => quietTree().config.update({ environment: "moon" as "production" }),
      '[global] environment: unknown environment "moon"; choose one of staging, production, embedded, testSuite',
      "environment",
    );
  });

  it("is global only", () => {
    configError(
      () => quietTree().mount(new Root(), "", { "/": { environment: "production" } }),
      "[/] environment: environment applies to global config only; put it in [global]",
      "environment",
    );
  });
});

describe("config errors", () => {
  it("names an unknown key in a known namespace", () => {
    const tree = quietTree();
    configError(
      () => tree.config.update({ "request.showTraceback": true }),
      "[global] request.showTraceback: unknown key in the request namespace; did you mean request.showTracebacks?",
      "request.showTraceback",
    );
    configError(() => tree.config.update({ "server.bogus": 1 }), "[global] server.bogus: unknown key in the server namespace", "server.bogus");
    configError(
      () => tree.mount(new Root(), "/x", { "/": {}, "/api": { "response.strem": true } }),
      "[/api] response.strem: unknown key in the response namespace; did you mean response.stream?",
    );
    assert.equal(tree.get("/x"), undefined, "a rejected mount mounts nothing");
  });

  it("names a value of the wrong type", () => {
    const tree = quietTree();
    configError(() => tree.config.update({ "server.socketPort": "8080" as unknown as number }), '[global] server.socketPort: expected a number, got "8080"');
    configError(() => tree.mount(new Root(), "", { "/": { "response.stream": "yes" as unknown as boolean } }), '[/] response.stream: expected a boolean, got "yes"');
    configError(() => tree.mount(new Root(), "", { "/": { "tools.trailingSlash.on": 1 as unknown as boolean } }), "[/] tools.trailingSlash.on: expected a boolean, got number");
    configError(
      () => tree.mount(new Root(), "", { "/": { "tools.trailingSlash.sideways": true } }),
      "[/] tools.trailingSlash.sideways: the trailingSlash tool has no argument 'sideways'; it takes missing, extra, status",
    );
  });

  it("wants application config in sections", () => {
    configError(() => quietTree().mount(new Root(), "", { "tools.trailingSlash.on": false } as unknown as AppConfig), /must include section headers/);
  });
});

describe("config files", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "orchard-layers-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  async function rejects(promise: Promise<unknown>, message: string | RegExp, line: number, path: string): Promise<void> {
    await assert.rejects(promise, (err: unknown) => {
      assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
      if (typeof message === "string") assert.equal(err.message, message);
      else assert.match(err.message, message);
      assert.equal(err.file, path);
      assert.equal(err.line, line);
      return true;
    });
  }

  it("reports the file and line of a bad key in an app config", async () => {
    const path = await file("site.conf", '[/]\ntools.trailingSlash.on = true\nrequest.showTraceback = false\n');
    const tree = quietTree();
    await rejects(
      (async () => tree.mount(new Root(), "", path))(),
      `${path}:3: [/] request.showTraceback: unknown key in the request namespace; did you mean request.showTracebacks?`,
      3,
      path,
    );
    assert.equal(tree.get(""), undefined);
  });

  it("reports the file and line of a bad key in its [global] section, and applies nothing", async () => {
    const path = await file("global.conf", '[/]\nlevel = "app"\n\n[global]\nluxuryyacht = "yes"\nserver.socketPort = "80"\n');
    const tree = quietTree();
    await rejects((async () => tree.mount(new Root(), "", path))(), `${path}:6: [global] server.socketPort: expected a number, got "80"`, 6, path);
    assert.equal(tree.config.get("luxuryyacht"), undefined);
  });

  it("resolves named references", async () => {
    const tree = quietTree();
    tree.config.references.register("Fixed", ((text: string): Dispatcher => ({
      dispatch: () => ({ handler: () => text, args: [], layers: [] }),
    })) as (...args: never[]) => unknown);
    const path = await file("refs.conf", '[/]\nrequest.dispatch = ObjectDispatcher()\n\n[/api]\nrequest.dispatch = Fixed("from the Fixed dispatcher")\n');
    const app = tree.mount(new Root(), "/refs", path);
    assert.ok(app.config["/"]?.["request.dispatch"] instanceof ObjectDispatcher);
    await body(tree, "/refs/?key=foo", "this");
    await body(tree, "/refs/api/anything/at/all", "from the Fixed dispatcher");
  });

  it("lists the registered names for an unknown reference", async () => {
    const path = await file("badref.conf", "[/]\nrequest.dispatch = MethodDispatchr()\n");
    await rejects(
      (async () => quietTree().mount(new Root(), "", path))(),
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:2: \\[/\\] request\\.dispatch: unknown reference MethodDispatchr\\(\\); registered names: .*\\bObjectDispatcher\\b`),
      2,
      path,
    );
  });
});

describe("tool arguments", () => {
  class Slashes {
    @expose @tools.trailingSlash({ extra: true }) page() {
      return "page";
    }
    @expose @tools.trailingSlash({ extra: true }) other() {
      return "other";
    }
  }

  it("takes decorator arguments as defaults that config at the path overrides", async () => {
    const tree = quietTree();
    tree.config.update({ "tools.trailingSlash.extra": false });
    tree.mount(new Slashes(), "", { "/": {}, "/page": { "tools.trailingSlash.extra": false } });
    await body(tree, "/page/", "page");
    const res = await inject(tree, { url: "/other/?a=b" });
    assert.equal(res.status, 301, "global config does not override the decorator");
    assert.equal(res.headers.get("Location"), "http://127.0.0.1/other?a=b");
  });

  it("lets a default's own decorator beat its class's", async () => {
    const tree = quietTree();
    const stamps = new Toolbox("stamps");
    const stamp = stamps.register<{ value?: string }>("beforeFinalize", (ctx, { value }) => void ctx.response.headers.set("X-Stamp", String(value)), {
      name: "stamp",
      args: ["value"],
    });
    stamps.install(tree.config);

    @stamp.decorator({ value: "class" })
    class Stamped {
      @expose index() {
        return "index";
      }
      @expose @stamp.decorator({ value: "leaf method" }) leaf() {
        return "leaf";
      }
      @expose @stamp.decorator({ value: "leaf method" }) overridden() {
        return "overridden";
      }
      @expose @stamp.decorator({ value: "default method" }) default() {
        return "default";
      }
    }
    tree.mount(new Stamped(), "", { "/": {}, "/overridden": { "stamps.stamp.value": "section" } });
    const stampOf = async (url: string) => (await inject(tree, { url })).headers.get("X-Stamp");
    assert.equal(await stampOf("/"), "class");
    assert.equal(await stampOf("/leaf"), "leaf method");
    assert.equal(await stampOf("/overridden"), "section");
    assert.equal(await stampOf("/no/such/thing"), "default method");
  });
});

describe("request body limits by path", () => {
  class Upload {
    @expose limited(p: Params) {
      return `got ${String(p.x).length}`;
    }
    @expose open(p: Params) {
      return `got ${String(p.x).length}`;
    }
  }
  const tree = quietTree();
  tree.config.update({ "server.maxRequestBodySize": 200 });
  tree.mount(new Upload(), "", { "/": {}, "/limited": { "request.body.maxBytes": 100 } });
  const post = (url: string, bytes: number) =>
    inject(tree, { method: "POST", url, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "x=" + "a".repeat(bytes - 2) });

  it("takes the smaller of request.body.maxBytes and server.maxRequestBodySize", async () => {
    let res = await post("/limited", 100);
    assert.equal(res.status, 200);
    assert.equal(res.text, "got 98");
    res = await post("/limited", 101);
    assert.equal(res.status, 413);
    res = await post("/open", 101);
    assert.equal(res.status, 200);
    assert.equal(res.text, "got 99");
    res = await post("/open", 200);
    assert.equal(res.status, 200);
    res = await post("/open", 201);
    assert.equal(res.status, 413);
  });
});
