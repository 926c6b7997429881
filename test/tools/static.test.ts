// staticdir, staticfile, serveFile/serveFileobj/serveDownload and the default favicon (CherryPy's test_static, plus traversal and symlink cases).
import { after, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { RequestHeaders } from "../../src/http/headers.js";
import { httpDate } from "../../src/http/dates.js";
import { contentDisposition } from "../../src/http/content-disposition.js";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { VirtualHost } from "../../src/dispatch/virtual-host.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import type { WireResponse } from "../../src/request/write.js";
import { FAVICON } from "../../src/tools/static/favicon.js";
import { serveDownload, serveFile, serveFileobj } from "../../src/tools/static/serve.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject, serve } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { parseByteranges } from "../request/byteranges.js";
import { quietTree, rawExchange } from "../request/support.js";
import type { SectionConfig } from "../../src/config/types.js";

/** One clock for a GET/HEAD pair, so their Date headers agree even when a second ticks between the two. */
function freezeClock(t: TestContext): void {
  const now = Date.now();
  t.mock.method(Date, "now", () => now);
}

/** Config with a deliberately wrong value, past the compile-time types (as a config file would give it). */
const untyped = (section: Record<string, unknown>): SectionConfig => section as SectionConfig;

const HELLO = "Hello, world\r\n";
const base = mkdtempSync(join(tmpdir(), "orchard-static-"));
after(() => rmSync(base, { recursive: true, force: true }));

const dir = join(base, "static");
const outside = join(base, "outside");
const other = join(base, "other");
mkdirSync(join(dir, "css"), { recursive: true });
mkdirSync(join(dir, "sub"));
mkdirSync(join(dir, "img"));
mkdirSync(outside);
mkdirSync(other);
writeFileSync(join(dir, "index.html"), HELLO);
writeFileSync(join(dir, "has space.html"), "spaced out");
writeFileSync(join(dir, "résumé naïve.txt"), "accented");
writeFileSync(join(dir, "css", "style.css"), "body { background-color: blue; }\n");
writeFileSync(join(dir, "sub", "note.txt"), "no index here");
writeFileSync(join(dir, "img", "dot.png"), "not really a png");
writeFileSync(join(dir, "data.xyz"), "custom");
writeFileSync(join(dir, "README"), "no extension");
writeFileSync(join(dir, "empty.txt"), "");
writeFileSync(join(other, "dot.png"), "the other dot");
writeFileSync(join(outside, "secret.txt"), "TOP SECRET");
symlinkSync(join(outside, "secret.txt"), join(dir, "link-out"));
symlinkSync(outside, join(dir, "dir-out"));
symlinkSync(join(dir, "index.html"), join(dir, "link-in.html"));
const BIG = Buffer.alloc(300_000);
for (let i = 0; i < BIG.length; i++) BIG[i] = (i * 7 + (i >> 8)) & 0xff;
writeFileSync(join(dir, "big.bin"), BIG);

const mtime = (path: string) => statSync(path).mtimeMs;
const etagOf = (path: string) => `W/"${statSync(path).size.toString(16)}-${Math.floor(mtime(path)).toString(16)}"`;

class Root {
  @expose index() {
    return "the dynamic root";
  }

  static = {
    dynamic: expose(() => "This is a DYNAMIC page"),
  };

  @expose download(_p: Params, ctx: Context) {
    return serveDownload(ctx, join(dir, "résumé naïve.txt"));
  }

  @expose inline(_p: Params, ctx: Context) {
    return serveFile(ctx, join(dir, "index.html"), { disposition: "inline", name: "hello.html" });
  }

  @expose typedFile(_p: Params, ctx: Context) {
    return serveFile(ctx, join(dir, "README"), { contentType: "text/plain;charset=utf-8" });
  }

  @expose bytesio(_p: Params, ctx: Context) {
    return serveFileobj(ctx, Buffer.from(HELLO), { contentType: "text/plain" });
  }

  @expose streamobj(_p: Params, ctx: Context) {
    return serveFileobj(ctx, Readable.from([Buffer.from("Hello, "), Buffer.from("world\r\n")]), { size: 14, disposition: "attachment", name: "greeting.txt" });
  }

  @expose missing(_p: Params, ctx: Context) {
    return serveFile(ctx, join(dir, "nope.txt"));
  }

  @expose directory(_p: Params, ctx: Context) {
    return serveFile(ctx, dir);
  }

  @expose relative(_p: Params, ctx: Context) {
    return serveFile(ctx, "static/index.html");
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", {
  "/static": { "tools.staticdir.on": true, "tools.staticdir.root": base, "tools.staticdir.dir": "static" },
  "/static/img": { "tools.staticdir.dir": other },
  "/docroot": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.staticdir.index": "index.html" },
  "/follow": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.staticdir.followSymlinksOutside": true },
  "/typed": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.staticdir.contentTypes": { xyz: "application/x-custom", ".TXT": "text/x-notes" } },
  "/matched": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.staticdir.match": "\\.css$" },
  "/style.css": { "tools.staticfile.on": true, "tools.staticfile.filename": join(dir, "css", "style.css") },
  "/gone.css": { "tools.staticfile.on": true, "tools.staticfile.root": base, "tools.staticfile.filename": "static/gone.css" },
  "/zipped": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.gzip.on": true, "tools.gzip.minLength": 0 },
  "/noranges": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "response.ranges": false },
});
const get = (url: string, headers: Record<string, string> = {}, method = "GET", protocol?: "HTTP/1.0") =>
  inject(tree, { url, headers, method, ...(protocol ? { protocol } : {}) });

