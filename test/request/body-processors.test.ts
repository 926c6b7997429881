// request.bodyProcessors (merged over the defaults) and request.body.multipart limits (CherryPy's request.body.processors).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { addParam } from "../../src/request/body/params.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { quietTree } from "./support.js";

/** Parses a "name,value" line per row into params. */
async function csv(ctx: Context): Promise<void> {
  for (const line of (await ctx.request.body.text()).split("\n")) {
    const [name, value] = line.split(",");
    if (name) addParam(ctx.request.params, name, value ?? "");
  }
}

async function plainText(ctx: Context): Promise<void> {
  ctx.request.params.text = await ctx.request.body.text();
}

const show = (params: Params) => JSON.stringify(params);

function multipart(boundary: string, parts: Array<{ name: string; data: string }>): string {
  return parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.data}\r\n`).join("") + `--${boundary}--\r\n`;
}

const { tree } = quietTree();
tree.mount({ index: expose(show) }, "", {
  "/": {
    "request.bodyProcessors": { "Text/CSV": csv, text: plainText, "multipart/form-data": null },
  },
});
tree.mount({ index: expose(show) }, "/limits", { "/": { "request.body.multipart": { fieldSize: 8, parts: 2 } } });

const post = (url: string, contentType: string, body: string) => inject(tree, { method: "POST", url, body, headers: { "Content-Type": contentType } });

test("a configured processor is added to the defaults, not in their place", async () => {
  const table = await post("/", "text/csv; charset=utf-8", "a,1\nb,2\na,3");
  assert.equal(table.status, 200);
  assert.equal(table.text, '{"a":["1","3"],"b":"2"}');
  const form = await post("/", "application/x-www-form-urlencoded", "x=1&y=2");
  assert.equal(form.text, '{"x":"1","y":"2"}');
});

test("a bare type (\"text\") catches its subtypes that have no processor of their own", async () => {
  assert.equal((await post("/", "text/plain", "hello")).text, '{"text":"hello"}');
  assert.equal((await post("/", "text/csv", "k,v")).text, '{"k":"v"}');
});

test("null removes a default processor: the body is left unread", async () => {
  const boundary = "XyZ";
  const res = await post("/", `multipart/form-data; boundary=${boundary}`, multipart(boundary, [{ name: "a", data: "1" }]));
  assert.equal(res.status, 200);
  assert.equal(res.text, "{}");
});

test("request.body.multipart limits a field's size and the number of parts", async () => {
  const boundary = "b0und";
  const type = `multipart/form-data; boundary=${boundary}`;
  const ok = await post("/limits/", type, multipart(boundary, [{ name: "a", data: "12345678" }, { name: "b", data: "x" }]));
  assert.equal(ok.status, 200);
  assert.equal(ok.text, '{"a":"12345678","b":"x"}');
  const big = await post("/limits/", type, multipart(boundary, [{ name: "a", data: "123456789" }]));
  assert.equal(big.status, 413);
  assert.equal(big.text, defaultErrorPage({ status: 413, reason: "Payload Too Large", message: 'The form field "a" is larger than 8 bytes.' }));
  const many = await post("/limits/", type, multipart(boundary, [{ name: "a", data: "1" }, { name: "b", data: "2" }, { name: "c", data: "3" }]));
  assert.equal(many.status, 413);
  assert.equal(many.text, defaultErrorPage({ status: 413, reason: "Payload Too Large", message: "The multipart body has more than 2 parts." }));
});

test("a Content-Type named like an Object.prototype member finds no processor", async () => {
  for (const type of ["__proto__/x", "constructor/x", "hasOwnProperty/x", "toString"]) {
    const res = await inject(tree, { method: "POST", url: "/limits/", body: "a=1", headers: { "Content-Type": type } });
    assert.equal(res.status, type === "toString" ? 400 : 200, type);
    if (res.status === 200) assert.equal(res.text, "{}", type);
  }
});

test("both keys are checked as objects", () => {
  const { tree: other } = quietTree();
  assert.throws(() => other.mount({}, "/a", { "/": { "request.bodyProcessors": "csv" as unknown as Record<string, null> } }), /expected an? object/);
  assert.throws(() => other.mount({}, "/b", { "/": { "request.body.multipart": 5 as unknown as Record<string, number> } }), /expected an? object/);
});
