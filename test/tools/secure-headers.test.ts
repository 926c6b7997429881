// secureHeaders: framing, sniffing, CSP and referrer headers; Strict-Transport-Security over TLS only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, type InjectResponse } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose index() {
    return "index";
  }
  @expose own(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Security-Policy", "default-src 'self'; img-src *");
    return "own";
  }
  @expose
  @tools.secureHeaders({ frameOptions: "SAMEORIGIN", contentSecurityPolicy: null, referrerPolicy: "same-origin", maxAge: 600, includeSubDomains: false })
  tuned() {
    return "tuned";
  }
  @expose @tools.secureHeaders({ maxAge: null }) noHsts() {
    return "no hsts";
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", { "/": { "tools.secureHeaders.on": true } });

const NAMES = ["X-Frame-Options", "X-Content-Type-Options", "Content-Security-Policy", "Referrer-Policy", "Strict-Transport-Security"];
const secure = (res: InjectResponse) => Object.fromEntries(NAMES.filter((n) => res.headers.has(n)).map((n) => [n, res.headers.get(n)]));

test("over http: the four browser headers with their defaults, no Strict-Transport-Security", async () => {
  const res = await inject(tree, { url: "/" });
  assert.equal(res.status, 200);
  assert.deepEqual(secure(res), {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'",
    "Referrer-Policy": "no-referrer",
  });
});

test("over https: Strict-Transport-Security for a year, with subdomains", async () => {
  const res = await inject(tree, { url: "/", scheme: "https" });
  assert.equal(res.headers.get("strict-transport-security"), "max-age=31536000; includeSubDomains");
});

test("behind a TLS-terminating proxy, the scheme the proxy tool found decides", async () => {
  const { tree: proxied } = quietTree();
  proxied.mount(new Root(), "", { "/": { "tools.secureHeaders.on": true, "tools.proxy.on": true } });
  const res = await inject(proxied, { url: "/", headers: { "X-Forwarded-Proto": "https" } });
  assert.equal(res.headers.get("strict-transport-security"), "max-age=31536000; includeSubDomains");
  const plain = await inject(proxied, { url: "/", scheme: "https", headers: { "X-Forwarded-Proto": "http" } });
  assert.equal(plain.headers.has("strict-transport-security"), false);
  // Without the proxy tool the header is the client's word, and ignored.
  assert.equal((await inject(tree, { url: "/", headers: { "X-Forwarded-Proto": "https" } })).headers.has("strict-transport-security"), false);
});

test("each header is an argument; null leaves it out", async () => {
  const tuned = await inject(tree, { url: "/tuned", scheme: "https" });
  assert.deepEqual(secure(tuned), {
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=600",
  });
  const none = await inject(tree, { url: "/noHsts", scheme: "https" });
  assert.equal(none.headers.has("strict-transport-security"), false);
  assert.equal(none.headers.get("x-frame-options"), "DENY");
});

test("a handler may set its own value; error pages get the headers too", async () => {
  assert.equal((await inject(tree, { url: "/own" })).headers.get("content-security-policy"), "default-src 'self'; img-src *");
  const missing = await inject(tree, { url: "/nowhere" });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("x-frame-options"), "DENY");
  assert.equal(missing.headers.get("content-security-policy"), "default-src 'self'");
});

test("bad values are ConfigErrors", () => {
  const { tree: bad } = quietTree();
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.secureHeaders.maxAge": -1 } }), {
    name: "ConfigError",
    message: "[/] tools.secureHeaders.maxAge: expected seconds (an integer), or null for no Strict-Transport-Security",
  });
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.secureHeaders.frameOptions": false } }), {
    message: "[/] tools.secureHeaders.frameOptions: expected a header value, or null to leave the header out",
  });
});