test("a file: its bytes, Content-Type by extension, Content-Length, Last-Modified, a weak ETag and Accept-Ranges", async (t) => {
  freezeClock(t);
  const path = join(dir, "index.html");
  const res = await get("/static/index.html");
  assert.equal(res.status, 200);
  assert.equal(res.text, HELLO);
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  assert.equal(res.headers.get("content-length"), "14");
  assert.equal(res.headers.get("last-modified"), httpDate(mtime(path)));
  assert.equal(res.headers.get("etag"), etagOf(path));
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.equal(res.headers.has("transfer-encoding"), false);

  const head = await get("/static/index.html", {}, "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.text, "");
  assert.deepEqual(head.headers.entries(), res.headers.entries());

  const css = await get("/static/css/style.css");
  assert.equal(css.headers.get("content-type"), "text/css;charset=utf-8");
  assert.equal(css.text, "body { background-color: blue; }\n");
  const empty = await get("/static/empty.txt");
  assert.equal(empty.status, 200);
  assert.equal(empty.headers.get("content-length"), "0");
  assert.equal(empty.text, "");
});

test("spaces and UTF-8 in file names", async () => {
  assert.equal((await get("/static/has%20space.html")).text, "spaced out");
  const accented = await get(`/static/${encodeURIComponent("résumé naïve.txt")}`);
  assert.equal(accented.status, 200);
  assert.equal(accented.text, "accented");
});

test("Content-Type: unknown and missing extensions are bytes; contentTypes overrides by extension", async () => {
  assert.equal((await get("/static/data.xyz")).headers.get("content-type"), "application/octet-stream");
  assert.equal((await get("/static/README")).headers.get("content-type"), "application/octet-stream");
  assert.equal((await get("/typed/data.xyz")).headers.get("content-type"), "application/x-custom");
  assert.equal((await get("/typed/sub/note.txt")).headers.get("content-type"), "text/x-notes");
  assert.equal((await get("/typed/css/style.css")).headers.get("content-type"), "text/css;charset=utf-8");
});

test("what is not a file falls through to the dispatcher: a dynamic handler, or 404", async () => {
  assert.equal((await get("/static/dynamic")).text, "This is a DYNAMIC page");
  for (const url of ["/static/nothing.html", "/static/sub", "/static/sub/", "/static/", "/static", "/static/index.html/", "/gone.css"]) {
    const res = await get(url);
    assert.equal(res.status, 404, url);
  }
  // Only GET and HEAD are served; other methods go to the dispatcher.
  assert.equal((await get("/static/index.html", {}, "POST")).status, 404);
  assert.equal((await get("/static/dynamic", {}, "POST")).text, "This is a DYNAMIC page");
});

test("index: /docroot/ serves it; /docroot redirects to the slash; a directory without one is a 404", async () => {
  const res = await get("/docroot/");
  assert.equal(res.status, 200);
  assert.equal(res.text, HELLO);
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  const bare = await get("/docroot?x=1");
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get("location"), "http://127.0.0.1/docroot/?x=1");
  assert.equal((await get("/docroot/sub/")).status, 404);
  assert.equal((await get("/docroot/css/style.css")).text, "body { background-color: blue; }\n");
});

