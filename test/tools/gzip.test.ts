// gzip: compression by Accept-Encoding (CherryPy's test_encoding testGzip and test_tools testCombinedTools).
import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { brotliDecompressSync, createGunzip, gunzipSync } from "node:zlib";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { tools } from "../../src/tools/toolbox.js";
import { collapse } from "../../src/request/finalize.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, serve } from "../../src/testing/index.js";
import { quietTree, within } from "../request/support.js";

const TEXT = "Hello, world! ".repeat(40);
const SING = "毛泽东: Sing, Little Birdie? ".repeat(20);

const rotate = (bytes: Buffer, by: number) => Buffer.from(bytes.map((b) => (b + by + 256) % 256));

const rotator = tools.register(
  "beforeFinalize",
  async (ctx) => {
    ctx.response.body = rotate(await collapse(ctx.response.body), 3);
  },
  { name: "rotator", priority: 50 },
);

class Rotated {
  @expose @rotator.decorator() index() {
    return TEXT;
  }

  @expose @rotator.decorator() subpath() {
    return TEXT;
  }
}

class Root {
  @expose index() {
    return TEXT;
  }

  @expose short() {
    return "tiny";
  }

  @expose empty() {
    return "";
  }

  @expose png(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "image/png");
    return TEXT;
  }

  @expose typed(params: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", String(params.type));
    return TEXT;
  }

  @expose encoded(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Encoding", "identity");
    return TEXT;
  }

  @expose declared(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Length", Buffer.byteLength(TEXT));
    return TEXT;
  }

  @expose *pieces() {
    yield "Hello, ";
    yield "world! ".repeat(60);
  }

  @expose @configure({ "tools.encode.on": true }) euro() {
    return SING;
  }

  rotated = new Rotated();

  @expose @configure({ "tools.gzip.brotli": true }) br() {
    return TEXT;
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", {
  "/": { "tools.gzip.on": true },
  "/typed": { "tools.gzip.mimeTypes": ["text/*", "application/*+json"] },
  "/rotated/subpath": { "tools.gzip.priority": 10 },
});
const get = (url: string, acceptEncoding?: string, extra: Record<string, string> = {}) =>
  inject(tree, { url, headers: acceptEncoding === undefined ? extra : { "accept-encoding": acceptEncoding, ...extra } });

function assertGzipped(res: Awaited<ReturnType<typeof get>>, text: string | Buffer, coding = "gzip"): void {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-encoding"), coding);
  assert.equal(res.headers.get("vary"), "Accept-Encoding");
  assert.equal(res.headers.get("content-length"), String(res.body.length));
  assert.deepEqual(gunzipSync(res.body), Buffer.isBuffer(text) ? text : Buffer.from(text));
}

function assertPlain(res: Awaited<ReturnType<typeof get>>, text: string): void {
  assert.equal(res.status, 200);
  assert.equal(res.headers.has("content-encoding"), false);
  assert.equal(res.headers.get("vary"), "Accept-Encoding");
  assert.equal(res.text, text);
  assert.equal(res.headers.get("content-length"), String(Buffer.byteLength(text)));
}

test("gzip is used when the client accepts it; Content-Length is the compressed size", async () => {
  assertGzipped(await get("/", "gzip"), TEXT);
  assertGzipped(await get("/", "gzip, deflate, br"), TEXT);
  assertGzipped(await get("/", "gzip,deflate,"), TEXT);
  assertGzipped(await get("/", "*"), TEXT);
  assertGzipped(await get("/", "identity;q=0.5, gzip"), TEXT);
  assertGzipped(await get("/", "identity;q=0, gzip"), TEXT);
  assertGzipped(await get("/", "x-gzip"), TEXT, "x-gzip");
  assertGzipped(await get("/pieces", "gzip"), "Hello, " + "world! ".repeat(60));
  assertGzipped(await get("/declared", "gzip"), TEXT);
});

test("no Accept-Encoding, identity or gzip;q=0: the body as is, still with Vary", async () => {
  assertPlain(await get("/"), TEXT);
  assertPlain(await get("/", ""), TEXT);
  assertPlain(await get("/", "identity"), TEXT);
  assertPlain(await get("/", "gzip;q=0"), TEXT);
  assertPlain(await get("/", "deflate"), TEXT);
  assertPlain(await get("/", "identity, gzip;q=0.5"), TEXT);
});

test("nothing acceptable: 406 'identity, gzip'", async () => {
  for (const header of ["*;q=0", "identity;q=0", "deflate, identity;q=0"]) {
    const res = await get("/", header);
    assert.equal(res.status, 406, header);
    assert.equal(res.text, defaultErrorPage({ status: 406, reason: "Not Acceptable", message: "identity, gzip" }));
  }
});

