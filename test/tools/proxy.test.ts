// proxy: base URL, scheme and client address from a trusted proxy's headers (CherryPy's test_proxy),
// and nothing believed from a peer that is not a trusted proxy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { HTTPRedirect } from "../../src/request/errors.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { forwardedClient, TrustedProxies } from "../../src/http/trusted-proxies.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose index() {
    throw new HTTPRedirect("dummy");
  }
  @expose remoteip(_p: Params, ctx: Context) {
    return ctx.request.remote.ip;
  }
  @expose @configure({ "tools.proxy.local": "X-Host" }) xhost() {
    throw new HTTPRedirect("blah");
  }
  @expose base(_p: Params, ctx: Context) {
    return `${ctx.request.base} ${ctx.request.scheme}`;
  }
  @expose @configure({ "tools.proxy.scheme": "X-Forwarded-Ssl" }) ssl(_p: Params, ctx: Context) {
    return `${ctx.request.base} ${ctx.request.scheme}`;
  }
  @expose newurl(_p: Params, ctx: Context) {
    return `Browse to <a href='${ctx.url("/this/new/page")}'>this page</a>.`;
  }
}

const TRUSTED = ["127.0.0.1", "192.168.0.0/16"];
const { tree, access } = quietTree();
for (const scriptName of ["", "/corp/blog"]) {
  tree.mount(new Root(), scriptName, { "/": { "tools.proxy.on": true, "tools.proxy.base": "www.mydomain.test", "tools.proxy.trusted": TRUSTED } });
}
const get = (url: string, headers: Record<string, string> = {}, remote?: { ip: string; port: number }) => inject(tree, { url, headers, remote });

test("the configured base makes redirect Locations absolute", async () => {
  const res = await get("/");
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "http://www.mydomain.test/dummy");
});

test("X-Forwarded-Host (with or without a scheme, the first of several) wins over the base", async () => {
  assert.equal((await get("/", { "X-Forwarded-Host": "http://www.example.test" })).headers.get("location"), "http://www.example.test/dummy");
  assert.equal((await get("/", { "X-Forwarded-Host": "www.example.test" })).headers.get("location"), "http://www.example.test/dummy");
  const several = await get("/", { "X-Forwarded-Host": "http://www.example.test, www.cherrypy.test" });
  assert.equal(several.headers.get("location"), "http://www.example.test/dummy");
});

test("X-Forwarded-For gives the client address, skipping trusted proxies from the right", async () => {
  assert.equal((await get("/remoteip", { "X-Forwarded-For": "192.168.0.20" })).text, "192.168.0.20");
  assert.equal((await get("/remoteip", { "X-Forwarded-For": "67.15.36.43, 192.168.0.20" })).text, "67.15.36.43");
  // Left of the first untrusted hop, addresses may be made up by the client.
  assert.equal((await get("/remoteip", { "X-Forwarded-For": "10.9.9.9, 67.15.36.43, 192.168.0.20" })).text, "67.15.36.43");
  assert.equal((await get("/remoteip")).text, "127.0.0.1");
  assert.equal(access.at(-1)!.remoteIp, "127.0.0.1");
  await get("/remoteip", { "X-Forwarded-For": "67.15.36.43" });
  assert.equal(access.at(-1)!.remoteIp, "67.15.36.43", "the access log shows the client, not the proxy");
});

test("another header names the host with tools.proxy.local (X-Host)", async () => {
  const res = await get("/xhost", { "X-Host": "www.example.test" });
  assert.equal(res.headers.get("location"), "http://www.example.test/blah");
});

test("X-Forwarded-Proto sets the scheme, and X-Forwarded-Ssl: on means https", async () => {
  assert.equal((await get("/base", { "X-Forwarded-Proto": "https" })).text, "https://www.mydomain.test https");
  assert.equal((await get("/base")).text, "http://www.mydomain.test http");
  assert.equal((await get("/base", { "X-Forwarded-Proto": "gopher" })).text, "http://www.mydomain.test http");
  assert.equal((await get("/ssl", { "X-Forwarded-Ssl": "on" })).text, "https://www.mydomain.test https");
  assert.equal((await get("/ssl", { "X-Forwarded-Ssl": "off" })).text, "http://www.mydomain.test http");
});

