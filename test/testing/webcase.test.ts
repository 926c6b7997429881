import { test } from "node:test";
import assert from "node:assert/strict";
import { expose, HTTPError } from "../../src/index.js";
import { WebCase } from "../../src/testing/index.js";

class Root {
  @expose index() {
    return "Hello world!";
  }

  @expose teapot() {
    throw new HTTPError(418, "Short & stout");
  }
}

test("getPage stores the page and the assertions read it", async () => {
  const web = new WebCase(new Root());
  await web.getPage("/");
  web.assertStatus(200);
  web.assertStatus([200, 204]);
  web.assertHeader("Content-Type", "text/html;charset=utf-8");
  web.assertHeader("Content-Length");
  web.assertNoHeader("ETag");
  web.assertBody("Hello world!");
  web.assertInBody("world");
  web.assertNotInBody("goodbye");
  web.assertMatchesBody(/^Hello \w+!$/);
});

test("assertErrorPage checks the status and the escaped message of the default page", async () => {
  const web = new WebCase(new Root());
  await web.getPage("/teapot");
  web.assertErrorPage(418, "Short & stout");
  assert.throws(() => web.assertErrorPage(404), assert.AssertionError);
});

test("each assertion fails when the page does not match", async () => {
  const web = new WebCase(new Root());
  assert.throws(() => web.page, /call getPage\(\) first/);
  await web.getPage("/");
  assert.throws(() => web.assertStatus(404), assert.AssertionError);
  assert.throws(() => web.assertHeader("Content-Type", "text/plain"), assert.AssertionError);
  assert.throws(() => web.assertHeader("X-Missing"), assert.AssertionError);
  assert.throws(() => web.assertNoHeader("Content-Length"), assert.AssertionError);
  assert.throws(() => web.assertBody("Hello"), assert.AssertionError);
  assert.throws(() => web.assertInBody("goodbye"), assert.AssertionError);
  assert.throws(() => web.assertNotInBody("Hello"), assert.AssertionError);
  assert.throws(() => web.assertMatchesBody(/^Goodbye/), assert.AssertionError);
});
