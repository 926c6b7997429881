// convertParams: params checked and converted by a JSON Schema (CherryPy's params tool, test_params).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { popargs } from "../../src/decorators/popargs.js";
import { tools } from "../../src/tools/toolbox.js";
import type { Params } from "../../src/request/request.js";
import { ConfigError } from "../../src/config/errors.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { quietTree } from "../request/support.js";

const SEARCH = {
  type: "object",
  properties: {
    q: { type: "string", minLength: 1 },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 10 },
    exact: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
    ids: { type: "array", items: { type: "integer" } },
  },
  required: ["q"],
} as const;

/** Shows each param with its JS type, so conversions are visible. */
function show(params: Params): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${JSON.stringify(params[k])}:${Array.isArray(params[k]) ? "array" : typeof params[k]}`)
    .join(" ");
}

@popargs("id")
class Items {
  @expose
  @tools.convertParams({ schema: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] } })
  index(params: Params) {
    return show(params);
  }
}

class Root {
  items = new Items();

  @expose
  @tools.convertParams({ schema: SEARCH })
  search(params: Params) {
    return show(params);
  }

  @expose
  @tools.convertParams({ schema: SEARCH, status: 422 })
  strict(params: Params) {
    return show(params);
  }

  @expose
  @tools.convertParams({ schema: SEARCH })
  @tools.jsonOut()
  api(params: Params) {
    return params;
  }
}

const root = new Root();
const invalid = (problems: string, status = 400, reason = "Bad Request") => defaultErrorPage({ status, reason, message: `Invalid parameters: ${problems}` });

test("query params are converted to the schema's types, with defaults", async () => {
  const res = await inject(root, { url: "/search?q=pear&limit=5&exact=true&tags=red&ids=1&ids=2" });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'exact=true:boolean ids=[1,2]:array limit=5:number q="pear":string tags=["red"]:array');
  assert.equal((await inject(root, { url: "/search?q=x" })).text, 'limit=10:number q="x":string');
});

test("form body params are converted too", async () => {
  const res = await inject(root, { method: "POST", url: "/search", body: "q=fig&limit=3", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'limit=3:number q="fig":string');
});

test("a param that does not fit is 400 naming it", async () => {
  const res = await inject(root, { url: "/search?q=x&limit=many" });
  assert.equal(res.status, 400);
  assert.equal(res.text, invalid("limit: must be integer"));
  // An empty value is not a number (CherryPy: "?limit=" → 400).
  const empty = await inject(root, { url: "/search?q=x&limit=" });
  assert.equal(empty.status, 400);
  assert.equal(empty.text, invalid("limit: must be integer"));
});

test("every failing param is listed, missing ones included", async () => {
  const res = await inject(root, { url: "/search?limit=0&exact=maybe&ids=1&ids=two" });
  assert.equal(res.status, 400);
  assert.equal(res.text, invalid("q: is required; limit: must be >= 1; exact: must be boolean; ids.1: must be integer"));
});

test("status sets the error status", async () => {
  const res = await inject(root, { url: "/strict?limit=1" });
  assert.equal(res.status, 422);
  assert.equal(res.text, invalid("q: is required", 422, "Unprocessable Entity"));
});

test("with jsonOut the errors are JSON and the converted params are typed", async () => {
  const bad = await inject(root, { url: "/api?q=" });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json(), { status: 400, message: "Invalid parameters: q: must NOT have fewer than 1 characters" });
  const ok = await inject(root, { url: "/api?q=a&ids=7" });
  assert.deepEqual(ok.json(), { q: "a", ids: [7], limit: 10 });
});

test("path parameters (popargs) are converted", async () => {
  const res = await inject(root, { url: "/items/42/" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "id=42:number");
  const bad = await inject(root, { url: "/items/abc/" });
  assert.equal(bad.status, 400);
  assert.equal(bad.text, invalid("id: must be integer"));
});

test("config turns it on per path, and a bad schema is a config error", async () => {
  const { tree } = quietTree();
  tree.mount({ page: expose((params: Params) => show(params)) }, "", {
    "/page": { "tools.convertParams.on": true, "tools.convertParams.schema": { type: "object", properties: { n: { type: "number" } } } },
  });
  assert.equal((await inject(tree, { url: "/page?n=1.5" })).text, "n=1.5:number");
  const notNumber = await inject(tree, { url: "/page?n=x" });
  assert.equal(notNumber.status, 400);
  assert.equal(notNumber.text, invalid("n: must be number"));
  assert.throws(
    () => tree.mount({}, "/bad", { "/": { "tools.convertParams.schema": { type: "integer", minimum: "one" } } }),
    (error: unknown) => error instanceof ConfigError && /tools\.convertParams\.schema/.test(error.message) && /invalid JSON Schema/.test(error.message),
  );
  assert.throws(() => tree.mount({}, "/bad2", { "/": { "tools.convertParams.status": 200 } }), /expected an error status from 400 to 599/);
});
