import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { expose, type Context, type Params } from "../../src/index.js";
import type { UploadedFile } from "../../src/request/body/upload.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "./support.js";

const BOUNDARY = "orchard-upload-boundary";

function multipart(files: Array<{ name: string; filename: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(f.data, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

function spools(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("orchard-upload-"));
}

test("a file past memoryLimit is spooled to a private temp file, readable in the handler and gone after", async () => {
  const before = new Set(spools());
  const seen: Array<{ path: string | undefined; mode: number | undefined; read: string; streamed: string; data: string }> = [];
  const root = {
    upload: expose(async (params: Params, _ctx: Context) => {
      const results: string[] = [];
      for (const key of ["small", "large"]) {
        const file = params[key] as UploadedFile;
        const chunks: Buffer[] = [];
        for await (const chunk of file.stream()) chunks.push(chunk as Buffer);
        seen.push({
          path: file.path,
          mode: file.path ? statSync(file.path).mode & 0o777 : undefined,
          read: (await file.read()).toString("latin1"),
          streamed: Buffer.concat(chunks).toString("latin1"),
          data: file.data.toString("latin1"),
        });
        results.push(`${key}:${file.size}:${file.path === undefined ? "memory" : "disk"}`);
      }
      return results.join(" ");
    }),
  };
  const { tree } = quietTree();
  tree.mount(root, "", { "/": { "request.body.multipart": { memoryLimit: 1024 } } });
  const small = Buffer.alloc(1000, "s");
  const large = Buffer.alloc(300_000, "L");
  const res = await inject(tree, {
    method: "POST",
    url: "/upload",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart([
      { name: "small", filename: "s.bin", data: small },
      { name: "large", filename: "l.bin", data: large },
    ]),
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.text, "small:1000:memory large:300000:disk");
  assert.equal(seen[0]!.path, undefined);
  assert.equal(seen[0]!.read, small.toString("latin1"));
  assert.equal(seen[0]!.streamed, small.toString("latin1"));
  const spooled = seen[1]!;
  assert.match(spooled.path!, /orchard-upload-[0-9a-f-]{36}$/);
  assert.equal(spooled.mode, 0o600);
  assert.equal(spooled.read, large.toString("latin1"));
  assert.equal(spooled.streamed, large.toString("latin1"));
  assert.equal(spooled.data, large.toString("latin1"));
  assert.equal(existsSync(spooled.path!), false, "the temp file is deleted once the response is written");
  assert.deepEqual(spools().filter((name) => !before.has(name)), []);
});

test("a spooled upload cut short by the file limit leaves no temp file behind", async () => {
  const before = new Set(spools());
  const root = { upload: expose(() => "never") };
  const { tree } = quietTree();
  tree.mount(root, "", { "/": { "request.body.multipart": { memoryLimit: 1024, fileSize: 100_000 } } });
  const res = await inject(tree, {
    method: "POST",
    url: "/upload",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart([{ name: "big", filename: "big.bin", data: Buffer.alloc(200_000, "x") }]),
  });
  assert.equal(res.status, 413);
  assert.deepEqual(spools().filter((name) => !before.has(name)), []);
});
