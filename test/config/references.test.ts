import { test } from "node:test";
import assert from "node:assert/strict";
import { References } from "../../src/config/references.js";
import { ConfigReference } from "../../src/config/values.js";
import { parseConfig } from "../../src/config/file.js";

test("a __proto__ key in a config value stays a key and never becomes a prototype", () => {
  const sections = parseConfig('[/]\ntools.x.map = {"__proto__": {"polluted": true}, "a": 1}\n');
  const resolved = new References().resolve(sections["/"]!["tools.x.map"], {}) as Record<string, unknown>;
  assert.deepEqual(Object.keys(resolved), ["__proto__", "a"]);
  assert.equal(Object.getPrototypeOf(resolved), Object.prototype);
  assert.equal((resolved as { polluted?: boolean }).polluted, undefined);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test("references nested in null-prototype objects are resolved", () => {
  const refs = new References();
  refs.register("Answer", () => 42);
  const value = Object.assign(Object.create(null) as Record<string, unknown>, { inner: new ConfigReference("Answer", []) });
  const resolved = refs.resolve(value, {}) as Record<string, unknown>;
  assert.equal(resolved.inner, 42);
  assert.equal(Object.getPrototypeOf(resolved), null);
});
