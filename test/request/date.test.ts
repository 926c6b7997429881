import { test } from "node:test";
import assert from "node:assert/strict";
import { expose, config, tools } from "../../src/index.js";
import { inject } from "../../src/testing/index.js";
import { httpDate, parseHttpDate } from "../../src/http/dates.js";

test("Date comes from the response's clock, so Expires - Date is exactly the expires secs", async (t) => {
  const now = Date.UTC(2030, 0, 1, 12, 0, 0, 999);
  t.mock.method(Date, "now", () => now);
  const root = {
    page: tools.expires({ secs: 60, force: true })(expose(() => "cached for a minute")),
  };
  const res = await inject(root, { url: "/page" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("date"), httpDate(now));
  assert.equal(res.headers.get("expires"), httpDate(now + 60_000));
  assert.equal(parseHttpDate(res.headers.get("expires"))! - parseHttpDate(res.headers.get("date"))!, 60_000);
});

test("a Date the handler set is kept", async () => {
  const root = { index: config({ "response.headers.Date": "Sun, 06 Nov 1994 08:49:37 GMT" })(expose(() => "old")) };
  const res = await inject(root, { url: "/" });
  assert.deepEqual(res.headers.getAll("date"), ["Sun, 06 Nov 1994 08:49:37 GMT"]);
});

test("a malformed request.body.multipart is a config error naming the key, not a 400 per request", async () => {
  const { createConfig } = await import("../../src/site.js");
  const store = createConfig();
  assert.throws(
    () => store.update({ "request.body.multipart": { fileSize: "10" } }),
    /request\.body\.multipart: expected an object of fieldSize, parts, fileSize and memoryLimit, each a whole number of 0 or more/,
  );
  assert.throws(() => store.update({ "request.body.multipart": { files: 3 } }), /request\.body\.multipart/);
  store.update({ "request.body.multipart": { fileSize: 10, parts: 0 } });
});
