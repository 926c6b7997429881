// The startup checker: legal config that is probably a mistake gets a warning (CherryPy's _cpchecker).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Tree } from "../../src/tree/tree.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { checkTree } from "../../src/config/checker.js";
import { expose } from "../../src/decorators/expose.js";

const quietTree = () => new Tree(createConfig(), new LogManager({ screen: false }));
const root = () => ({ index: expose(() => "hi") });

describe("config checker", () => {
  it("says nothing about a clean config", () => {
    const tree = quietTree();
    tree.mount(root(), "", { "/": { "tools.trailingSlash.on": false, greeting: "hello" }, "/api": { "response.stream": true }, Databases: { driver: "postgres", "pool.size": 4 } });
    tree.mount(root(), "/blog", { "/": {}, "/entries": { "response.headers.X-Blog": "1" } });
    assert.deepEqual(checkTree(tree), []);
  });

  it("warns about an application with an empty config", () => {
    const tree = quietTree();
    tree.mount(root(), "");
    tree.mount(root(), "/forum", {});
    assert.deepEqual(checkTree(tree), [
      "The Application mounted at '' has an empty config.",
      "The Application mounted at '/forum' has an empty config.",
    ]);
  });

  it("warns about a key in an unknown namespace", () => {
    const tree = quietTree();
    tree.mount(root(), "", { "/": { "tool.gzip.on": true } });
    assert.deepEqual(checkTree(tree), ["The config entry 'tool.gzip.on' in section '/' of the application mounted at '' uses the unknown namespace 'tool'."]);
  });

  it("knows the namespaces registered since", () => {
    const tree = quietTree();
    tree.mount(root(), "", { "/": { "db.scheme": "sqlite" } });
    assert.equal(checkTree(tree).length, 1);
    tree.config.namespaces.register("db", { scope: "request" });
    assert.deepEqual(checkTree(tree), []);
  });

  it("warns about a site-wide key in application config", () => {
    const tree = quietTree();
    tree.mount(root(), "/app", { "/": { "server.socketPort": 8081 }, "/deep": { "engine.autoreload.on": false } });
    assert.deepEqual(checkTree(tree), [
      "The config entry 'server.socketPort' in section '/' of the application mounted at '/app' is site-wide; put it in [global].",
      "The config entry 'engine.autoreload.on' in section '/deep' of the application mounted at '/app' is site-wide; put it in [global].",
    ]);
  });

  it("warns about a relative tools.staticdir.dir when no tools.staticdir.root applies to its section", () => {
    const tree = quietTree();
    tree.mount(root(), "/site", {
      "/": {},
      "/static": { "tools.staticdir.on": true, "tools.staticdir.dir": "public" },
      "/absolute": { "tools.staticdir.on": true, "tools.staticdir.dir": "/srv/www/public" },
      "/own-root": { "tools.staticdir.on": true, "tools.staticdir.root": "/srv/www", "tools.staticdir.dir": "public" },
      // A root in a sibling section does not apply here.
      "/sibling": { "tools.staticdir.on": true, "tools.staticdir.dir": "assets" },
    });
    assert.deepEqual(checkTree(tree), [
      "/static: tools.staticdir.dir 'public' is relative and no tools.staticdir.root is set; it will be resolved from the current directory.",
      "/sibling: tools.staticdir.dir 'assets' is relative and no tools.staticdir.root is set; it will be resolved from the current directory.",
    ]);
  });

  it("takes a tools.staticdir.root from a parent section or from global config", () => {
    const parent = quietTree();
    parent.mount(root(), "", { "/": { "tools.staticdir.root": "/srv/www" }, "/static": { "tools.staticdir.on": true, "tools.staticdir.dir": "public" } });
    assert.deepEqual(checkTree(parent), []);

    const global = quietTree();
    global.config.update({ "tools.staticdir.root": "/srv/www" });
    global.mount(root(), "", { "/": {}, "/static": { "tools.staticdir.on": true, "tools.staticdir.dir": "public" } });
    assert.deepEqual(checkTree(global), []);
  });

  it("warns about a section that starts with the script name", () => {
    const tree = quietTree();
    tree.mount(root(), "/blog", { "/": {}, "/blog/entries": {}, "/blogger": {} });
    assert.deepEqual(checkTree(tree), [
      "The application mounted at '/blog' has config section '/blog/entries', which starts with its script name; sections are relative to the mount point.",
    ]);
  });
});
