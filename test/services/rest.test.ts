// The REST examples in services/rest/, one per dispatcher, through HTTP as a client meets them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inject, serve, type InjectOptions } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { mountStringGenerator } from "../../services/rest/method-dispatch.js";
import { BookStore, mountBooksApi } from "../../services/rest/routes-api.js";
import { mountTwoHosts } from "../../services/rest/two-hosts.js";
import { quietTree } from "../cases/dispatchers.js";
import { httpGet, within } from "../request/support.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const HTML = "text/html;charset=utf-8";
const METHOD_NOT_ALLOWED = defaultErrorPage({ status: 405, reason: "Method Not Allowed", message: "The method is not allowed for this resource." });
const notFound = (message: string) => defaultErrorPage({ status: 404, reason: "Not Found", message });
const badRequest = (message: string) => defaultErrorPage({ status: 400, reason: "Bad Request", message });

describe("services/rest/method-dispatch.ts (MethodDispatcher)", () => {
  const { tree } = quietTree();
  mountStringGenerator(tree, "/strings");
  const request = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url: `/strings${url}` });
  const ALLOW = "DELETE, GET, HEAD, POST, PUT";

  it("answers GET with 404 until a string exists", async () => {
    const res = await request("/");
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), HTML);
    assert.equal(res.text, notFound("There is no string yet: POST to make one."));
    assert.equal(res.headers.get("allow"), ALLOW);
  });

  it("POST makes a string of ?length hex digits that GET then returns", async () => {
    const post = await request("/?length=12", { method: "POST" });
    assert.equal(post.status, 200);
    assert.match(post.text, /^[0-9a-f]{12}$/);
    assert.equal(post.headers.get("content-type"), "text/plain;charset=utf-8");
    const get = await request("/");
    assert.equal(get.status, 200);
    assert.equal(get.text, post.text);
    assert.equal(get.headers.get("allow"), ALLOW);
    assert.match((await request("/", { method: "POST" })).text, /^[0-9a-f]{8}$/);
  });

  it("refuses a length that is not a whole number from 1 to 1024, keeping the string it has", async () => {
    const kept = await request("/", { method: "PUT", body: "anotherString=kept", headers: FORM });
    assert.equal(kept.status, 200);
    for (const length of ["0", "abc", "1.5", "1025", ""]) {
      const res = await request(`/?length=${length}`, { method: "POST" });
      assert.equal(res.status, 400, length);
      assert.equal(res.headers.get("content-type"), HTML, length);
      assert.equal(res.headers.get("allow"), ALLOW, length);
      assert.equal(res.text, badRequest("length must be a whole number from 1 to 1024."), length);
    }
    assert.equal((await request("/")).text, "kept");
    // The bounds themselves are accepted.
    assert.equal((await request("/?length=1", { method: "POST" })).text.length, 1);
    assert.equal((await request("/?length=1024", { method: "POST" })).text.length, 1024);
  });

  it("PUT replaces the string, DELETE forgets it", async () => {
    const put = await request("/", { method: "PUT", body: "anotherString=hello", headers: FORM });
    assert.equal(put.status, 200);
    assert.equal(put.text, "");
    assert.equal((await request("/")).text, "hello");
    const noValue = await request("/", { method: "PUT" });
    assert.equal(noValue.status, 400);
    assert.equal(noValue.text, badRequest("PUT needs one anotherString value."));
    assert.equal((await request("/")).text, "hello");
    const del = await request("/", { method: "DELETE" });
    assert.equal(del.status, 200);
    assert.equal(del.text, "");
    assert.equal(del.headers.get("content-length"), "0");
    const gone = await request("/");
    assert.equal(gone.status, 404);
    assert.equal(gone.text, notFound("There is no string yet: POST to make one."));
  });

  it("answers HEAD like GET without a body, and other verbs with 405", async () => {
    await request("/", { method: "PUT", body: "anotherString=abc", headers: FORM });
    const head = await request("/", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.text, "");
    assert.equal(head.headers.get("content-length"), "3");
    const patch = await request("/", { method: "PATCH" });
    assert.equal(patch.status, 405);
    assert.equal(patch.headers.get("allow"), ALLOW);
    assert.equal(patch.text, METHOD_NOT_ALLOWED);
  });
});