test("short and empty bodies, unlisted types and encoded responses are left alone", async () => {
  assertPlain(await get("/short", "gzip"), "tiny");
  const empty = await get("/empty", "gzip");
  assert.equal(empty.headers.has("content-encoding"), false);
  assert.equal(empty.headers.get("content-length"), "0");
  assert.equal(empty.headers.get("vary"), "Accept-Encoding");
  assertPlain(await get("/png", "gzip"), TEXT);
  const encoded = await get("/encoded", "gzip");
  assert.equal(encoded.headers.get("content-encoding"), "identity");
  assert.equal(encoded.text, TEXT);
});

test("mimeTypes takes type/* and type/*+suffix patterns", async () => {
  assertGzipped(await get("/typed?type=text/csv", "gzip"), TEXT);
  assertGzipped(await get("/typed?type=application/problem%2Bjson", "gzip"), TEXT);
  assertPlain(await get("/typed?type=application/json", "gzip"), TEXT);
  assertPlain(await get("/typed?type=image/svg%2Bxml", "gzip"), TEXT);
});

test("encode then gzip: the body is UTF-16 inside the gzip", async () => {
  const res = await get("/euro", "gzip", { "accept-charset": "utf-16" });
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-16");
  assertGzipped(res, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SING, "utf16le")]));
});

test("a beforeFinalize tool at 50 runs before gzip; tools.gzip.priority 10 makes gzip run first", async () => {
  const before = await get("/rotated/", "gzip");
  assertGzipped(before, rotate(Buffer.from(TEXT), 3));
  const after = await get("/rotated/subpath", "gzip");
  assert.equal(after.headers.get("content-encoding"), "gzip");
  assert.notDeepEqual(after.body, before.body);
  assert.throws(() => gunzipSync(after.body));
  assert.deepEqual(gunzipSync(rotate(after.body, -3)), Buffer.from(TEXT));
});

test("brotli, when offered, is used if the client prefers it", async () => {
  const br = await get("/br", "br, gzip;q=0.5");
  assert.equal(br.headers.get("content-encoding"), "br");
  assert.equal(br.headers.get("content-length"), String(br.body.length));
  assert.deepEqual(brotliDecompressSync(br.body), Buffer.from(TEXT));
  assertGzipped(await get("/br", "gzip, deflate, br"), TEXT);
  assertGzipped(await get("/", "br, gzip;q=0.5"), TEXT);
});

test("config validation", () => {
  const { tree: other } = quietTree();
  assert.throws(() => other.mount({}, "/a", { "/": { "tools.gzip.compressLevel": 12 } }), /expected an integer from 0 to 9/);
  assert.throws(() => other.mount({}, "/b", { "/": { "tools.gzip.mimeTypes": ["html"] } }), /"html" is not a media type/);
  assert.throws(() => other.mount({}, "/c", { "/": { "tools.gzip.minLength": -1 } }), /expected a number of bytes/);
});

test("a streamed body is compressed on the fly over a real socket, each chunk flushed", async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const root = {
    live: configure({ "response.stream": true, "tools.gzip.on": true })(
      expose(async function* () {
        yield "first part;";
        await gate; // only continues once the client has decompressed the first part
        yield " second part";
      }),
    ),
  };
  const server = await serve(root);
  try {
    const result = await within(
      new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/live`, { headers: { "accept-encoding": "gzip" }, agent: false }, (res) => {
          let text = "";
          const gunzip = res.pipe(createGunzip());
          gunzip.setEncoding("utf8");
          gunzip.on("data", (chunk: string) => {
            text += chunk;
            if (text === "first part;") open();
          });
          gunzip.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
          gunzip.on("error", reject);
        });
        req.on("error", reject);
        req.end();
      }),
      3000,
      "the streamed gzip response",
    );
    assert.equal(result.status, 200);
    assert.equal(result.text, "first part; second part");
    assert.equal(result.headers["content-encoding"], "gzip");
    assert.equal(result.headers["vary"], "Accept-Encoding");
    assert.equal(result.headers["transfer-encoding"], "chunked");
    assert.equal(result.headers["content-length"], undefined);
  } finally {
    open();
    await server.close();
  }
});

test("a short body is still compressed when the client refuses identity", async () => {
  const { tree } = quietTree();
  tree.mount({ index: expose(() => "tiny") }, "", { "/": { "tools.gzip.on": true, "tools.gzip.minLength": 1000 } });
  const plain = await inject(tree, { url: "/", headers: { "accept-encoding": "gzip" } });
  assert.equal(plain.headers.get("content-encoding"), undefined);
  assert.equal(plain.text, "tiny");
  const refused = await inject(tree, { url: "/", headers: { "accept-encoding": "gzip, identity;q=0" } });
  assert.equal(refused.status, 200);
  assert.equal(refused.headers.get("content-encoding"), "gzip");
  assert.equal(gunzipSync(refused.body).toString(), "tiny");
});