test("the deepest section that sets the dir wins: /static/img maps another directory", async () => {
  const res = await get("/static/img/dot.png");
  assert.equal(res.text, "the other dot");
  assert.equal(res.headers.get("content-type"), "image/png");
});

test("match: only matching paths are served", async () => {
  assert.equal((await get("/matched/css/style.css")).status, 200);
  assert.equal((await get("/matched/index.html")).status, 404);
});

test("staticfile serves one file for GET and HEAD", async () => {
  const res = await get("/style.css");
  assert.equal(res.status, 200);
  assert.equal(res.text, "body { background-color: blue; }\n");
  assert.equal(res.headers.get("etag"), etagOf(join(dir, "css", "style.css")));
  assert.equal((await get("/style.css", {}, "HEAD")).headers.get("content-length"), "33");
  assert.equal((await get("/style.css", {}, "DELETE")).status, 404);
});

test("conditional GET: 304 without Content-Type, Content-Length or Content-Disposition; 412 for failed preconditions", async () => {
  const path = join(dir, "index.html");
  const lastModified = httpDate(mtime(path));
  const revalidations: Record<string, string>[] = [
    { "if-none-match": etagOf(path) },
    { "if-modified-since": lastModified },
    { "if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT" },
  ];
  for (const headers of revalidations) {
    const res = await get("/static/index.html", headers);
    assert.equal(res.status, 304, JSON.stringify(headers));
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.get("etag"), etagOf(path));
    assert.equal(res.headers.get("last-modified"), lastModified);
    for (const name of ["content-type", "content-length", "content-disposition", "accept-ranges"]) assert.equal(res.headers.has(name), false, name);
  }
  const inline = await get("/inline", { "if-none-match": etagOf(path) });
  assert.equal(inline.status, 304);
  assert.equal(inline.headers.has("content-disposition"), false);

  assert.equal((await get("/static/index.html", { "if-modified-since": "Sat, 01 Jan 2000 00:00:00 GMT" })).status, 200);
  assert.equal((await get("/static/index.html", { "if-none-match": '"other"' })).status, 200);
  assert.equal((await get("/static/index.html", { "if-match": '"other"' })).status, 412);
  // A weak ETag never satisfies If-Match (strong comparison).
  assert.equal((await get("/static/index.html", { "if-match": etagOf(path) })).status, 412);
  assert.equal((await get("/static/index.html", { "if-match": "*" })).status, 200);
  assert.equal((await get("/static/index.html", { "if-unmodified-since": "Sat, 01 Jan 2000 00:00:00 GMT" })).status, 412);
  assert.equal((await get("/static/index.html", { "if-unmodified-since": lastModified })).status, 200);
});

