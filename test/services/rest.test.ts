// The REST examples in services/rest/, one per dispatcher, through HTTP as a client meets them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { get as httpGet } from "node:http";
import { inject, serve, type InjectOptions } from "../../src/testing/index.js";
import { mountStringGenerator } from "../../services/rest/method-dispatch.js";
import { BookStore, mountBooksApi } from "../../services/rest/routes-api.js";
import { mountTwoHosts } from "../../services/rest/two-hosts.js";
import { quietTree } from "../cases/dispatchers.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("services/rest/method-dispatch.ts (MethodDispatcher)", () => {
  const { tree } = quietTree();
  mountStringGenerator(tree, "/strings");
  const request = (url: string, options: InjectOptions = {}) => inject(tree, { ...options, url: `/strings${url}` });
  const ALLOW = "DELETE, GET, HEAD, POST, PUT";

  it("answers GET with 404 until a string exists", async () => {
    const res = await request("/");
    assert.equal(res.status, 404);
    assert.match(res.text, /There is no string yet: POST to make one./);
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

  it("refuses a length that is not a whole number from 1 to 1024", async () => {
    for (const length of ["0", "abc", "1.5", "1025"]) {
      const res = await request(`/?length=${length}`, { method: "POST" });
      assert.equal(res.status, 400, length);
    }
  });

  it("PUT replaces the string, DELETE forgets it", async () => {
    const put = await request("/", { method: "PUT", body: "anotherString=hello", headers: FORM });
    assert.equal(put.status, 200);
    assert.equal(put.text, "");
    assert.equal((await request("/")).text, "hello");
    assert.equal((await request("/", { method: "PUT" })).status, 400);
    const del = await request("/", { method: "DELETE" });
    assert.equal(del.status, 200);
    assert.equal((await request("/")).status, 404);
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
    assert.equal(list.headers.get("allow"), "GET, HEAD, POST");
    assert.equal((await request("/books/abc")).status, 404);
    assert.deepEqual((await request("/authors")).json(), { status: 404, message: "The path '/authors' was not found." });
  });
});

/** A GET over a socket with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: { host }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
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
    assert.equal((await www("/greeting")).status, 404);
  });

  it("serves the API on api, by method", async () => {
    const get = await api("/greeting");
    assert.equal(get.text, "Hello");
    assert.equal(get.headers.get("allow"), "GET, HEAD, PUT");
    assert.equal(get.headers.get("content-type"), "text/plain;charset=utf-8");
    const put = await api("/greeting", { method: "PUT", body: "text=Bonjour", headers: FORM });
    assert.equal(put.text, "Bonjour");
    assert.equal((await api("/greeting")).text, "Bonjour");
    assert.equal((await api("/greeting", { method: "DELETE" })).status, 405);
    assert.equal((await api("/about")).status, 404);
  });

  it("serves both hosts from one socket", async () => {
    const { tree: served } = quietTree();
    mountTwoHosts(served, "", { www: "localhost", api: "127.0.0.1" });
    const server = await serve(served);
    try {
      const site = await getWithHost(`${server.url}/about`, `localhost:${server.port}`);
      assert.equal(site.body, `<h1>About</h1>\n<p><a href="http://localhost:${server.port}/">Home</a></p>\n`);
      const greeting = await getWithHost(`${server.url}/greeting`, `127.0.0.1:${server.port}`);
      assert.equal(greeting.status, 200);
      assert.equal(greeting.body, "Hello");
    } finally {
      await server.close();
    }
  });
});
