import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml } from "../../src/http/escape.js";

describe("escapeHtml(s)", () => {
  it("escapes the five special characters", () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
  it("escapes a script injection", () => {
    assert.equal(escapeHtml("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  it("returns plain text unchanged", () => {
    assert.equal(escapeHtml("somewhere%20else"), "somewhere%20else");
    assert.equal(escapeHtml(""), "");
  });
  it("does not double-decode entities", () => {
    assert.equal(escapeHtml("&amp;"), "&amp;amp;");
  });
});
