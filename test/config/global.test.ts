import { test } from "node:test";
import assert from "node:assert/strict";
import { createConfig } from "../../src/site.js";
import { globalConfig } from "../../src/config/global.js";
import { expose } from "../../src/index.js";
import { inject } from "../../src/testing/index.js";

test("config is the global store and the decorator in one name", async () => {
  const store = createConfig();
  const config = globalConfig(store);

  config.update({ "request.showTracebacks": false });
  assert.equal(config.get("request.showTracebacks"), false);
  assert.equal(config.values["request.showTracebacks"], false);
  assert.equal(store.get("request.showTracebacks"), false);
  assert.throws(() => config.update({ "request.showTraceback": true }), /request\.showTraceback/);

  class Root {
    @expose @config({ "response.headers.X-Decorated": "yes" }) index() {
      return "ok";
    }
  }
  const res = await inject(new Root(), { url: "/" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-decorated"), "yes");
});
