// Request and response cookies (CherryPy's test_core testCookies).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, serve } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { httpGet } from "./support.js";

class Root {
  @expose single(params: Params, ctx: Context) {
    const name = String(params.name);
    const value = ctx.request.cookies.get(name);
    if (value !== undefined) ctx.response.cookies.set(name, value);
    return `${name}=${value}`;
  }

  @expose multiple(params: Params, ctx: Context) {
    for (const name of params.names as string[]) {
      const value = ctx.request.cookies.get(name);
      if (value !== undefined) ctx.response.cookies.set(name, value);
    }
    return `${ctx.request.cookies.size} cookies`;
  }

  @expose read(params: Params, ctx: Context) {
    return `${String(params.name)}=${ctx.request.cookies.get(String(params.name))}`;
  }

  @expose logout(_p: Params, ctx: Context) {
    ctx.response.cookies.set("theme", "dark", { path: "/", httpOnly: true });
    ctx.response.cookies.expire("session", { path: "/" });
    return "bye";
  }
}

test("a request cookie is parsed and echoed back in Set-Cookie", async () => {
  const res = await inject(new Root(), { url: "/single?name=First", headers: { cookie: "First=Dinsdale" } });
  assert.equal(res.status, 200);
  assert.equal(res.text, "First=Dinsdale");
  assert.deepEqual(res.headers.getAll("set-cookie"), ["First=Dinsdale"]);
});

test("several cookies, in one header or several, give one Set-Cookie line each", async () => {
  const oneLine = await inject(new Root(), {
    url: "/multiple?names=First&names=Last",
    headers: { cookie: 'First=Dinsdale; Last="Piranha"; Other=x' },
  });
  assert.equal(oneLine.text, "3 cookies");
  assert.deepEqual(oneLine.headers.getAll("set-cookie"), ["First=Dinsdale", "Last=Piranha"]);

  const twoLines = await inject(new Root(), {
    url: "/multiple?names=First&names=Last",
    headers: { cookie: ["First=Dinsdale", "Last=Piranha"] },
  });
  assert.equal(twoLines.text, "2 cookies");
  assert.deepEqual(twoLines.headers.getAll("set-cookie"), ["First=Dinsdale", "Last=Piranha"]);
});

test("a quoted value keeps its comma and space", async () => {
  const res = await inject(new Root(), { url: "/read?name=quote", headers: { cookie: 'quote="a, b"; other=1' } });
  assert.equal(res.status, 200);
  assert.equal(res.text, "quote=a, b");
});

test("a cookie name with a comma is a 400", async () => {
  const res = await inject(new Root(), { url: "/single?name=First", headers: { cookie: "First,Last=Dinsdale" } });
  assert.equal(res.status, 400);
  assert.equal(
    res.text,
    defaultErrorPage({ status: 400, reason: "Bad Request", message: 'Illegal cookie header: Illegal cookie name "First,Last": a cookie name must be a token' }),
  );
});

test("a set and an expired cookie are separate Set-Cookie lines on the wire", async (t) => {
  const served = await serve(new Root());
  t.after(() => served.close());
  const res = await httpGet(`${served.url}/logout`);
  assert.equal(res.status, 200);
  const lines = res.headers["set-cookie"]!;
  assert.equal(lines.length, 2);
  assert.equal(lines[0], "theme=dark; Path=/; HttpOnly");
  assert.equal(lines[1], "session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
});
