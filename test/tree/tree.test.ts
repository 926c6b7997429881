// The tree: mounting applications, the longest script-name match, grafts and plain Node listeners.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Tree } from "../../src/tree/tree.js";
import { Application } from "../../src/tree/application.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { expose } from "../../src/decorators/expose.js";
import { inject, serve } from "../../src/testing/index.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";

const quietTree = () => new Tree(createConfig(), new LogManager({ screen: false }));

/** A root that says which app answered, with what script name and path. */
function named(name: string) {
  return {
    index: expose((_p: Params, ctx: Context) => `${name} index at '${ctx.request.scriptName}'`),
    default: expose((_p: Params, ctx: Context) => `${name} default at '${ctx.request.scriptName}' for ${ctx.request.pathInfo}`),
  };
}

async function body(tree: Tree, url: string, expected: string): Promise<void> {
  const res = await inject(tree, { url });
  assert.equal(res.status, 200, `${url}: ${res.text.slice(0, 300)}`);
  assert.equal(res.text, expected, url);
}

/** A plain node:http server on an ephemeral loopback port; closed by the returned function. */
async function listen(listener: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function fetchText(url: string): Promise<[number, string]> {
  const res = await fetch(url, { headers: { Connection: "close" } });
  return [res.status, await res.text()];
}

describe("tree.mount", () => {
  it("returns the Application it mounted", () => {
    const tree = quietTree();
    const root = named("main");
    const app = tree.mount(root, "/main", { "/": {} });
    assert.ok(app instanceof Application);
    assert.equal(app.root, root);
    assert.equal(app.scriptName, "/main");
    assert.equal(app.tree, tree);
    assert.equal(tree.get("/main"), app);
    assert.deepEqual([...tree.applications()], [app]);
  });

  it("picks the longest script name that is a whole-segment prefix", async () => {
    const tree = quietTree();
    tree.mount(named("site"), "", { "/": {} });
    tree.mount(named("foo"), "/foo", { "/": {} });
    tree.mount(named("foobar"), "/foo/bar", { "/": {} });
    await body(tree, "/", "site index at ''");
    await body(tree, "/foobar", "site default at '' for /foobar");
    await body(tree, "/foo/", "foo index at '/foo'");
    await body(tree, "/foo/barn", "foo default at '/foo' for /barn");
    await body(tree, "/foo/bar/", "foobar index at '/foo/bar'");
    await body(tree, "/foo/bar/baz", "foobar default at '/foo/bar' for /baz");
  });

  it("answers 404 where no application is mounted", async () => {
    const tree = quietTree();
    tree.mount(named("foo"), "/foo", { "/": {} });
    const res = await inject(tree, { url: "/foobar" });
    assert.equal(res.status, 404);
  });

  it("drops a trailing '/' from a script name, as CherryPy does ('/' is the site root)", async () => {
    const tree = quietTree();
    assert.equal(tree.mount(named("root"), "/").scriptName, "");
    assert.equal(tree.mount(named("blog"), "/blog//").scriptName, "/blog");
    assert.equal((await inject(tree, { url: "/blog/" })).text, "blog index at '/blog'");
    assert.equal((await inject(tree, { url: "/" })).text, "root index at ''");
  });

  it("rejects a script name that does not start with '/'", () => {
    const tree = quietTree();
    assert.throws(() => tree.mount(named("x"), "blog"), { message: "a script name must start with '/': write '/blog'" });
    assert.throws(() => tree.mount(null as unknown as object, "/x"), TypeError);
    assert.deepEqual([...tree.applications()], []);
  });

  it("takes a config file's path as the config, as CherryPy's mount does", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "orchard-mount-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const ini = join(dir, "app.conf");
    writeFileSync(ini, '[global]\nchecker.on = false\n\n[/]\nresponse.headers.X-From = "ini"\n');
    const module = join(dir, "app-config.mjs");
    writeFileSync(module, 'export default { "/": { "response.headers.X-From": "module" } };\n');
    const tree = quietTree();
    tree.mount(named("ini"), "/", ini);
    tree.mount(named("module"), "/m", module);
    assert.equal((await inject(tree, { url: "/" })).headers.get("x-from"), "ini");
    assert.equal((await inject(tree, { url: "/m/" })).headers.get("x-from"), "module");
    assert.equal(tree.config.get("checker.on"), false, "[global] went to the global config");
    assert.deepEqual([...tree.config.files], [ini, module], "both files are watched by the autoreloader");
    writeFileSync(ini, '[/]\ntools.jsonOut.onn = true\n');
    assert.throws(() => quietTree().mount(named("typo"), "/", ini), { name: "ConfigError", message: `${ini}:2: [/] tools.jsonOut.onn: the jsonOut tool has no argument 'onn'; it takes contentType, schema` });
  });

  it("refuses a file with application sections in config.update(), which applies [global] only", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "orchard-mount-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "site.conf");
    writeFileSync(file, '[global]\nchecker.on = false\n\n[/api]\ntools.gzip.on = true\n');
    const tree = quietTree();
    await assert.rejects(tree.config.update(file), {
      name: "ConfigError",
      message: `${file}:4: [/api]: config.update() applies [global] only; give a file with application sections to tree.mount(root, scriptName, file) or to the launcher (orchard -c)`,
    });
    assert.equal(tree.config.get("checker.on"), true, "nothing was applied");
  });

  it("will not mount an Application at a second script name", async () => {
    const tree = quietTree();
    const app = tree.mount(named("once"), "/once", { "/": {} });
    assert.throws(() => tree.mount(app, "/twice"), { message: "the application is mounted at '/once'; it cannot be mounted again at '/twice'" });
    assert.equal(tree.mount(app, "/once", { "/extra": { key: "v" } }), app, "mounting again at its own name merges config");
    assert.deepEqual(app.config["/extra"], { key: "v" });
    assert.equal(tree.get("/twice"), undefined);
  });

  it("falls back to a shorter mount after unmount", async () => {
    const tree = quietTree();
    tree.mount(named("site"), "", { "/": {} });
    tree.mount(named("foo"), "/foo", { "/": {} });
    tree.unmount("/foo");
    await body(tree, "/foo/", "site default at '' for /foo/");
  });
});

