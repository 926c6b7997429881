// HTTPRedirect (CherryPy's test_core testRedirect, test_redirect_with_xss and the #1003 header-injection case).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { HTTPRedirect, type RedirectStatus } from "../../src/request/errors.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, serve } from "../../src/testing/index.js";
import { httpGet } from "./support.js";

class Redirect {
  @expose index() {
    return "child";
  }

  @expose by_code(params: Params) {
    throw new HTTPRedirect("somewhere else", Number(params.code) as RedirectStatus);
  }

  @expose plain() {
    throw new HTTPRedirect("/");
  }

  @expose fragment() {
    throw new HTTPRedirect("/some/url#fragment");
  }

  @expose relative() {
    throw new HTTPRedirect("../status/blank?x=1");
  }

  @expose xss() {
    throw new HTTPRedirect("/some<script>alert(1);</script>url/new?q=<script>");
  }

  @expose quote() {
    throw new HTTPRedirect("/it's\"here");
  }

  @expose crlf() {
    throw new HTTPRedirect("/foo\r\nSet-Cookie: injected=1");
  }

  @expose several() {
    throw new HTTPRedirect(["/first", "http://example.com/second"], 300);
  }

  @expose stale(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", '"v1"');
    ctx.response.headers.set("Content-Type", "application/json");
    throw new HTTPRedirect("/", 304);
  }
}

class Root {
  redirect = new Redirect();
}

const MESSAGES: Record<number, string> = {
  300: "This resource can be found at ",
  301: "This resource has permanently moved to ",
  302: "This resource resides temporarily at ",
  303: "This resource can be found at ",
  307: "This resource has moved temporarily to ",
  308: "This resource has been moved to ",
};

test("each 3xx with a body: that status, an absolute Location and an escaped link", async () => {
  const root = new Root();
  for (const code of [300, 301, 302, 303, 307, 308]) {
    const res = await inject(root, { url: `/redirect/by_code?code=${code}` });
    assert.equal(res.status, code);
    const location = "http://127.0.0.1/redirect/somewhere%20else";
    assert.equal(res.headers.get("location"), location);
    assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
    assert.equal(res.text, `${MESSAGES[code]}<a href="${location}">${location}</a>.`);
    assert.equal(res.headers.get("content-length"), String(res.body.length));
  }
});

test("304 has no body, no Location and no content headers, but keeps its validators (RFC 9110 §15.4.5)", async () => {
  const res = await inject(new Root(), { url: "/redirect/stale" });
  assert.equal(res.status, 304);
  assert.equal(res.text, "");
  for (const name of ["location", "content-length", "content-type"]) assert.equal(res.headers.has(name), false, name);
  assert.equal(res.headers.get("etag"), '"v1"');
});

test("305 has a Location and an empty body", async () => {
  const res = await inject(new Root(), { url: "/redirect/by_code?code=305" });
  assert.equal(res.status, 305);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/redirect/somewhere%20else");
  assert.equal(res.text, "");
  assert.equal(res.headers.get("content-length"), "0");
});

test("a status that is not a redirect is refused when the HTTPRedirect is made", () => {
  assert.throws(() => new HTTPRedirect("/", 200 as RedirectStatus), RangeError);
  assert.throws(() => new HTTPRedirect("/", 306 as RedirectStatus), RangeError);
});

test("the default status is 303 for HTTP/1.1 and 302 for HTTP/1.0", async () => {
  const root = new Root();
  const modern = await inject(root, { url: "/redirect/plain" });
  assert.equal(modern.status, 303);
  assert.equal(modern.headers.get("location"), "http://127.0.0.1/");
  const old = await inject(root, { url: "/redirect/plain", protocol: "HTTP/1.0", headers: { host: "www.example.com" } });
  assert.equal(old.status, 302);
  assert.equal(old.headers.get("location"), "http://www.example.com/");
});

test("the fragment is kept in Location", async () => {
  const res = await inject(new Root(), { url: "/redirect/fragment" });
  assert.equal(res.headers.get("location"), "http://127.0.0.1/some/url#fragment");
});

test("a relative URL is resolved against the current URL", async () => {
  const res = await inject(new Root(), { url: "/redirect/relative?ignored=1" });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/status/blank?x=1");
});

test("markup in the target never reaches the body unescaped", async () => {
  const xss = await inject(new Root(), { url: "/redirect/xss" });
  assert.equal(xss.status, 303);
  assert.doesNotMatch(xss.text, /<script>/);
  const location = xss.headers.get("location")!;
  assert.doesNotMatch(location, /[<>]/);
  assert.equal(xss.text, `${MESSAGES[303]}<a href="${location}">${location}</a>.`);

  // An apostrophe survives URL parsing, so it is the HTML escaping that keeps the attribute closed.
  const quote = await inject(new Root(), { url: "/redirect/quote" });
  assert.equal(quote.headers.get("location"), "http://127.0.0.1/it's%22here");
  assert.equal(quote.text, `${MESSAGES[303]}<a href="http://127.0.0.1/it&#39;s%22here">http://127.0.0.1/it&#39;s%22here</a>.`);
});

test("CR/LF in the target stays inside Location and adds no header (#1003)", async () => {
  const res = await inject(new Root(), { url: "/redirect/crlf" });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/foo%0D%0ASet-Cookie:%20injected=1");
  assert.equal(res.headers.has("set-cookie"), false);

  const served = await serve(new Root());
  try {
    const wire = await httpGet(`${served.url}/redirect/crlf`);
    assert.equal(wire.status, 303);
    assert.equal(wire.headers["set-cookie"], undefined);
    assert.equal(wire.headers.location, `http://127.0.0.1:${served.port}/foo%0D%0ASet-Cookie:%20injected=1`);
  } finally {
    await served.close();
  }
});

test("several URLs: Location is the first, the body links them all", async () => {
  const res = await inject(new Root(), { url: "/redirect/several" });
  assert.equal(res.status, 300);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/first");
  assert.equal(
    res.text,
    `${MESSAGES[300]}<a href="http://127.0.0.1/first">http://127.0.0.1/first</a>.<br />\n` +
      `${MESSAGES[300]}<a href="http://example.com/second">http://example.com/second</a>.`,
  );
});
