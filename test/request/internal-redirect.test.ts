// InternalRedirect (CherryPy's test_core test_InternalRedirect).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { InternalRedirect } from "../../src/request/errors.js";
import type { Context, SessionLike } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "./support.js";

const session: SessionLike = { id: "s-1" };

function toErrorPage(): void {
  throw new InternalRedirect("/ir/errorPage");
}

function toLogin(): void {
  throw new InternalRedirect("/ir/secure?from=early");
}

class Image {
  @expose getImagesByUser(params: Params, ctx: Context) {
    return `${ctx.request.method} images for ${String(params.userId)}`;
  }
}

class IR {
  @expose petshop(params: Params) {
    if (params.userId === "parrot") throw new InternalRedirect("/image/getImagesByUser?userId=slug");
    throw new InternalRedirect(`/image/getImagesByUser?userId=${String(params.userId)}`);
  }

  @expose login(params: Params) {
    throw new InternalRedirect(`/ir/secure?from=${String(params.user)}`);
  }

  @expose secure(params: Params, ctx: Context) {
    return `${ctx.request.method} ${JSON.stringify(Object.entries(params))} body=${ctx.request.body.consumed} prevBody=${ctx.request.prev?.body.consumed} length=${ctx.request.body.length}`;
  }

  @expose relative() {
    throw new InternalRedirect("target?b=2");
  }

  @expose target(params: Params, ctx: Context) {
    const prev = ctx.request.prev;
    return `${ctx.request.pathInfo}?${ctx.request.queryString} b=${String(params.b)} a=${String(params.a)} prev=${prev?.pathInfo}?${prev?.queryString}`;
  }

  @expose loop() {
    throw new InternalRedirect("/ir/loop");
  }

  @expose again(_p: Params, ctx: Context) {
    let depth = 0;
    for (let r = ctx.request.prev; r !== undefined; r = r.prev) depth++;
    if (depth < 3) throw new InternalRedirect("/ir/again", { recursive: true });
    return `depth ${depth}`;
  }

  @expose
  @configure({ "hooks.beforeErrorResponse": toErrorPage })
  divide() {
    throw new RangeError("division by zero");
  }

  @expose
  @configure({ "hooks.beforeRequestBody": toLogin })
  early() {
    return "never reached";
  }

  @expose errorPage(_p: Params, ctx: Context) {
    return `custom error page after ${ctx.request.prev?.pathInfo}`;
  }

  @expose withSession(_p: Params, ctx: Context) {
    ctx.session = session;
    throw new InternalRedirect("/ir/sessionTarget");
  }

  @expose sessionTarget(_p: Params, ctx: Context) {
    return `same=${ctx.session === session} id=${ctx.session?.id}`;
  }
}

class Root {
  ir = new IR();
  image = new Image();
}

test("the target's query string reaches the new handler, rewritten or passed through", async () => {
  const root = new Root();
  const through = await inject(root, { url: "/ir/petshop?userId=Sir-not-appearing-in-this-film" });
  assert.equal(through.status, 200);
  assert.equal(through.text, "GET images for Sir-not-appearing-in-this-film");
  const rewritten = await inject(root, { url: "/ir/petshop?userId=parrot" });
  assert.equal(rewritten.text, "GET images for slug");
});

test("a POST becomes a GET with the new query and no body", async () => {
  const res = await inject(new Root(), {
    method: "POST",
    url: "/ir/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "user=fred&password=secret",
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'GET [["from","fred"]] body=false prevBody=true length=0');
});

test("raised before the body is read: the body stays unread and the target is a GET", async () => {
  const res = await inject(new Root(), {
    method: "POST",
    url: "/ir/early",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "user=fred",
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'GET [["from","early"]] body=false prevBody=false length=0');
});

test("a relative target resolves against the current path; request.prev is the first request", async () => {
  const res = await inject(new Root(), { url: "/ir/relative?a=1" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "/ir/target?b=2 b=2 a=undefined prev=/ir/relative?a=1");
});

test("a loop is a 500 whose cause is in the error log", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  const res = await inject(tree, { url: "/ir/loop" });
  assert.equal(res.status, 500);
  assert.equal(res.text, "Unrecoverable error in the server.");
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.message, "Unrecoverable error in the server.");
  assert.match(String(errors[0]!.error), /InternalRedirect loop: \/ir\/loop was already visited/);
});

test("{ recursive: true } allows visiting the same URL again", async () => {
  const res = await inject(new Root(), { url: "/ir/again" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "depth 3");
});

test("raised by a beforeErrorResponse hook after an exception: 200 with the redirected page", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  const res = await inject(tree, { url: "/ir/divide" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "custom error page after /ir/divide");
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]!.error), /RangeError: division by zero/);
});

test("the session travels with the redirect", async () => {
  const res = await inject(new Root(), { url: "/ir/withSession" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "same=true id=s-1");
});