describe("grafts and Node listeners", () => {
  it("hosts a grafted Node listener with the script name taken off the path", async () => {
    const tree = quietTree();
    tree.mount(named("site"), "", { "/": {} });
    tree.graft((req, res) => {
      res.setHeader("Content-Type", "text/plain");
      res.end(`legacy saw ${req.url ?? ""}`);
    }, "/legacy");
    const served = await serve(tree);
    try {
      assert.deepEqual(await fetchText(`${served.url}/legacy/a/b?x=1`), [200, "legacy saw /a/b?x=1"]);
      assert.deepEqual(await fetchText(`${served.url}/legacy`), [200, "legacy saw /"]);
      assert.deepEqual(await fetchText(`${served.url}/legacy/`), [200, "legacy saw /"]);
      assert.deepEqual(await fetchText(`${served.url}/legacyish`), [200, "site default at '' for /legacyish"]);
      assert.deepEqual(await fetchText(`${served.url}/`), [200, "site index at ''"]);
    } finally {
      await served.close();
    }
  });

  it(
    "keeps the slash before a query when the graft's own root is asked for",
    async () => {
      const tree = quietTree();
      tree.graft((req, res) => res.end(`legacy saw ${req.url ?? ""}`), "/legacy");
      const served = await serve(tree);
      try {
        assert.deepEqual(await fetchText(`${served.url}/legacy?x=1`), [200, "legacy saw /?x=1"]);
      } finally {
        await served.close();
      }
    },
  );

  it("answers 501 for a graft reached without node:http", async () => {
    const tree = quietTree();
    tree.graft((_req, res) => res.end("never"), "/legacy");
    const res = await inject(tree, { url: "/legacy/x" });
    assert.equal(res.status, 501);
  });

  it("serves the whole tree from tree.listener in a plain http server", async () => {
    const tree = quietTree();
    tree.mount(named("site"), "", { "/": {} });
    tree.mount(named("blog"), "/blog", { "/": {} });
    const server = await listen(tree.listener);
    try {
      assert.deepEqual(await fetchText(`${server.url}/`), [200, "site index at ''"]);
      assert.deepEqual(await fetchText(`${server.url}/blog/`), [200, "blog index at '/blog'"]);
      assert.deepEqual(await fetchText(`${server.url}/blog/post/1`), [200, "blog default at '/blog' for /post/1"]);
    } finally {
      await server.close();
    }
  });

  it("serves one application from application.listener, still under its script name", async () => {
    const tree = quietTree();
    tree.mount(named("site"), "", { "/": {} });
    const blog = tree.mount(named("blog"), "/blog", { "/": {} });
    const server = await listen(blog.listener);
    try {
      assert.deepEqual(await fetchText(`${server.url}/blog/`), [200, "blog index at '/blog'"]);
      assert.deepEqual(await fetchText(`${server.url}/blog/post/1`), [200, "blog default at '/blog' for /post/1"]);
      const [status] = await fetchText(`${server.url}/`);
      assert.equal(status, 404, "the other app is not served");
      assert.equal((await fetchText(`${server.url}/blogger`))[0], 404);
    } finally {
      await server.close();
    }
  });

  it("serves an application mounted at '' from its listener", async () => {
    const tree = quietTree();
    const site = tree.mount(named("site"), "", { "/": {} });
    tree.mount(named("blog"), "/blog", { "/": {} });
    const server = await listen(site.listener);
    try {
      assert.deepEqual(await fetchText(`${server.url}/blog/x`), [200, "site default at '' for /blog/x"]);
    } finally {
      await server.close();
    }
  });
});
