// decode: the charsets tried for urlencoded bodies (CherryPy's test_encoding test_urlencoded_decoding and test_decode_tool).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

const reqparams = expose((params: Params) =>
  Object.entries(params)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", "),
);

const { tree } = quietTree();
tree.mount({ reqparams, extra: { reqparams }, latin: { reqparams }, force: { reqparams }, plain: { reqparams } }, "", {
  "/extra": { "tools.decode.on": true, "tools.decode.defaultEncoding": ["utf-16"] },
  "/latin": { "tools.decode.on": true, "tools.decode.defaultEncoding": "iso-8859-1" },
  "/force": { "tools.decode.on": true, "tools.decode.encoding": "utf-16" },
  "/plain": { "tools.decode.on": true },
});

const UTF8_BODY = Buffer.from("q=\xc2\xa3", "latin1");
const UTF16_BODY = Buffer.from([0xff, 0xfe, 0x71, 0x00, 0x3d, 0xff, 0xfe, 0xa3, 0x00]);

function post(url: string, body: Buffer | string, contentType = "application/x-www-form-urlencoded") {
  return inject(tree, { method: "POST", url, body, headers: { "content-type": contentType } });
}

function badRequest(message: string): string {
  return defaultErrorPage({ status: 400, reason: "Bad Request", message });
}

test("form bodies are UTF-8 by default, and in the declared charset otherwise", async () => {
  assert.equal((await post("/reqparams", UTF8_BODY)).text, "q: £");
  assert.equal((await post("/reqparams", UTF8_BODY, "application/x-www-form-urlencoded;charset=utf-8")).text, "q: £");
  assert.equal((await post("/reqparams", UTF16_BODY, "application/x-www-form-urlencoded;charset=utf-16")).text, "q: £");
  const unknown = await post("/reqparams", UTF8_BODY, "application/x-www-form-urlencoded;charset=foo");
  assert.equal(unknown.status, 400);
  assert.equal(unknown.text, badRequest("The request entity could not be decoded. The following charsets were attempted: ['foo']"));
});

test("defaultEncoding adds charsets tried after UTF-8", async () => {
  const utf16 = await post("/extra/reqparams", UTF16_BODY);
  assert.equal(utf16.status, 200);
  assert.equal(utf16.text, "q: £");
  assert.equal((await post("/extra/reqparams", UTF8_BODY)).text, "q: £");
  assert.equal((await post("/latin/reqparams", "q=%A3&r=%C2%A3")).text, "q: £, r: Â£");
  assert.equal((await post("/latin/reqparams", "q=%C2%A3&r=ok")).text, "q: £, r: ok");
});

test("encoding forces the charset, over the declared one; a body in another → 400", async () => {
  assert.equal((await post("/force/reqparams", UTF16_BODY, "application/x-www-form-urlencoded;charset=utf-8")).text, "q: £");
  const mismatch = await post("/force/reqparams", UTF8_BODY);
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.text, badRequest("The request entity could not be decoded. The following charsets were attempted: ['utf-16']"));
});

test("with the default arguments nothing changes, and invalid UTF-8 is still read leniently", async () => {
  assert.equal((await post("/plain/reqparams", UTF8_BODY)).text, "q: £");
  assert.equal((await post("/plain/reqparams", Buffer.from([0x71, 0x3d, 0xff]))).text, "q: \ufffd");
});

test("every charset of a list is named when none fits", async () => {
  const res = await post("/extra/reqparams", Buffer.from([0x71, 0x3d, 0xff]));
  assert.equal(res.status, 400);
  assert.equal(res.text, badRequest("The request entity could not be decoded. The following charsets were attempted: ['utf-8', 'utf-16']"));
});

test("config validation", () => {
  const { tree: other } = quietTree();
  assert.throws(() => other.mount({}, "/a", { "/": { "tools.decode.encoding": 8 as unknown as string } }), /expected a charset name or a list of them/);
});
