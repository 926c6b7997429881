// accept and negotiate(): media types by Accept (CherryPy's test_misc_tools AcceptTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import { acceptMedia, acceptedMedia, negotiate } from "../../src/tools/accept.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

const FEED = '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Unknown Blog</title></feed>';

class Root {
  @expose index() {
    return "<a href='feed'>Atom feed</a>";
  }

  @expose @tools.accept({ media: "application/atom+xml" }) feed(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", acceptedMedia(ctx)!);
    return FEED;
  }

  @expose select(_p: Params, ctx: Context) {
    return acceptMedia(ctx, ["text/html", "text/plain"]) === "text/html" ? "<h2>Page Title</h2>" : "PAGE TITLE";
  }

  @expose report(_p: Params, ctx: Context) {
    const data = { title: "Report", rows: 2 };
    return negotiate(ctx, {
      "application/json": () => data,
      "text/plain": () => `${data.title}: ${data.rows} rows`,
      "text/html": async () => `<h1>${data.title}</h1>`,
    });
  }
}

const root = new Root();
const { tree } = quietTree();
tree.mount(root, "", { "/": { "tools.accept.on": true } });
const get = (url: string, accept?: string) => inject(tree, { url, headers: accept === undefined ? {} : { accept } });

function notAcceptable(message: string): string {
  return defaultErrorPage({ status: 406, reason: "Not Acceptable", message });
}

test("the tool with no media listed does nothing", async () => {
  const res = await get("/", "text/nonsense");
  assert.equal(res.status, 200);
  assert.equal(res.text, "<a href='feed'>Atom feed</a>");
  assert.equal(res.headers.has("vary"), false);
});

test("without an Accept header the first listed type is chosen", async () => {
  const res = await get("/feed");
  assert.equal(res.status, 200);
  assert.equal(res.text, FEED);
  assert.equal(res.headers.get("content-type"), "application/atom+xml");
  assert.equal(res.headers.get("vary"), "Accept");
});

test("an exact type, application/* and */* all match the atom feed", async () => {
  for (const accept of ["application/atom+xml", "application/*", "*/*", "text/html;q=0.9, application/atom+xml;q=0.1"]) {
    const res = await get("/feed", accept);
    assert.equal(res.status, 200, accept);
    assert.equal(res.text, FEED);
    assert.equal(res.headers.get("vary"), "Accept");
  }
});

test("a type the resource does not emit is refused with 406 and the exact message", async () => {
  const res = await get("/feed", "text/html");
  assert.equal(res.status, 406);
  assert.equal(
    res.text,
    notAcceptable("Your client sent this Accept header: text/html. But this resource only emits these media types: application/atom+xml."),
  );
  const excluded = await get("/feed", "application/atom+xml;q=0, text/*");
  assert.equal(excluded.status, 406);
});

test("acceptMedia picks by q-value, and wildcards pick the first listed type", async () => {
  const cases: Array<[string, string]> = [
    ["text/html", "<h2>Page Title</h2>"],
    ["text/plain", "PAGE TITLE"],
    ["text/html, text/plain", "<h2>Page Title</h2>"],
    ["text/*", "<h2>Page Title</h2>"],
    ["*/*", "<h2>Page Title</h2>"],
    ["text/plain, text/*;q=0.5", "PAGE TITLE"],
    ["text/*;q=0.5, text/plain", "PAGE TITLE"],
    ["text/html;q=0.4, text/plain;q=0.8", "PAGE TITLE"],
    ["text/html;q=0, */*", "PAGE TITLE"],
    ["", "<h2>Page Title</h2>"],
  ];
  for (const [accept, body] of cases) {
    const res = await get("/select", accept);
    assert.equal(res.status, 200, accept);
    assert.equal(res.text, body, accept);
    assert.equal(res.headers.get("vary"), "Accept");
  }
  const none = await get("/select", "application/xml");
  assert.equal(none.status, 406);
  assert.equal(
    none.text,
    notAcceptable("Your client sent this Accept header: application/xml. But this resource only emits these media types: text/html, text/plain."),
  );
});

test("negotiate answers JSON, text or HTML from one handler, with Content-Type and Vary", async () => {
  const json = await get("/report", "application/json");
  assert.equal(json.status, 200);
  assert.equal(json.text, '{"title":"Report","rows":2}');
  assert.equal(json.headers.get("content-type"), "application/json");
  assert.equal(json.headers.get("vary"), "Accept");

  const text = await get("/report", "text/plain, application/json;q=0.5");
  assert.equal(text.text, "Report: 2 rows");
  assert.equal(text.headers.get("content-type"), "text/plain;charset=utf-8");

  const html = await get("/report", "text/html");
  assert.equal(html.text, "<h1>Report</h1>");
  assert.equal(html.headers.get("content-type"), "text/html;charset=utf-8");

  const first = await get("/report");
  assert.equal(first.headers.get("content-type"), "application/json");

  const none = await get("/report", "image/png");
  assert.equal(none.status, 406);
  assert.equal(
    none.text,
    notAcceptable("Your client sent this Accept header: image/png. But this resource only emits these media types: application/json, text/plain, text/html."),
  );
});

test("tools.accept.media in config, and its validation", async () => {
  const { tree: other } = quietTree();
  other.mount({ data: expose((_p: Params, ctx: Context) => acceptedMedia(ctx) ?? "none") }, "", {
    "/data": { "tools.accept.on": true, "tools.accept.media": ["application/json", "text/csv"] },
  });
  assert.equal((await inject(other, { url: "/data", headers: { accept: "text/csv" } })).text, "text/csv");
  assert.equal((await inject(other, { url: "/data" })).text, "application/json");
  assert.equal((await inject(other, { url: "/data", headers: { accept: "text/html" } })).status, 406);
  assert.throws(() => other.mount({}, "/bad", { "/": { "tools.accept.media": 5 as unknown as string } }), /expected a media type or a list of them/);
});
