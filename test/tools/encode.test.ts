// encode: the response charset from Accept-Charset (CherryPy's test_encoding testEncoding and test_nontext).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { tools } from "../../src/tools/toolbox.js";
import { quietTree } from "../request/support.js";

const SING = "毛泽东: Sing, Little Birdie?";
const SING8 = Buffer.from(SING, "utf8");
const SING16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SING, "utf16le")]);
const CAFE = "Café crème";

class Root {
  @expose mao(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Length", SING8.length);
    return SING;
  }

  @expose cafe() {
    return CAFE;
  }

  @expose *pieces() {
    yield "毛泽东: ";
    yield Buffer.from("Sing, ");
    yield "Little Birdie?";
  }

  @expose @configure({ "tools.encode.encoding": "utf-8" }) utf8() {
    return SING;
  }

  @expose plain(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "text/plain; format=flowed; charset=iso-8859-1");
    return CAFE;
  }

  @expose json(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "application/json");
    return '{"name":"毛泽东"}';
  }

  @expose @configure({ "tools.encode.textOnly": false }) nontext(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "application/binary");
    return Buffer.from([0, 1, 2, 3]);
  }

  @expose @configure({ "tools.encode.addCharset": false }) unlabelled(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "text/plain");
    return CAFE;
  }

  @expose @configure({ "tools.encode.defaultEncoding": "iso-8859-1" }) latinDefault() {
    return SING;
  }

  @expose @configure({ "response.stream": true }) streamed() {
    return Readable.from(["毛泽东", ": Sing"]);
  }

  @expose @configure({ "response.stream": true, "tools.encode.encoding": "iso-8859-1" }) *latinStream() {
    yield "Café, ";
    yield "毛泽东";
  }
}

const { tree, errors } = quietTree();
tree.mount(new Root(), "", { "/": { "tools.encode.on": true } });
const get = (url: string, charset?: string) => inject(tree, { url, headers: charset === undefined ? {} : { "accept-charset": charset } });

function notAcceptable(message: string): string {
  return defaultErrorPage({ status: 406, reason: "Not Acceptable", message });
}

test("without Accept-Charset the body is UTF-8 and Content-Type says so", async () => {
  const res = await get("/mao");
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, SING8);
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  assert.equal(res.headers.get("content-length"), String(SING8.length));
});

test("Accept-Charset utf-16 gives a BOM and little-endian UTF-16, and a recomputed Content-Length", async () => {
  const res = await get("/mao", "utf-16");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-16");
  assert.deepEqual(res.body, SING16);
  assert.equal(res.headers.get("content-length"), String(SING16.length));
});

test("charsets are tried in q order: ISO-8859-1 cannot hold the text, so utf-16 is used", async () => {
  const res = await get("/mao", "iso-8859-1;q=1, utf-16;q=0.5");
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-16");
  assert.deepEqual(res.body, SING16);
  const latin = await get("/cafe", "iso-8859-1;q=1, utf-16;q=0.5");
  assert.equal(latin.headers.get("content-type"), "text/html;charset=iso-8859-1");
  assert.deepEqual(latin.body, Buffer.from(CAFE, "latin1"));
  const be = await get("/cafe", "utf-16be");
  assert.equal(be.headers.get("content-type"), "text/html;charset=utf-16be");
  assert.deepEqual(be.body, Buffer.from(CAFE, "utf16le").swap16());
});

test("* means the default encoding", async () => {
  const res = await get("/mao", "*;q=1, utf-7;q=.2");
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  assert.deepEqual(res.body, SING8);
});

test("ISO-8859-1 is acceptable unless the header names it or has *", async () => {
  const implied = await get("/cafe", "utf-7");
  assert.equal(implied.status, 200);
  assert.equal(implied.headers.get("content-type"), "text/html;charset=iso-8859-1");
  assert.deepEqual(implied.body, Buffer.from(CAFE, "latin1"));

  const excluded = await get("/cafe", "utf-7, iso-8859-1;q=0");
  assert.equal(excluded.status, 406);
  assert.equal(excluded.text, notAcceptable("Your client sent this Accept-Charset header: utf-7, iso-8859-1;q=0. We tried these charsets: utf-7."));
});