test("ranges on files: one range, several (multipart/byteranges), 416, HTTP/1.0, If-Range", async () => {
  const one = await get("/static/index.html", { range: "bytes=2-5" });
  assert.equal(one.status, 206);
  assert.equal(one.headers.get("content-range"), "bytes 2-5/14");
  assert.equal(one.headers.get("content-length"), "4");
  assert.equal(one.text, "llo,");

  const multi = await get("/static/index.html", { range: "bytes=4-6,2-5" });
  assert.equal(multi.status, 206);
  assert.equal(multi.headers.get("content-length"), String(multi.body.length));
  const parts = parseByteranges(multi.body, multi.headers.get("content-type"));
  assert.deepEqual(
    parts.map((p) => [p.headers["content-type"], p.headers["content-range"], p.body.toString()]),
    [
      ["text/html;charset=utf-8", "bytes 4-6/14", "o, "],
      ["text/html;charset=utf-8", "bytes 2-5/14", "llo,"],
    ],
  );

  const unsatisfiable = await get("/static/index.html", { range: "bytes=2300-2900" });
  assert.equal(unsatisfiable.status, 416);
  assert.equal(unsatisfiable.headers.get("content-range"), "bytes */14");

  const old = await get("/static/index.html", { range: "bytes=2-5" }, "GET", "HTTP/1.0");
  assert.equal(old.status, 200);
  assert.equal(old.text, HELLO);
  assert.equal(old.headers.has("accept-ranges"), false);

  const lastModified = httpDate(mtime(join(dir, "index.html")));
  assert.equal((await get("/static/index.html", { range: "bytes=2-5", "if-range": lastModified })).status, 206);
  assert.equal((await get("/static/index.html", { range: "bytes=2-5", "if-range": "Sat, 01 Jan 2000 00:00:00 GMT" })).status, 200);
  // The file's ETag is weak, and If-Range needs a strong match: the whole file is sent.
  const weak = await get("/static/index.html", { range: "bytes=2-5", "if-range": etagOf(join(dir, "index.html")) });
  assert.equal(weak.status, 200);
  assert.equal(weak.text, HELLO);

  const off = await get("/noranges/index.html", { range: "bytes=2-5" });
  assert.equal(off.status, 200);
  assert.equal(off.headers.has("accept-ranges"), false);
});

test("ranges of a large file are read from the right offsets", async () => {
  const whole = await get("/static/big.bin");
  assert.deepEqual(whole.body, BIG);
  const span = await get("/static/big.bin", { range: "bytes=1000-200000" });
  assert.equal(span.status, 206);
  assert.equal(span.headers.get("content-range"), `bytes 1000-200000/${BIG.length}`);
  assert.deepEqual(span.body, BIG.subarray(1000, 200001));
  const multi = await get("/static/big.bin", { range: "bytes=0-0,-10,65530-131080" });
  const parts = parseByteranges(multi.body, multi.headers.get("content-type"));
  assert.deepEqual(parts.map((p) => p.headers["content-type"]), ["application/octet-stream", "application/octet-stream", "application/octet-stream"]);
  assert.deepEqual(parts.map((p) => p.body), [BIG.subarray(0, 1), BIG.subarray(BIG.length - 10), BIG.subarray(65530, 131081)]);
});

test("the file is streamed: each chunk waits for the wire to drain", async () => {
  const { writes, drainsSeenAt, out, finished } = slowWire();
  await tree.handle(wireRequest("/static/big.bin", { range: "bytes=0-199999" }), out);
  await finished;
  const body = Buffer.concat(writes);
  assert.deepEqual(body, BIG.subarray(0, 200000));
  assert.ok(writes.length >= 3, `expected several chunks, got ${writes.length}`);
  // write() always says "full": the writer must wait for drain() before each next chunk.
  assert.deepEqual(drainsSeenAt, writes.map((_, i) => i + 1));
});

test("gzip compresses a static text file on the fly; byte ranges are not compressed", async () => {
  const zipped = await get("/zipped/css/style.css", { "accept-encoding": "gzip" });
  assert.equal(zipped.headers.get("content-encoding"), "gzip");
  assert.equal(zipped.headers.has("content-length"), false);
  const { gunzipSync } = await import("node:zlib");
  assert.equal(gunzipSync(zipped.body).toString(), "body { background-color: blue; }\n");
  const part = await get("/zipped/css/style.css", { "accept-encoding": "gzip", range: "bytes=0-3" });
  assert.equal(part.status, 206);
  assert.equal(part.headers.has("content-encoding"), false);
  assert.equal(part.text, "body");
});

/**
 * Paths that try to leave the directory, each with its exact status: the staticdir tool answers 404
 * for whatever could escape (dot-segments plain or encoded, encoded slashes, backslashes, NUL,
 * absolute paths, symlinks out), while a percent-encoding that is not one is a 400 from the
 * pipeline before any tool looks at the path.
 */
