// VirtualHost, as CherryPy's test_virtualhost uses it, plus X-Forwarded-Host from trusted proxies only.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expose } from "../../src/decorators/expose.js";
import { popargs } from "../../src/decorators/popargs.js";
import { MethodDispatcher } from "../../src/dispatch/method.js";
import { RoutesDispatcher } from "../../src/dispatch/routes.js";
import { VirtualHost } from "../../src/dispatch/virtual-host.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject, serve, type InjectOptions } from "../../src/testing/index.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import type { Tree } from "../../src/tree/tree.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { quietTree } from "../cases/dispatchers.js";
import { httpGet } from "../request/support.js";

tools.register("beforeFinalize", (ctx) => void ctx.response.headers.set("X-Vhost-Stamp", ctx.request.pathInfo), { name: "vhostStamp" });

class Section {
  @expose index() {
    return "section index";
  }
}

class VHostSite {
  readonly section = new Section();
  constructor(readonly siteName: string) {}
  @expose index() {
    return `Welcome to ${this.siteName}`;
  }
  @expose vmethod(params: Params) {
    return `You sent ${String(params.value)}`;
  }
  @expose url(_p: Params, ctx: Context) {
    return ctx.url("nextpage");
  }
  @expose absolute(_p: Params, ctx: Context) {
    return ctx.url("/nextpage");
  }
  @expose where(_p: Params, ctx: Context) {
    return `${ctx.request.base} ${ctx.request.scriptName} ${ctx.request.pathInfo}`;
  }
  @expose default(_p: Params, ctx: Context) {
    return `${this.siteName} positional ${ctx.args.join("/")}`;
  }
}

@expose
@popargs("id")
class Item {
  GET(params: Params) {
    return `item ${String(params.id)}`;
  }
}

class Root {
  readonly mydom2 = new VHostSite("Domain 2");
  readonly mydom3 = new VHostSite("Domain 3");
  readonly api = { item: new Item() };
  @expose index() {
    return "Hello, world";
  }
  @expose dom4() {
    return "Under construction";
  }
  @expose method(params: Params) {
    return `You sent ${String(params.value)}`;
  }
}

const HOSTS = { "www.mydom2.com": "/mydom2", "www.mydom3.com": "/mydom3", "www.mydom4.com": "/dom4", "api.mydom.com:8443": "/api" };

function mountSite(tree: Tree, scriptName: string, options: ConstructorParameters<typeof VirtualHost>[1] = {}): void {
  tree.mount(new Root(), scriptName, {
    "/": { "request.dispatch": new VirtualHost(HOSTS, options) },
    "/api": { "request.dispatch": new MethodDispatcher() },
    "/mydom2/section": { "tools.vhostStamp.on": true },
  });
}

const form = { "content-type": "application/x-www-form-urlencoded" };

