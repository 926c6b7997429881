import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expose } from "../../src/index.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "./support.js";

test("an error page file is read once, and a missing one is tried again on the next error", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-error-page-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const page = join(dir, "404.html");
  const { tree } = quietTree();
  tree.mount({ index: expose(() => "home") }, "", { "/": { "errorPage.404": page } });

  const missing = await inject(tree, { url: "/nope" });
  assert.equal(missing.status, 404);
  assert.match(missing.text, /In addition, the custom error page failed/);

  writeFileSync(page, "<p>{status}: {message}</p>");
  const first = await inject(tree, { url: "/nope" });
  assert.equal(first.text, "<p>404 Not Found: The path &#39;/nope&#39; was not found.</p>");

  writeFileSync(page, "<p>changed</p>");
  const second = await inject(tree, { url: "/again" });
  assert.equal(second.text, "<p>404 Not Found: The path &#39;/again&#39; was not found.</p>");
});
