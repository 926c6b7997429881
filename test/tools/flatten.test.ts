// flatten: nested iterable bodies made flat (CherryPy's cptools.flatten and its test cases).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

function* inner() {
  yield "con";
  yield "tent";
}

async function* asyncInner() {
  yield "te";
  yield Buffer.from("nt");
}

class Flat {
  @expose string() {
    return "content";
  }
  @expose list() {
    return ["con", "tent"];
  }
  @expose *generator() {
    yield "con";
    yield "tent";
  }
  @expose *nested() {
    yield inner();
  }
  @expose deep() {
    return ["c", [["o"], "n"], (function* () {
      yield [inner()].map(() => "te");
      yield "nt";
    })()];
  }
  @expose async *mixed() {
    yield "con";
    yield asyncInner();
  }
  @expose @configure({ "response.stream": true }) *streamed() {
    yield ["con", inner()];
  }
}

const { tree } = quietTree();
tree.mount(new Flat(), "", { "/": { "tools.flatten.on": true } });

test("a string, a list, a generator and a nested generator all give 'content'", async () => {
  for (const url of ["/string", "/list", "/generator", "/nested", "/deep", "/mixed"]) {
    const res = await inject(tree, { url });
    assert.equal(res.status, 200, url);
    assert.equal(res.text, "content", url);
    assert.equal(res.headers.get("content-length"), "7", url);
  }
});

test("a streamed nested body is flattened as it is written", async () => {
  const res = await inject(tree, { url: "/streamed" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.has("content-length"), false, "written as it comes, not collapsed first");
  assert.equal(res.text, "concontent");
});

test("without the tool a nested body is a 500", async () => {
  const { tree: plain, errors } = quietTree();
  plain.mount(new Flat(), "");
  assert.equal((await inject(plain, { url: "/generator" })).text, "content");
  const res = await inject(plain, { url: "/nested" });
  assert.equal(res.status, 500);
  assert.match(String(errors[0]!.error), /A body chunk must be a string or bytes, got object/);
});