for (const sn of ["", "/site"]) {
  describe(`VirtualHost mounted at '${sn}'`, () => {
    const { tree } = quietTree();
    mountSite(tree, sn);
    const request = (host: string, url: string, options: InjectOptions = {}) =>
      inject(tree, { ...options, url: sn + url, headers: { host, ...options.headers } });
    const text = async (host: string, url: string, options?: InjectOptions) => (await request(host, url, options)).text;

    it("maps each host to its subtree, and unknown hosts to the whole tree", async () => {
      assert.equal(await text("www.mydom1.com", "/"), "Hello, world");
      assert.equal(await text("www.mydom1.com", "/mydom2/"), "Welcome to Domain 2");
      assert.equal(await text("www.mydom2.com", "/"), "Welcome to Domain 2");
      assert.equal(await text("www.mydom3.com", "/"), "Welcome to Domain 3");
      assert.equal(await text("www.mydom4.com", "/"), "Under construction");
    });

    it("passes GET, POST and positional parameters under the prefix", async () => {
      assert.equal(await text("www.mydom1.com", "/method?value=root"), "You sent root");
      assert.equal(await text("www.mydom2.com", "/vmethod?value=dom2+GET"), "You sent dom2 GET");
      assert.equal(await text("www.mydom3.com", "/vmethod", { method: "POST", body: "value=dom3+POST", headers: form }), "You sent dom3 POST");
      assert.equal(await text("www.mydom3.com", "/some/pos"), "Domain 3 positional some/pos");
    });

    it("builds URLs from the host and path the browser sees", async () => {
      assert.equal(await text("www.mydom2.com", "/url"), `http://www.mydom2.com${sn}/nextpage`);
      assert.equal(await text("www.mydom2.com", "/absolute"), `http://www.mydom2.com${sn}/nextpage`);
      assert.equal(await text("www.mydom2.com", "/where"), `http://www.mydom2.com ${sn} /where`);
    });

    it("redirects an index without its slash to the browser-visible URL", async () => {
      const res = await request("www.mydom2.com", "/section?a=1");
      assert.equal(res.status, 301);
      assert.equal(res.headers.get("location"), `http://www.mydom2.com${sn}/section/?a=1`);
    });

    it("applies config sections named by the prefixed path", async () => {
      const res = await request("www.mydom2.com", "/section/");
      assert.equal(res.text, "section index");
      assert.equal(res.headers.get("x-vhost-stamp"), "/section/");
      assert.equal((await request("www.mydom3.com", "/section/")).headers.has("x-vhost-stamp"), false);
    });

    it("matches the host with its port first, then without, in any case", async () => {
      assert.equal(await text("www.mydom2.com:8080", "/"), "Welcome to Domain 2");
      assert.equal(await text("WWW.MyDom2.COM", "/"), "Welcome to Domain 2");
      assert.equal(await text("api.mydom.com:8443", "/item/5"), "item 5");
      assert.equal((await request("api.mydom.com", "/item/5")).status, 404);
    });

    it("hands over to the dispatcher the config picks for the prefixed path", async () => {
      const res = await request("api.mydom.com:8443", "/item/5", { method: "DELETE" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, HEAD");
      assert.equal(res.text, defaultErrorPage({ status: 405, reason: "Method Not Allowed", message: "The method is not allowed for this resource." }));
    });

    it("answers 404 with the browser's path when nothing under the prefix matches", async () => {
      const res = await request("www.mydom4.com", "/more");
      assert.equal(res.status, 404);
      assert.equal(res.text, defaultErrorPage({ status: 404, reason: "Not Found", message: `The path '${sn}/more' was not found.` }));
    });
  });
}

describe("VirtualHost and X-Forwarded-Host", () => {
  const headers = { host: "127.0.0.1:8080", "x-forwarded-host": "www.mydom3.com" };

  it("ignores X-Forwarded-Host unless useXForwardedHost is on", async () => {
    const { tree } = quietTree();
    mountSite(tree, "");
    assert.equal((await inject(tree, { url: "/", headers })).text, "Hello, world");
  });

  it("uses X-Forwarded-Host from a trusted proxy, for dispatch and for URLs", async () => {
    const { tree } = quietTree();
    mountSite(tree, "", { useXForwardedHost: true });
    assert.equal((await inject(tree, { url: "/", headers })).text, "Welcome to Domain 3");
    assert.equal((await inject(tree, { url: "/absolute", headers })).text, "http://www.mydom3.com/nextpage");
    const chained = { ...headers, "x-forwarded-host": "www.mydom2.com, proxy.internal" };
    assert.equal((await inject(tree, { url: "/", headers: chained })).text, "Welcome to Domain 2");
  });

  it("ignores X-Forwarded-Host from a client that is not a trusted proxy", async () => {
    const { tree } = quietTree();
    mountSite(tree, "", { useXForwardedHost: true });
    const remote = { ip: "203.0.113.9", port: 1 };
    assert.equal((await inject(tree, { url: "/", headers, remote })).text, "Hello, world");
    assert.equal((await inject(tree, { url: "/mydom3/absolute", headers, remote })).text, "http://127.0.0.1:8080/nextpage");
  });

  it("trusts the proxies it is given instead of loopback", async () => {
    const { tree } = quietTree();
    mountSite(tree, "", { useXForwardedHost: true, trustedProxies: ["203.0.113.9"] });
    assert.equal((await inject(tree, { url: "/", headers, remote: { ip: "203.0.113.9", port: 1 } })).text, "Welcome to Domain 3");
    assert.equal((await inject(tree, { url: "/", headers })).text, "Hello, world");
  });
});

describe("VirtualHost across applications", () => {
  it("serves each application with its own host map", async () => {
    const { tree } = quietTree();
    mountSite(tree, "");
    const blog = { index: expose(() => "blog home"), two: { index: expose(() => "blog for mydom2") } };
    tree.mount(blog, "/blog", { "/": { "request.dispatch": new VirtualHost({ "www.mydom2.com": "/two" }) } });
    const get = (host: string, url: string) => inject(tree, { url, headers: { host } });
    assert.equal((await get("www.mydom2.com", "/")).text, "Welcome to Domain 2");
    assert.equal((await get("www.mydom2.com", "/blog/")).text, "blog for mydom2");
    assert.equal((await get("www.mydom3.com", "/blog/")).text, "blog home");
    assert.equal((await get("www.mydom3.com", "/")).text, "Welcome to Domain 3");
  });

  it("hands over to an explicit next dispatcher", async () => {
    const routes = new RoutesDispatcher().connect("hello", "/shop/hello/:who", (params: Params) => `shop says hi to ${String(params.who)}`);
    const { tree } = quietTree();
    tree.mount({}, "", { "/": { "request.dispatch": new VirtualHost({ "shop.example.test": "/shop" }, { next: routes }) } });
    assert.equal((await inject(tree, { url: "/hello/ann", headers: { host: "shop.example.test" } })).text, "shop says hi to ann");
    assert.equal((await inject(tree, { url: "/hello/ann", headers: { host: "other.example.test" } })).status, 404);
  });

  it("works over a real socket, where the Host header carries the port", async () => {
    const { tree } = quietTree();
    mountSite(tree, "");
    const server = await serve(tree);
    try {
      // node:http's client, since fetch does not let a caller set Host.
      const res = await httpGet(`${server.url}/url`, { headers: { host: `www.mydom2.com:${server.port}` } });
      assert.equal(res.status, 200);
      assert.equal(res.body, `http://www.mydom2.com:${server.port}/nextpage`);
    } finally {
      await server.close();
    }
  });
});

describe("VirtualHost from an INI file", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "orchard-vhost-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads request.dispatch = VirtualHost({"www.mydom2.com": "/mydom2"})', async () => {
    const file = join(dir, "site.conf");
    await writeFile(file, '[/]\nrequest.dispatch = VirtualHost({"www.mydom2.com": "/mydom2"}, {"useXForwardedHost": true})\n');
    const { tree } = quietTree();
    tree.mount(new Root(), "", file);
    assert.equal((await inject(tree, { url: "/", headers: { host: "www.mydom2.com" } })).text, "Welcome to Domain 2");
    assert.equal((await inject(tree, { url: "/", headers: { host: "x", "x-forwarded-host": "www.mydom2.com" } })).text, "Welcome to Domain 2");
  });
});
