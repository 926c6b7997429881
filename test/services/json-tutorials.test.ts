// Tutorials 7 (REST) and 8 (Ajax) with JSON in and out, requested the way their clients do.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inject, serve, type InjectResponse } from "../../src/testing/index.js";
import { Tree } from "../../src/tree/tree.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { StringGeneratorWebService, config as restConfig } from "../../services/tutorials/tut07-rest-json.js";
import { PAGE, StringGenerator, config as ajaxConfig } from "../../services/tutorials/tut08-ajax-json.js";

const JSON_TYPE = "application/json";
const JSON_HEADERS = { "Content-Type": JSON_TYPE };

function quietTree(): Tree {
  return new Tree(createConfig(), new LogManager({ screen: false }));
}

/** A fresh tut07 service (its own string) at "". */
function restService(): Tree {
  const tree = quietTree();
  tree.mount(new StringGeneratorWebService(), "", restConfig);
  return tree;
}

function assertJson(res: InjectResponse, status: number, body: unknown): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get("Content-Type"), JSON_TYPE);
  assert.deepEqual(res.json(), body);
}

describe("tut07: REST with JSON", () => {
  it("walks the resource through POST, GET, PUT and DELETE", async () => {
    const tree = restService();
    assertJson(await inject(tree, { url: "/" }), 404, { status: 404, message: "No string yet: POST one first." });

    const created = await inject(tree, { method: "POST", url: "/", body: { length: 12 } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get("Content-Type"), JSON_TYPE);
    const { string } = created.json<{ string: string }>();
    assert.match(string, /^[0-9a-f]{12}$/);
    assert.equal(created.text, `{"string":"${string}"}`);
    assertJson(await inject(tree, { url: "/" }), 200, { string });

    assertJson(await inject(tree, { method: "PUT", url: "/", body: { string: "hello" } }), 200, { string: "hello" });
    assertJson(await inject(tree, { url: "/" }), 200, { string: "hello" });

    const deleted = await inject(tree, { method: "DELETE", url: "/" });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");
    assert.equal((await inject(tree, { url: "/" })).status, 404);
  });

  it("makes 8 characters from an empty POST", async () => {
    const res = await inject(restService(), { method: "POST", url: "/", headers: { "Content-Length": "0" } });
    assert.equal(res.status, 201);
    assert.match(res.json<{ string: string }>().string, /^[0-9a-f]{8}$/);
  });

  it("refuses bodies that do not match the schemas, as JSON", async () => {
    const tree = restService();
    const cases: Array<[string, object, string]> = [
      ["POST", { length: 0 }, "/length: must be >= 1"],
      ["POST", { length: "8" }, "/length: must be integer"],
      ["POST", { length: 65 }, "/length: must be <= 64"],
      ["POST", { size: 3 }, "/size: is not allowed"],
      ["PUT", {}, "/string: is required"],
      ["PUT", { string: 5 }, "/string: must be string"],
    ];
    for (const [method, body, problem] of cases) {
      const res = await inject(tree, { method, url: "/", body });
      assertJson(res, 400, { status: 400, message: `The JSON document does not match the schema: ${problem}` });
    }
    assertJson(await inject(tree, { method: "PUT", url: "/", body: "{oops", headers: JSON_HEADERS }), 400, {
      status: 400,
      message: `Invalid JSON document: ${jsonSyntaxError("{oops")}`,
    });
    assertJson(await inject(tree, { method: "PUT", url: "/" }), 411, { status: 411, message: "A JSON body is required, with a Content-Length (or chunked)." });
    assertJson(await inject(tree, { method: "PUT", url: "/", body: "string=hello", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415, {
      status: 415,
      message: "Expected an entity of content type application/json, application/*+json",
    });
  });

  it("answers other methods with a JSON 405 and Allow", async () => {
    const res = await inject(restService(), { method: "PATCH", url: "/", body: {} });
    assertJson(res, 405, { status: 405, message: "The method is not allowed for this resource." });
    assert.equal(res.headers.get("Allow"), "DELETE, GET, HEAD, POST, PUT");
  });
});

describe("tut08: Ajax with JSON", () => {
  it("serves the page, whose script calls the API with fetch and relative URLs", async () => {
    const tree = quietTree();
    tree.mount(new StringGenerator(), "", ajaxConfig);
    const res = await inject(tree, { url: "/" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("Content-Type"), "text/html;charset=utf-8");
    assert.equal(res.text, PAGE);
    assert.match(res.text, /const api = "generator";/);
    assert.match(res.text, /await fetch\(api, init\)/);
  });

  it("answers the page's calls under a mount point, over a real socket", async () => {
    const tree = quietTree();
    tree.mount(new StringGenerator(), "/tut08", ajaxConfig);
    const served = await serve(tree);
    try {
      const page = await fetch(`${served.url}/tut08/`);
      assert.equal(page.status, 200);
      // The page's "generator" resolves against /tut08/.
      const api = new URL("generator", page.url).href;
      assert.equal(api, `${served.url}/tut08/generator`);
      const created = await fetch(api, { method: "POST", headers: { ...JSON_HEADERS, Accept: JSON_TYPE }, body: JSON.stringify({ length: 5 }) });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get("content-type"), JSON_TYPE);
      const { string } = (await created.json()) as { string: string };
      assert.match(string, /^[0-9a-f]{5}$/);
      const replaced = await fetch(api, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ string: "mine" }) });
      assert.deepEqual(await replaced.json(), { string: "mine" });
      const deleted = await fetch(api, { method: "DELETE" });
      assert.equal(deleted.status, 204);
      assert.equal(await deleted.text(), "");
      const gone = await fetch(api);
      assert.equal(gone.status, 404);
      assert.deepEqual(await gone.json(), { status: 404, message: "No string yet: POST one first." });
    } finally {
      await served.close();
    }
  });
});

function jsonSyntaxError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a syntax error");
}