const TRAVERSALS: ReadonlyArray<readonly [path: string, status: 404 | 400]> = [
  ["/static/../outside/secret.txt", 404],
  ["/static/css/../../outside/secret.txt", 404],
  ["/static/%2e%2e/outside/secret.txt", 404],
  ["/static/%2E%2E/outside/secret.txt", 404],
  ["/static/%252e%252e/outside/secret.txt", 404],
  ["/static/..%2foutside%2fsecret.txt", 404],
  ["/static/..%2Foutside/secret.txt", 404],
  ["/static/css%2f..%2f..%2foutside%2fsecret.txt", 404],
  ["/static/%2e%2e%2foutside%2fsecret.txt", 404],
  ["/static/%252e%252e%252foutside%252fsecret.txt", 404],
  ["/static/..%5coutside%5csecret.txt", 404],
  ["/static/..\\outside\\secret.txt", 404],
  ["/static/%5c..%5c..%5coutside%5csecret.txt", 404],
  ["/static/index.html%00.css", 404],
  ["/static/%00", 404],
  [`/static/${encodeURIComponent(join(outside, "secret.txt"))}`, 404],
  [`/static/${join(outside, "secret.txt")}`, 404],
  ["/static//" + join(outside, "secret.txt").slice(1), 404],
  ["/static/css%2fstyle.css", 404],
  // Overlong UTF-8 for "..": not UTF-8, so the bytes stay as they are and name no file.
  ["/static/%c0%ae%c0%ae/outside/secret.txt", 404],
  ["/static/./index.html", 404],
  ["/static/link-out", 404],
  ["/static/dir-out/secret.txt", 404],
  ["/static/..%2f%zz", 400],
  ["/static/%", 400],
  ["/static/css%2", 400],
];

const MALFORMED = defaultErrorPage({ status: 400, reason: "Bad Request", message: "Malformed percent-encoding in the request path." });

test("no way out of the directory: dot-segments, encoded slashes and dots, backslashes, NUL, absolute paths and symlinks → 404; a broken escape → 400", async () => {
  for (const [url, status] of TRAVERSALS) {
    const res = await get(url);
    assert.equal(res.status, status, url);
    if (status === 400) assert.equal(res.text, MALFORMED, url);
    assert.doesNotMatch(res.text, /TOP SECRET|background-color|Hello, world/, url);
  }
  // A symlink that stays inside is fine, and followSymlinksOutside lets the others through.
  assert.equal((await get("/static/link-in.html")).text, HELLO);
  assert.equal((await get("/follow/link-out")).text, "TOP SECRET");
  assert.equal((await get("/follow/dir-out/secret.txt")).text, "TOP SECRET");
});

