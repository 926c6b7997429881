import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { expose, config, HTTPError, type Context } from "../../src/index.js";
import { inject } from "../../src/testing/index.js";
import { formatErrorLine } from "../../src/log/error-log.js";

test("a cookie set before a failing finalize is sent once with the error page", async () => {
  const root = {
    index: expose((_p: unknown, ctx: Context) => {
      ctx.response.cookies.set("sid", "abc");
      return { not: "a body" };
    }),
  };
  const res = await inject(root, { url: "/" });
  assert.equal(res.status, 500);
  assert.deepEqual(res.headers.getAll("set-cookie"), ["sid=abc"]);
});

test("a stream replaced by an error page is destroyed, not left open", async () => {
  const stream = new Readable({ read() {} });
  const root = {
    index: config({ "hooks.beforeFinalize": () => { throw new HTTPError(412); } })(expose(() => stream)),
  };
  const res = await inject(root, { url: "/" });
  assert.equal(res.status, 412);
  assert.equal(stream.destroyed, true);
});

test("205 has Content-Length: 0 and no body", async () => {
  const root = {
    index: expose((_p: unknown, ctx: Context) => {
      ctx.response.status = 205;
      return "ignored";
    }),
  };
  const res = await inject(root, { url: "/" });
  assert.equal(res.status, 205);
  assert.equal(res.headers.get("content-length"), "0");
  assert.equal(res.text, "");
});

test("a header value no header can carry is a 500 error page, not a bare failure", async () => {
  const root = {
    index: expose((_p: unknown, ctx: Context) => {
      ctx.response.headers.set("X-Name", "日本");
      return "ok";
    }),
  };
  const res = await inject(root, { url: "/" });
  assert.equal(res.status, 500);
  assert.match(res.text, /<h2>500 Internal Server Error<\/h2>/);
  assert.match(res.text, /invalid character in the value of header X-Name/);
});

test("a newline in a logged message cannot start a line that looks like a record", () => {
  const line = formatErrorLine({ message: "Error in GET /x\n[01/Jan/2026:00:00:00] ENGINE forged", level: "error", context: "HTTP" }, new Date(2026, 0, 1));
  const lines = line.split("\n");
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^\[01\/Jan\/2026:00:00:00\] HTTP Error in GET \/x$/);
  assert.equal(lines[1], "  [01/Jan/2026:00:00:00] ENGINE forged");
});
