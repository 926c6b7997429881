// Tutorial 6 (a stylesheet served by staticdir) and the cached JSON resource (ETag, expires, 304), through
// inject, curl as a real client, and raw sockets for traversal attempts no client would send.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { strongEtag } from "../../src/http/etag.js";
import { httpDate } from "../../src/http/dates.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { inject, serve, type Served } from "../../src/testing/index.js";
import { CachedResource, MAX_AGE, mountCachedResource } from "../../services/cached-resource.js";
import { PUBLIC_DIR, StringGenerator, mountTutorial6 } from "../../services/tutorials/tutorial6-static-content.js";
import { quietTree, rawExchange } from "../request/support.js";
import { HANG_MS } from "../bounds.js";

const STYLE_PATH = join(PUBLIC_DIR, "css", "style.css");
const STYLE = readFileSync(STYLE_PATH, "utf8");
const STYLE_ETAG = `W/"${statSync(STYLE_PATH).size.toString(16)}-${Math.floor(statSync(STYLE_PATH).mtimeMs).toString(16)}"`;

const resource = new CachedResource();
const { tree } = quietTree();
mountTutorial6(tree, "/tutorial6");
mountCachedResource(tree, "/cached", resource);

describe("Tutorial 6: a stylesheet served by staticdir", () => {
  it("the page links the stylesheet relative to itself", async () => {
    const page = await inject(tree, { url: "/tutorial6/" });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("content-type"), "text/html;charset=utf-8");
    assert.equal(
      page.text,
      `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<link href="static/css/style.css" rel="stylesheet">
</head>
<body>
<form method="get" action="generate">
<input type="text" value="8" name="length">
<button type="submit">Give it now!</button>
</form>
</body>
</html>
`,
    );
    assert.equal(page.text, new StringGenerator().index());
    // Random hex: only its shape can be checked.
    const generated = await inject(tree, { url: "/tutorial6/generate?length=12" });
    assert.match(generated.text, /^[0-9a-f]{12}$/);
  });

  it("serves public/css/style.css at /static/css/style.css: blue, with validators", async () => {
    assert.equal(STYLE, "body {\n  background-color: blue;\n}\n");
    const res = await inject(tree, { url: "/tutorial6/static/css/style.css" });
    assert.equal(res.status, 200);
    assert.equal(res.text, STYLE);
    assert.equal(res.headers.get("content-type"), "text/css;charset=utf-8");
    assert.equal(res.headers.get("content-length"), String(Buffer.byteLength(STYLE)));
    assert.equal(res.headers.get("etag"), STYLE_ETAG);
    assert.equal(res.headers.get("last-modified"), httpDate(statSync(STYLE_PATH).mtimeMs));
    const again = await inject(tree, { url: "/tutorial6/static/css/style.css", headers: { "if-none-match": STYLE_ETAG } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal((await inject(tree, { url: "/tutorial6/static/css/missing.css" })).status, 404);
  });
});

describe("services/cached-resource.ts: JSON with an ETag and an expiry", () => {
  // A fixed clock (with milliseconds, which HTTP dates drop): the response's time, so its Expires, is known exactly.
  const NOW = Date.UTC(2030, 0, 1, 12, 0, 0, 999);
  const MODIFIED = Date.UTC(2029, 11, 31, 8, 30, 15, 250);

  it("GET: the document, a strong ETag of its bytes, Last-Modified, Cache-Control and Expires = response time + MAX_AGE", async (t) => {
    const local = new CachedResource();
    local.update({ name: "orchard", version: "0.1.0", channels: ["stable", "next"] }, MODIFIED);
    const { tree: own } = quietTree();
    mountCachedResource(own, "", local);
    t.mock.method(Date, "now", () => NOW);
    const res = await inject(own, { url: "/" });
    assert.equal(res.status, 200);
    assert.equal(res.text, '{"name":"orchard","version":"0.1.0","channels":["stable","next"]}');
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(res.headers.get("etag"), strongEtag(res.body));
    assert.equal(res.headers.get("cache-control"), `max-age=${MAX_AGE}`);
    assert.equal(res.headers.get("last-modified"), "Mon, 31 Dec 2029 08:30:15 GMT");
    assert.equal(MAX_AGE, 300);
    assert.equal(res.headers.get("expires"), "Tue, 01 Jan 2030 12:05:00 GMT");
    assert.equal(res.headers.get("expires"), httpDate(NOW + MAX_AGE * 1000));
  });

  it("If-None-Match with the ETag, or If-Modified-Since with the date → 304 with the validators and no body", async (t) => {
    t.mock.method(Date, "now", () => NOW);
    const first = await inject(tree, { url: "/cached/" });
    assert.equal(first.headers.get("expires"), "Tue, 01 Jan 2030 12:05:00 GMT");
    const etag = first.headers.get("etag")!;
    for (const headers of [{ "if-none-match": etag }, { "if-modified-since": first.headers.get("last-modified")! }] as Record<string, string>[]) {
      const res = await inject(tree, { url: "/cached/", headers });
      assert.equal(res.status, 304, JSON.stringify(headers));
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.get("etag"), etag);
      assert.equal(res.headers.get("cache-control"), `max-age=${MAX_AGE}`);
      assert.equal(res.headers.get("expires"), first.headers.get("expires"));
      assert.equal(res.headers.get("last-modified"), first.headers.get("last-modified"));
      assert.equal(res.headers.has("content-type"), false);
      assert.equal(res.headers.has("content-length"), false);
    }
    const stale = await inject(tree, { url: "/cached/", headers: { "if-none-match": '"an old tag"' } });
    assert.equal(stale.status, 200);
    assert.deepEqual(stale.body, first.body);
  });

  it("after an update the old ETag no longer matches", async () => {
    const local = new CachedResource();
    const { tree: own } = quietTree();
    mountCachedResource(own, "", local);
    const before = await inject(own, { url: "/" });
    local.update({ name: "orchard", version: "0.2.0", channels: ["stable"] }, Date.now() + 2000);
    const after = await inject(own, { url: "/", headers: { "if-none-match": before.headers.get("etag")! } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get("etag"), before.headers.get("etag"));
    assert.equal((after.json() as { version: string }).version, "0.2.0");
  });
});

describe("over the wire", () => {
  let served: Served;
  before(async () => {
    served = await serve(tree);
  });
  after(() => served.close());

  const run = promisify(execFile);
  // Probed before any server runs in this process, so a blocking call is fine here.
  const curlMissing = spawnSync("curl", ["--version"], { timeout: HANG_MS }).status === 0 ? undefined : "curl is not installed";
  // In CI curl is required; elsewhere its absence skips these cases with a message.
  const skipCurl = process.env.CI === "true" ? false : curlMissing ?? false;

  /** `curl -s -D - URL ...`: the status, the headers (lowercase names) and the body. */
  async function curl(path: string, ...args: string[]) {
    const { stdout } = await run("curl", ["-s", "-D", "-", "--max-time", String(HANG_MS / 1000), ...args, `${served.url}${path}`], { encoding: "buffer", timeout: HANG_MS + 5000 });
    const end = stdout.indexOf("\r\n\r\n");
    const head = stdout.subarray(0, end).toString("latin1").split("\r\n");
    const headers = new Map(head.slice(1).map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
    return { status: Number(head[0]!.split(" ")[1]), headers, body: stdout.subarray(end + 4) };
  }

  it("curl: the stylesheet, a byte range of it, and a 304 for its ETag", { skip: skipCurl }, async () => {
    assert.equal(curlMissing, undefined, "CI=true: curl must be installed for these tests");
    const full = await curl("/tutorial6/static/css/style.css");
    assert.equal(full.status, 200);
    assert.equal(full.body.toString(), STYLE);
    assert.equal(full.headers.get("accept-ranges"), "bytes");
    const ranged = await curl("/tutorial6/static/css/style.css", "-r", "2-5");
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get("content-range"), `bytes 2-5/${Buffer.byteLength(STYLE)}`);
    assert.equal(ranged.body.toString(), STYLE.slice(2, 6));
    const twoParts = await curl("/tutorial6/static/css/style.css", "-r", "0-3,-2");
    assert.equal(twoParts.status, 206);
    assert.match(twoParts.headers.get("content-type") ?? "", /^multipart\/byteranges; boundary=/);
    assert.equal(twoParts.headers.get("content-length"), String(twoParts.body.length));
    const cached = await curl("/tutorial6/static/css/style.css", "-H", `If-None-Match: ${full.headers.get("etag")}`);
    assert.equal(cached.status, 304);
    assert.equal(cached.body.length, 0);
  });

  it("curl: the cached resource, then a 304 for its ETag", { skip: skipCurl }, async () => {
    assert.equal(curlMissing, undefined, "CI=true: curl must be installed for these tests");
    const first = await curl("/cached/");
    assert.equal(first.status, 200);
    assert.deepEqual(JSON.parse(first.body.toString()), JSON.parse(JSON.stringify((await inject(tree, { url: "/cached/" })).json())));
    const etag = first.headers.get("etag")!;
    assert.equal(etag, strongEtag(first.body));
    const second = await curl("/cached/", "-H", `If-None-Match: ${etag}`);
    assert.equal(second.status, 304);
    assert.equal(second.headers.get("etag"), etag);
    assert.equal(second.headers.get("cache-control"), `max-age=${MAX_AGE}`);
    assert.equal(second.body.length, 0);
  });

  it("raw socket: traversal out of the static directory is a 404 (a malformed escape a 400), never a file", async () => {
    // The staticdir tool answers 404 for any path that could leave its directory; a percent-encoding
    // that is not one is refused by the pipeline with 400 before any tool reads the path.
    const attempts: ReadonlyArray<readonly [path: string, status: 404 | 400]> = [
      ["/tutorial6/static/../tutorial6-static-content.ts", 404],
      ["/tutorial6/static/../../cached-resource.ts", 404],
      ["/tutorial6/static/%2e%2e/tutorial6-static-content.ts", 404],
      ["/tutorial6/static/%2E%2E/%2E%2E/cached-resource.ts", 404],
      ["/tutorial6/static/%252e%252e/tutorial6-static-content.ts", 404],
      ["/tutorial6/static/..%2ftutorial6-static-content.ts", 404],
      ["/tutorial6/static/css%2f..%2f..%2ftutorial6-static-content.ts", 404],
      ["/tutorial6/static/..%5ctutorial6-static-content.ts", 404],
      ["/tutorial6/static/..\\tutorial6-static-content.ts", 404],
      ["/tutorial6/static/css/style.css%00.txt", 404],
      [`/tutorial6/static/${encodeURIComponent("/etc/passwd")}`, 404],
      ["/tutorial6/static//etc/passwd", 404],
      ["/tutorial6/static/css%2fstyle.css", 404],
      ["/tutorial6/static/..%2f%zz", 400],
      ["/tutorial6/static/css/%", 400],
    ];
    const malformed = defaultErrorPage({ status: 400, reason: "Bad Request", message: "Malformed percent-encoding in the request path." });
    for (const [path, status] of attempts) {
      const answer = await rawExchange(served.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const statusLine = status === 404 ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 400 Bad Request\r\n";
      assert.ok(answer.startsWith(statusLine), `${path} → ${answer.slice(0, 60)}`);
      if (status === 400) assert.ok(answer.endsWith(`\r\n\r\n${malformed}`), path);
      assert.doesNotMatch(answer, /isMainModule|root:x:0|background-color/, path);
    }
    // The same socket code does fetch the real file, so the 404s above are not a broken client.
    const ok = await rawExchange(served.port, "GET /tutorial6/static/css/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert.match(ok, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(ok.endsWith(STYLE));
  });
});