test("over a raw socket, where no client normalizes the path, traversal attempts get the same exact statuses", async (t) => {
  const served = await serve(tree);
  t.after(() => served.close());
  const statusLine = { 404: "HTTP/1.1 404 Not Found\r\n", 400: "HTTP/1.1 400 Bad Request\r\n" };
  for (const [path, status] of TRAVERSALS) {
    const answer = await rawExchange(served.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.ok(answer.startsWith(statusLine[status]), `${path}: ${answer.slice(0, 40)}`);
    if (status === 400) assert.ok(answer.endsWith(`\r\n\r\n${MALFORMED}`), path);
    assert.doesNotMatch(answer, /TOP SECRET/, path);
  }
  // The same socket code fetches a real file, so the statuses above are not a broken client.
  const ok = await rawExchange(served.port, "GET /static/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  assert.ok(ok.startsWith("HTTP/1.1 200 OK\r\n"), ok.slice(0, 40));
  assert.ok(ok.endsWith(`\r\n\r\n${HELLO}`));
});

test("serveFile, serveDownload and serveFileobj from handlers", async () => {
  const download = await get("/download");
  assert.equal(download.status, 200);
  assert.equal(download.text, "accented");
  assert.equal(download.headers.get("content-type"), "application/octet-stream");
  assert.equal(
    download.headers.get("content-disposition"),
    "attachment; filename=\"resume naive.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20na%C3%AFve.txt",
  );
  const inline = await get("/inline");
  assert.equal(inline.headers.get("content-disposition"), 'inline; filename="hello.html"');
  assert.equal(inline.headers.get("content-type"), "text/html;charset=utf-8");
  assert.equal((await get("/typedFile")).headers.get("content-type"), "text/plain;charset=utf-8");

  const bytes = await get("/bytesio");
  assert.equal(bytes.headers.get("content-length"), "14");
  assert.equal(bytes.headers.get("content-type"), "text/plain");
  assert.equal(bytes.text, HELLO);
  const ranged = await get("/bytesio", { range: "bytes=2-5" });
  assert.equal(ranged.status, 206);
  assert.equal(ranged.text, "llo,");

  const stream = await get("/streamobj");
  assert.equal(stream.headers.get("content-length"), "14");
  assert.equal(stream.headers.get("content-disposition"), 'attachment; filename="greeting.txt"');
  assert.equal(stream.text, HELLO);

  assert.equal((await get("/missing")).status, 404);
  assert.equal((await get("/directory")).status, 404);
  assert.equal((await get("/relative")).status, 500);
});

test("Content-Disposition: an ASCII fallback and the exact name in filename*", () => {
  assert.equal(contentDisposition("attachment", "report.pdf"), 'attachment; filename="report.pdf"');
  assert.equal(contentDisposition("attachment", "文件.txt"), "attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.txt");
  assert.equal(contentDisposition("inline", 'say "hi"\\.txt'), "inline; filename=\"say _hi__.txt\"; filename*=UTF-8''say%20%22hi%22%5C.txt");
  assert.equal(contentDisposition("attachment", "100%.txt"), "attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt");
  assert.equal(contentDisposition("attachment", "a\r\nSet-Cookie: x.txt"), "attachment; filename=\"a__Set-Cookie: x.txt\"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x.txt");
  assert.throws(() => contentDisposition("attach ment", "x"), TypeError);
});

test("staticdir under VirtualHost: sections with the host prefix, and section written with or without it", async () => {
  const { tree: hosted } = quietTree();
  hosted.mount(new Root(), "", {
    "/": { "request.dispatch": new VirtualHost({ "www.mydom2.com": "/mydom2" }) },
    "/mydom2/static2": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.staticdir.index": "index.html" },
    "/mydom2/files": { "tools.staticdir.on": true, "tools.staticdir.dir": join(dir, "css"), "tools.staticdir.section": "/mydom2/files" },
    "/mydom2/assets": { "tools.staticdir.on": true, "tools.staticdir.dir": join(dir, "css"), "tools.staticdir.section": "/assets" },
  });
  const host = { host: "www.mydom2.com" };
  assert.equal((await inject(hosted, { url: "/static2/index.html", headers: host })).text, HELLO);
  assert.equal((await inject(hosted, { url: "/static2/", headers: host })).text, HELLO);
  const bare = await inject(hosted, { url: "/static2", headers: host });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get("location"), "http://www.mydom2.com/static2/");
  assert.equal((await inject(hosted, { url: "/files/style.css", headers: host })).status, 200);
  assert.equal((await inject(hosted, { url: "/assets/style.css", headers: host })).status, 200);
  assert.equal((await inject(hosted, { url: "/static2/../outside/secret.txt", headers: host })).status, 404);
  // Another host does not get the prefixed sections.
  assert.equal((await inject(hosted, { url: "/static2/index.html", headers: { host: "other.example" } })).status, 404);
});

test("config attached in code: the section defaults to the app root, or is named with section", async () => {
  // Config attached in code says nothing about its path, so a nested directory names its section.
  @configure({ "tools.staticdir.dir": join(dir, "css"), "tools.staticdir.section": "/assets" })
  class Assets {
    @expose list() {
      return "assets list";
    }
  }
  @tools.staticdir({ dir })
  class Site {
    @expose hello() {
      return "dynamic hello";
    }

    assets = new Assets();
  }
  const { tree: coded } = quietTree();
  coded.mount(new Site(), "");
  assert.equal((await inject(coded, { url: "/index.html" })).text, HELLO);
  assert.equal((await inject(coded, { url: "/hello" })).text, "dynamic hello");
  assert.equal((await inject(coded, { url: "/css/style.css" })).status, 200);
  assert.equal((await inject(coded, { url: "/assets/style.css" })).text, "body { background-color: blue; }\n");
  assert.equal((await inject(coded, { url: "/assets/list" })).text, "assets list");
});

test("a staticdir without dir is a configuration error: 500 naming the key", async () => {
  const { tree: broken } = quietTree();
  broken.mount(new Root(), "", { "/static": { "tools.staticdir.on": true } });
  const res = await inject(broken, { url: "/static/index.html" });
  assert.equal(res.status, 500);
  assert.match(res.text, /tools\.staticdir\.dir/);
  assert.throws(() => quietTree().tree.mount(new Root(), "", { "/": { "tools.staticdir.on": true, "tools.staticdir.dir": dir, "tools.staticdir.match": "(" } }), /not a regular expression/);
  assert.throws(() => quietTree().tree.mount(new Root(), "", { "/": untyped({ "tools.staticdir.on": true, "tools.staticdir.dir": 3 }) }), /expected a string/);
});

test("favicon: a root app at \"\" serves the bundled icon unless it answers /favicon.ico itself", async () => {
  const icon = readFileSync(new URL("../../../src/tools/static/favicon.ico", import.meta.url));
  assert.deepEqual(FAVICON, icon);
  assert.deepEqual(icon.subarray(0, 4), Buffer.from([0, 0, 1, 0]));

  const res = await get("/favicon.ico");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "image/x-icon");
  assert.deepEqual(res.body, icon);
  const again = await get("/favicon.ico", { "if-none-match": res.headers.get("etag")! });
  assert.equal(again.status, 304);
  assert.equal((await get("/favicon.ico", {}, "POST")).status, 404);

  class Own {
    @expose favicon_ico() {
      return "my own icon";
    }
  }
  assert.equal((await inject(new Own(), { url: "/favicon.ico" })).text, "my own icon");

  const { tree: mounted } = quietTree();
  mounted.mount(new Root(), "/app");
  assert.equal((await inject(mounted, { url: "/app/favicon.ico" })).status, 404);

  const { tree: configured } = quietTree();
  configured.mount(new Root(), "", { "/favicon.ico": { "tools.staticfile.on": true, "tools.staticfile.filename": join(dir, "img", "dot.png") } });
  assert.equal((await inject(configured, { url: "/favicon.ico" })).text, "not really a png");
});

