import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isBodylessStatus, reasonPhrase } from "../../src/http/status.js";

describe("reasonPhrase(status)", () => {
  it("gives the standard phrase", () => {
    assert.equal(reasonPhrase(200), "OK");
    assert.equal(reasonPhrase(404), "Not Found");
    assert.equal(reasonPhrase(416), "Range Not Satisfiable");
    assert.equal(reasonPhrase(431), "Request Header Fields Too Large");
  });
  it("falls back to Unknown", () => {
    assert.equal(reasonPhrase(299), "Unknown");
    assert.equal(reasonPhrase(781), "Unknown");
    assert.equal(reasonPhrase(Number.NaN), "Unknown");
  });
});

describe("isBodylessStatus(status)", () => {
  for (const status of [100, 101, 103, 199, 204, 205, 304]) {
    it(`${status} has no body`, () => assert.equal(isBodylessStatus(status), true));
  }
  for (const status of [200, 201, 206, 301, 303, 400, 404, 412, 500]) {
    it(`${status} may have a body`, () => assert.equal(isBodylessStatus(status), false));
  }
});
