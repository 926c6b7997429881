/**
 * Uploaded files: a small one stays in memory, a larger one is spooled to a private temp file as it
 * arrives (so a 100 MB upload never sits in memory) and deleted once the response is written.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { once } from "node:events";
import type { Context } from "../context.js";
import { HTTPError } from "../errors.js";

export class UploadedFile {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** The temp file of a spooled upload (deleted after the response), or undefined when in memory. */
  readonly path: string | undefined;
  readonly #bytes: Buffer | undefined;

  constructor(meta: { filename: string; contentType: string }, size: number, stored: { bytes: Buffer } | { path: string }) {
    this.filename = meta.filename;
    this.contentType = meta.contentType;
    this.size = size;
    this.#bytes = "bytes" in stored ? stored.bytes : undefined;
    this.path = "path" in stored ? stored.path : undefined;
  }

  /** All the bytes at once; for a spooled upload this reads the file synchronously: prefer read() or stream(). */
  get data(): Buffer {
    return this.#bytes ?? readFileSync(this.path!);
  }

  read(): Promise<Buffer> {
    return this.#bytes ? Promise.resolve(this.#bytes) : readFile(this.path!);
  }

  stream(): Readable {
    return this.#bytes ? Readable.from([this.#bytes]) : createReadStream(this.path!);
  }
}

/**
 * Reads one file part: in memory up to `memoryLimit` bytes, past that into a temp file (mode 0600)
 * that the request deletes when it is over. `open` tracks spools so a failing body can close them.
 */
export async function collectUpload(
  file: AsyncIterable<Buffer>,
  meta: { filename: string; contentType: string },
  memoryLimit: number,
  ctx: Context,
  open: Set<WriteStream>,
): Promise<UploadedFile> {
  const chunks: Buffer[] = [];
  let size = 0;
  let spool: WriteStream | undefined;
  let path: string | undefined;
  try {
    for await (const chunk of file) {
      size += chunk.length;
      if (spool !== undefined) {
        if (!spool.write(chunk)) await once(spool, "drain");
        continue;
      }
      chunks.push(chunk);
      if (size > memoryLimit) {
        const spoolPath = join(tmpdir(), `orchard-upload-${randomUUID()}`);
        path = spoolPath;
        ctx.defer(() => rm(spoolPath, { force: true }));
        spool = createWriteStream(spoolPath, { flags: "wx", mode: 0o600 });
        open.add(spool);
        for (const held of chunks.splice(0)) spool.write(held);
      }
    }
    if (spool === undefined) return new UploadedFile(meta, size, { bytes: Buffer.concat(chunks, size) });
    spool.end();
    await finished(spool);
    return new UploadedFile(meta, size, { path: path! });
  } catch (error) {
    spool?.destroy();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOSPC" || code === "EDQUOT") throw new HTTPError(507, "There is no room to store the upload.");
    throw error;
  } finally {
    if (spool) open.delete(spool);
  }
}