test("no charset the client accepts can hold the text: 406 naming what was tried", async () => {
  const only = await get("/mao", "iso-8859-1, *;q=0");
  assert.equal(only.status, 406);
  assert.equal(only.text, notAcceptable("Your client sent this Accept-Charset header: iso-8859-1, *;q=0. We tried these charsets: iso-8859-1."));

  const unknown = await get("/mao", "us-ascii, ISO-8859-1, x-mac-ce");
  assert.equal(unknown.status, 406);
  assert.equal(
    unknown.text,
    notAcceptable("Your client sent this Accept-Charset header: us-ascii, ISO-8859-1, x-mac-ce. We tried these charsets: iso-8859-1, us-ascii, x-mac-ce."),
  );
});

test("a forced encoding is used when the client takes it, else 406", async () => {
  assert.deepEqual((await get("/utf8")).body, SING8);
  assert.deepEqual((await get("/utf8", "utf-8, utf-16")).body, SING8);
  const refused = await get("/utf8", "us-ascii, ISO-8859-1");
  assert.equal(refused.status, 406);
  assert.equal(refused.text, notAcceptable("Your client sent this Accept-Charset header: us-ascii, ISO-8859-1. We tried these charsets: utf-8."));
});

test("a default encoding that cannot hold the text is a server error", async () => {
  const res = await get("/latinDefault");
  assert.equal(res.status, 500);
  assert.equal(res.text, defaultErrorPage({ status: 500, reason: "Internal Server Error", message: "The response body could not be encoded in iso-8859-1." }));
  assert.equal((await get("/latinDefault", "*")).status, 406);
  assert.equal((await get("/latinDefault", "utf-8")).headers.get("content-type"), "text/html;charset=utf-8");
});

test("string and byte chunks of a buffered body: strings are encoded, bytes kept", async () => {
  const res = await get("/pieces", "utf-16le, utf-8;q=0.5");
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-16le");
  assert.deepEqual(res.body, Buffer.concat([Buffer.from("毛泽东: ", "utf16le"), Buffer.from("Sing, "), Buffer.from("Little Birdie?", "utf16le")]));
});

test("the charset replaces the one in Content-Type; other parameters stay", async () => {
  const res = await get("/plain", "utf-16le");
  assert.equal(res.headers.get("content-type"), "text/plain; format=flowed;charset=utf-16le");
  assert.deepEqual(res.body, Buffer.from(CAFE, "utf16le"));
});

test("non-text types are left alone unless textOnly is false", async () => {
  const json = await get("/json", "utf-16");
  assert.equal(json.headers.get("content-type"), "application/json");
  assert.equal(json.text, '{"name":"毛泽东"}');
  const binary = await get("/nontext");
  assert.equal(binary.headers.get("content-type"), "application/binary;charset=utf-8");
  assert.deepEqual(binary.body, Buffer.from([0, 1, 2, 3]));
});

test("addCharset false encodes without touching Content-Type", async () => {
  const res = await get("/unlabelled", "iso-8859-1");
  assert.equal(res.headers.get("content-type"), "text/plain");
  assert.deepEqual(res.body, Buffer.from(CAFE, "latin1"));
});

test("a streamed body is encoded chunk by chunk, with one BOM", async () => {
  const res = await get("/streamed", "utf-16");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-16");
  assert.equal(res.headers.has("content-length"), false);
  assert.deepEqual(res.body, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("毛泽东: Sing", "utf16le")]));
});

test("a streamed chunk the charset cannot hold cuts the stream after what was sent", async () => {
  errors.length = 0;
  const res = await get("/latinStream");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html;charset=iso-8859-1");
  assert.equal(res.aborted, true);
  assert.deepEqual(res.body, Buffer.from("Café, ", "latin1"));
  assert.match(String(errors.at(-1)?.error), /cannot be encoded in iso-8859-1/);
});

test("config validation names the charsets Orchard can write", () => {
  const { tree: other } = quietTree();
  assert.throws(() => other.mount({}, "/a", { "/": { "tools.encode.encoding": "koi8-r" } }), /Orchard cannot encode koi8-r; it knows utf-8, iso-8859-1/);
  assert.throws(() => other.mount({}, "/b", { "/": { "tools.encode.textOnly": "no" as unknown as boolean } }), /expected a boolean/);
});

test("encode (70) wraps jsonOut (30): the JSON text is what gets encoded", async () => {
  const root = { index: tools.encode({ textOnly: false })(tools.jsonOut()(expose(() => ({ name: "Zoë" })))) };
  const res = await inject(root, { url: "/", headers: { "accept-charset": "utf-16" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json;charset=utf-16");
  assert.deepEqual(res.body, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name":"Zoë"}', "utf16le")]));
});