test("ctx.url() follows the base, under every script name", async () => {
  for (const sn of ["", "/corp/blog"]) {
    assert.equal((await get(`${sn}/newurl`)).text, `Browse to <a href='http://www.mydomain.test${sn}/this/new/page'>this page</a>.`);
    const forwarded = await get(`${sn}/newurl`, { "X-Forwarded-Host": "http://www.example.test" });
    assert.equal(forwarded.text, `Browse to <a href='http://www.example.test${sn}/this/new/page'>this page</a>.`);
  }
});

test("a peer that is not a trusted proxy is not believed; the configured base still applies", async () => {
  const stranger = { ip: "203.0.113.9", port: 40000 };
  const headers = { "X-Forwarded-Host": "evil.test", "X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https" };
  assert.equal((await get("/base", headers, stranger)).text, "http://www.mydomain.test http");
  assert.equal((await get("/remoteip", headers, stranger)).text, "203.0.113.9");
  assert.equal((await get("/", headers, stranger)).headers.get("location"), "http://www.mydomain.test/dummy");
});

test("without a base the Host header, port included, is kept; defaults trust loopback and unix sockets only", async () => {
  const { tree: plain } = quietTree();
  plain.mount(new Root(), "", { "/": { "tools.proxy.on": true } });
  const call = (url: string, headers: Record<string, string>, remote?: { ip: string; port: number }) => inject(plain, { url, headers, remote });
  assert.equal((await call("/base", { Host: "localhost:8080" })).text, "http://localhost:8080 http");
  assert.equal((await call("/base", { Host: "localhost:8080", "X-Forwarded-Proto": "https" })).text, "https://localhost:8080 https");
  assert.equal((await call("/base", { "X-Forwarded-Host": "www.example.test" }, { ip: "203.0.113.9", port: 1 })).text, "http://127.0.0.1 http");
  // The right-most hop is what the trusted proxy saw; 192.168.0.20 is not trusted here.
  assert.equal((await call("/remoteip", { "X-Forwarded-For": "67.15.36.43, 192.168.0.20" })).text, "192.168.0.20");
  assert.equal((await call("/remoteip", { "X-Forwarded-For": "8.8.8.8" }, { ip: "::1", port: 1 })).text, "8.8.8.8");
  assert.equal((await call("/remoteip", { "X-Forwarded-For": "8.8.8.8" }, { ip: "::ffff:127.0.0.1", port: 1 })).text, "8.8.8.8");
  assert.equal((await call("/remoteip", { "X-Forwarded-For": "8.8.8.8" }, { ip: "", port: 0 })).text, "8.8.8.8");
  assert.equal((await call("/remoteip", { "X-Forwarded-For": "8.8.8.8" }, { ip: "10.0.0.1", port: 1 })).text, "10.0.0.1");
  // Something that is not an address leaves the peer as the client.
  assert.equal((await call("/remoteip", { "X-Forwarded-For": "8.8.8.8, unknown" })).text, "127.0.0.1");
});

test("an empty remote or local header name turns that part off", async () => {
  const { tree: off } = quietTree();
  off.mount(new Root(), "", { "/": { "tools.proxy.on": true, "tools.proxy.remote": "", "tools.proxy.local": null } });
  assert.equal((await inject(off, { url: "/remoteip", headers: { "X-Forwarded-For": "8.8.8.8" } })).text, "127.0.0.1");
  assert.equal((await inject(off, { url: "/base", headers: { "X-Forwarded-Host": "www.example.test" } })).text, "http://127.0.0.1 http");
});

test("a trusted entry that is not an address or range is a ConfigError", () => {
  const { tree: bad } = quietTree();
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.proxy.trusted": ["10.0.0.0/33"] } }), {
    name: "ConfigError",
    message: '[/] tools.proxy.trusted: not an address or CIDR range: "10.0.0.0/33"',
  });
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.proxy.trusted": "127.0.0.1" } }), {
    message: "[/] tools.proxy.trusted: expected a list of addresses and CIDR ranges",
  });
});

test("forwardedClient walks the chain from the right", () => {
  const trusted = new TrustedProxies(["10.0.0.0/8", "fd00::/8"]);
  assert.equal(forwardedClient("1.1.1.1, 10.0.0.2, 10.0.0.3", trusted), "1.1.1.1");
  assert.equal(forwardedClient("10.0.0.1, 10.0.0.2", trusted), "10.0.0.1");
  assert.equal(forwardedClient("2001:db8::1, fd00::2", trusted), "2001:db8::1");
  assert.equal(forwardedClient(" , ", trusted), undefined);
  assert.equal(trusted.has("10.255.0.1"), true);
  assert.equal(trusted.has("11.0.0.1"), false);
  assert.equal(trusted.has(""), false);
});