describe("services/rest/routes-api.ts (RoutesDispatcher)", () => {
  const { tree } = quietTree();
  mountBooksApi(tree, "/library", new BookStore([{ title: "Dune", author: "Frank Herbert" }]));
  const request = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url: `/library${url}` });

  it("lists the books as JSON", async () => {
    const res = await request("/books");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(res.json(), [{ id: 1, title: "Dune", author: "Frank Herbert" }]);
  });

  it("adds a book from JSON, with its Location from the route's name", async () => {
    const res = await request("/books", { method: "POST", body: { title: "Kindred", author: "Octavia E. Butler" } });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("content-type"), "application/json");
    const book = res.json<{ id: number }>();
    assert.deepEqual(book, { id: 2, title: "Kindred", author: "Octavia E. Butler" });
    assert.equal(res.headers.get("location"), "http://127.0.0.1/library/books/2");
    assert.deepEqual((await request("/books/2")).json(), book);
  });

  it("adds a book from a form", async () => {
    const res = await request("/books", { method: "POST", body: "title=Beloved&author=Toni+Morrison", headers: FORM });
    assert.equal(res.status, 201);
    assert.equal(res.json<{ title: string }>().title, "Beloved");
  });

  it("refuses a book without a title or with a malformed body, as JSON", async () => {
    const missing = await request("/books", { method: "POST", body: { author: "Nobody" } });
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.get("content-type"), "application/json");
    assert.deepEqual(missing.json(), { status: 400, message: "A book needs a title and an author (non-empty strings)." });
    const broken = await request("/books", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    assert.deepEqual(broken.json(), { status: 400, message: "The body is not valid JSON." });
  });

  it("deletes a book, then answers 404 for it as JSON", async () => {
    const added = (await request("/books", { method: "POST", body: { title: "Temp", author: "T" } })).json<{ id: number }>();
    const del = await request(`/books/${added.id}`, { method: "DELETE" });
    assert.equal(del.status, 204);
    assert.equal(del.text, "");
    const gone = await request(`/books/${added.id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json(), { status: 404, message: `There is no book ${added.id}.` });
    assert.equal((await request(`/books/${added.id}`, { method: "DELETE" })).status, 404);
  });

  it("answers 405 with Allow for a verb no route takes, and 404 off the routes", async () => {
    const put = await request("/books/1", { method: "PUT" });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("allow"), "DELETE, GET, HEAD");
    assert.deepEqual(put.json(), { status: 405, message: "The method is not allowed for this resource." });
    const list = await request("/books", { method: "DELETE" });
    assert.equal(list.status, 405);
    assert.equal(list.headers.get("allow"), "GET, HEAD, POST");
    assert.deepEqual(list.json(), { status: 405, message: "The method is not allowed for this resource." });
    const notAnId = await request("/books/abc");
    assert.equal(notAnId.status, 404);
    assert.deepEqual(notAnId.json(), { status: 404, message: "The path '/library/books/abc' was not found." });
    assert.deepEqual((await request("/authors")).json(), { status: 404, message: "The path '/library/authors' was not found." });
  });
});

/** A GET over a socket with a Host header of our choosing (fetch does not let a caller set Host), within 3 s. */
function getWithHost(url: string, host: string) {
  return within(httpGet(url, { headers: { host } }), 3000, `GET ${url} for ${host}`);
}

describe("services/rest/two-hosts.ts (VirtualHost)", () => {
  const { tree } = quietTree();
  mountTwoHosts(tree);
  const www = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url, headers: { host: "www.orchard.test", ...options.headers } });
  const api = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url, headers: { host: "api.orchard.test", ...options.headers } });

  it("serves the HTML site on www, with links the browser can follow", async () => {
    const home = await www("/");
    assert.equal(home.status, 200);
    assert.equal(home.text, '<h1>Orchard</h1>\n<p><a href="http://www.orchard.test/about">About us</a></p>\n');
    assert.equal((await www("/about")).text, '<h1>About</h1>\n<p><a href="http://www.orchard.test/">Home</a></p>\n');
    const apiOnly = await www("/greeting");
    assert.equal(apiOnly.status, 404);
    assert.equal(apiOnly.text, notFound("The path '/greeting' was not found."));
  });

  it("serves the API on api, by method", async () => {
    const get = await api("/greeting");
    assert.equal(get.text, "Hello");
    assert.equal(get.headers.get("allow"), "GET, HEAD, PUT");
    assert.equal(get.headers.get("content-type"), "text/plain;charset=utf-8");
    const put = await api("/greeting", { method: "PUT", body: "text=Bonjour", headers: FORM });
    assert.equal(put.text, "Bonjour");
    assert.equal((await api("/greeting")).text, "Bonjour");
    const del = await api("/greeting", { method: "DELETE" });
    assert.equal(del.status, 405);
    assert.equal(del.headers.get("allow"), "GET, HEAD, PUT");
    assert.equal(del.text, METHOD_NOT_ALLOWED);
    const siteOnly = await api("/about");
    assert.equal(siteOnly.status, 404);
    assert.equal(siteOnly.text, notFound("The path '/about' was not found."));
  });

  it("serves both hosts from one socket", async () => {
    const { tree: served } = quietTree();
    mountTwoHosts(served, "", { www: "localhost", api: "127.0.0.1" });
    const server = await serve(served);
    try {
      const site = await getWithHost(`${server.url}/about`, `localhost:${server.port}`);
      assert.equal(site.status, 200);
      assert.equal(site.complete, true);
      assert.equal(site.body, `<h1>About</h1>\n<p><a href="http://localhost:${server.port}/">Home</a></p>\n`);
      const greeting = await getWithHost(`${server.url}/greeting`, `127.0.0.1:${server.port}`);
      assert.equal(greeting.status, 200);
      assert.equal(greeting.body, "Hello");
    } finally {
      await server.close();
    }
  });
});