/** A GET as a server would hand it over. */
function wireRequest(url: string, headers: Record<string, string>) {
  const pairs: Array<[string, string]> = [["host", "127.0.0.1"], ...Object.entries(headers)];
  return {
    method: "GET",
    url,
    protocol: "HTTP/1.1",
    scheme: "http" as const,
    headers: new RequestHeaders(pairs),
    remote: { ip: "127.0.0.1", port: 40000 },
    local: { ip: "127.0.0.1", port: 80 },
    body: Readable.from([]),
    headerBytes: 64,
  };
}

/** A wire whose write() always reports a full buffer; drain() notes how many chunks had been written when it was called. */
function slowWire(): { writes: Buffer[]; drainsSeenAt: number[]; out: WireResponse; finished: Promise<void> } {
  const writes: Buffer[] = [];
  const drainsSeenAt: number[] = [];
  let sent = false;
  let closed = false;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const out: WireResponse = {
    get headersSent() {
      return sent;
    },
    get closed() {
      return closed;
    },
    onClose: () => undefined,
    writeHead() {
      sent = true;
    },
    write(chunk) {
      writes.push(Buffer.from(chunk));
      return false;
    },
    drain() {
      drainsSeenAt.push(writes.length);
      return new Promise((resolve) => setImmediate(resolve));
    },
    end(chunk) {
      if (chunk !== undefined) writes.push(Buffer.from(chunk));
      closed = true;
      finish();
    },
    destroy() {
      closed = true;
      finish();
    },
  };
  return { writes, drainsSeenAt, out, finished };
}

