// logHeaders: the request headers in the error log when a handler fails unexpectedly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import { HTTPError } from "../../src/request/errors.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose @tools.logHeaders() headers() {
    throw new Error("with headers");
  }
  @expose @tools.logHeaders({ redact: ["X-Secret"] }) redacted() {
    throw new Error("with headers");
  }
  @expose @tools.logHeaders() fine() {
    throw new HTTPError(403);
  }
  @expose plain() {
    throw new Error("no headers");
  }
}

function setup() {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "/app");
  return { tree, errors, summary: () => errors.map((e) => [e.level, e.context, e.message, e.error instanceof Error ? e.error.message : e.error]) };
}

test("logHeaders writes the request headers after the traceback, credentials redacted", async () => {
  const { tree, summary } = setup();
  const headers = { "X-Trace": "abc", Authorization: "Basic c2VjcmV0", Cookie: "session_id=1", "X-Secret": "s3" };
  assert.equal((await inject(tree, { url: "/app/headers", headers })).status, 500);
  assert.equal((await inject(tree, { url: "/app/redacted", headers })).status, 500);
  assert.deepEqual(summary(), [
    ["error", "HTTP", "Error in GET /app/headers", "with headers"],
    ["info", "HTTP", "Request Headers:\n  X-Trace: abc\n  Authorization: [redacted]\n  Cookie: [redacted]\n  X-Secret: s3\n  Host: 127.0.0.1", undefined],
    ["error", "HTTP", "Error in GET /app/redacted", "with headers"],
    ["info", "HTTP", "Request Headers:\n  X-Trace: abc\n  Authorization: Basic c2VjcmV0\n  Cookie: session_id=1\n  X-Secret: [redacted]\n  Host: 127.0.0.1", undefined],
  ]);
});

test("logHeaders is off by default and quiet for HTTPErrors", async () => {
  const { tree, summary } = setup();
  assert.equal((await inject(tree, { url: "/app/fine" })).status, 403);
  assert.deepEqual(summary(), []);
  assert.equal((await inject(tree, { url: "/app/plain" })).status, 500);
  assert.deepEqual(summary(), [["error", "HTTP", "Error in GET /app/plain", "no headers"]]);
});
