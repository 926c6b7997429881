// request.body.multipart's fileSize: the most bytes one uploaded file may have (src/request/body/multipart.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { expose } from "../../src/decorators/expose.js";
import type { Params } from "../../src/request/request.js";
import type { UploadedFile } from "../../src/request/body/upload.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { inject, serve } from "../../src/testing/index.js";
import { quietTree, rawExchange } from "./support.js";

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: string;
}

const BOUNDARY = "limits-b0undary";
const MULTIPART = { "content-type": `multipart/form-data; boundary=${BOUNDARY}` };

function multipart(parts: Part[]): string {
  let body = "";
  for (const part of parts) {
    body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) body += `; filename="${part.filename}"`;
    body += "\r\n";
    if (part.type !== undefined) body += `Content-Type: ${part.type}\r\n`;
    body += `\r\n${part.data}\r\n`;
  }
  return `${body}--${BOUNDARY}--\r\n`;
}

/** Each param as name=value, files as name=filename:type:size:data. */
function show(params: Params): string {
  const one = (value: unknown) => {
    if (typeof value === "string") return value;
    const file = value as UploadedFile;
    return `${file.filename}:${file.contentType}:${file.size}:${file.data.toString("utf8")}`;
  };
  return Object.entries(params)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.map(one).join(",") : one(value)}`)
    .join(" ");
}

const { tree } = quietTree();
tree.mount({ index: expose(show) }, "", { "/": { "request.body.multipart": { fileSize: 10 } } });
tree.mount({ index: expose(show) }, "/bodyLimit", { "/": { "request.body.multipart": { fileSize: 1000 }, "request.body.maxBytes": 150 } });
tree.mount({ index: expose(show) }, "/unlimited", { "/": {} });

const post = (url: string, body: string | Readable) => inject(tree, { method: "POST", url, headers: MULTIPART, body });
const fileTooLarge = (filename: string) =>
  defaultErrorPage({ status: 413, reason: "Payload Too Large", message: `The uploaded file "${filename}" is too large.` });

test("a file of exactly fileSize bytes is accepted", async () => {
  const res = await post("/", multipart([{ name: "f", filename: "ten.txt", type: "text/plain", data: "0123456789" }]));
  assert.equal(res.status, 200);
  assert.equal(res.text, "f=ten.txt:text/plain:10:0123456789");
});

test("a file one byte over fileSize is a 413 naming it, and the connection is not kept", async () => {
  const res = await post("/", multipart([{ name: "f", filename: "eleven.txt", type: "text/plain", data: "0123456789A" }]));
  assert.equal(res.status, 413);
  assert.equal(res.text, fileTooLarge("eleven.txt"));
  // The rest of the body is left unread, so the connection cannot carry another request.
  assert.equal(res.headers.get("connection"), "close");
});

test("the limit is per file, not for all files together", async () => {
  const res = await post(
    "/",
    multipart([
      { name: "f", filename: "a.txt", type: "text/plain", data: "0123456789" },
      { name: "f", filename: "b.txt", type: "text/plain", data: "abcdefghij" },
    ]),
  );
  assert.equal(res.status, 200);
  assert.equal(res.text, "f=a.txt:text/plain:10:0123456789,b.txt:text/plain:10:abcdefghij");
  const second = await post(
    "/",
    multipart([
      { name: "f", filename: "a.txt", data: "0123456789" },
      { name: "f", filename: "b.txt", data: "abcdefghijk" },
    ]),
  );
  assert.equal(second.status, 413);
  assert.equal(second.text, fileTooLarge("b.txt"));
});

test("text fields are not files: fileSize does not limit them", async () => {
  const res = await post("/", multipart([{ name: "text", data: "a text field longer than ten bytes" }]));
  assert.equal(res.status, 200);
  assert.equal(res.text, "text=a text field longer than ten bytes");
});

test("a chunked body is cut off at the same limit", async () => {
  const body = multipart([{ name: "f", filename: "eleven.txt", data: "0123456789A" }]);
  const res = await post("/", Readable.from([Buffer.from(body.slice(0, 70)), Buffer.from(body.slice(70))]));
  assert.equal(res.status, 413);
  assert.equal(res.text, fileTooLarge("eleven.txt"));
});

test("a fileSize above the body limit does not lift it", async () => {
  const body = multipart([{ name: "f", filename: "big.bin", data: "x".repeat(200) }]);
  const tooLarge = defaultErrorPage({ status: 413, reason: "Payload Too Large", message: "The entity sent with the request exceeds the maximum allowed bytes (150)." });
  const declared = await post("/bodyLimit/", body);
  assert.equal(declared.status, 413);
  assert.equal(declared.text, tooLarge);
  const chunked = await post("/bodyLimit/", Readable.from([Buffer.from(body.slice(0, 100)), Buffer.from(body.slice(100))]));
  assert.equal(chunked.status, 413);
  assert.equal(chunked.text, tooLarge);
});

test("without fileSize or request.body.maxBytes, a large file is accepted", async () => {
  const data = "0123456789".repeat(20_000);
  const res = await post("/unlimited/", multipart([{ name: "f", filename: "big.bin", type: "application/octet-stream", data }]));
  assert.equal(res.status, 200);
  const prefix = "f=big.bin:application/octet-stream:200000:";
  assert.equal(res.text.slice(0, prefix.length), prefix);
  assert.ok(res.text.slice(prefix.length) === data, "the file's bytes arrive unchanged");
});

test("over a real socket: the 413 closes the connection after the error page", async (t) => {
  const served = await serve(tree);
  t.after(() => served.close());
  const body = multipart([{ name: "f", filename: "eleven.txt", data: "0123456789A" }]);
  // A second request pipelined behind the first must not be answered.
  const second = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const answer = await rawExchange(
    served.port,
    `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${MULTIPART["content-type"]}\r\nContent-Length: ${body.length}\r\n\r\n${body}${second}`,
  );
  assert.ok(answer.startsWith("HTTP/1.1 413 Payload Too Large\r\n"), answer.slice(0, 60));
  assert.match(answer, /\r\nConnection: close\r\n/);
  assert.ok(answer.endsWith(`\r\n\r\n${fileTooLarge("eleven.txt")}`), answer.slice(-80));
  assert.equal(answer.split("HTTP/1.1 ").length, 2, "exactly one response");
});
