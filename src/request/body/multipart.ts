/** multipart/form-data on a streaming parser: fields become params, files UploadedFile objects. */
import { Busboy } from "@fastify/busboy";
import { HTTPError } from "../errors.js";
import type { Context } from "../context.js";
import { addParam } from "./params.js";
import { tooLarge } from "./body.js";
import { collectUpload } from "./upload.js";
import type { WriteStream } from "node:fs";

export interface MultipartLimits {
  /** Bytes per text field. */
  fieldSize: number;
  /** Number of parts (fields and files together). */
  parts: number;
  /** Bytes per file; defaults to the route's body limit. */
  fileSize: number;
  /** Bytes of a file kept in memory; a larger file is spooled to a temp file. */
  memoryLimit: number;
}

const DEFAULT_LIMITS: MultipartLimits = { fieldSize: 1024 * 1024, parts: 1000, fileSize: 0, memoryLimit: 1024 * 1024 };

export function processMultipart(ctx: Context, limits: Partial<MultipartLimits> = {}): Promise<void> {
  const { request } = ctx;
  const { fieldSize, parts, fileSize, memoryLimit } = { ...DEFAULT_LIMITS, ...limits };
  const bodyLimit = request.body.limit;
  const contentType = request.headers.get("content-type") ?? "";
  let parser: InstanceType<typeof Busboy>;
  try {
    parser = new Busboy({
      headers: { "content-type": contentType },
      limits: { fieldSize, parts, fileSize: fileSize || bodyLimit || Infinity, fieldNameSize: 200 },
    });
  } catch (error) {
    return Promise.reject(new HTTPError(400, `Invalid multipart body: ${(error as Error).message}`));
  }
  const source = request.body.stream();
  return new Promise<void>((resolve, reject) => {
    let received = 0;
    let failed = false;
    const uploads: Array<Promise<void>> = [];
    const spools = new Set<WriteStream>();
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      for (const spool of spools) spool.destroy();
      source.unpipe(parser);
      // Stop reading (no unbounded draining); the response closes the connection instead.
      request.body.abandon();
      reject(error);
    };
    source.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (bodyLimit > 0 && received > bodyLimit) fail(tooLarge(bodyLimit));
    });
    parser.on("field", (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      if (valueTruncated) return fail(new HTTPError(413, `The form field ${JSON.stringify(name)} is larger than ${fieldSize} bytes.`));
      addParam(request.params, name, value);
    });
    parser.on("file", (name: string, file: NodeJS.ReadableStream, filename: string, _encoding: string, mimetype: string) => {
      file.on("limit", () => fail(new HTTPError(413, `The uploaded file ${JSON.stringify(filename)} is too large.`)));
      const meta = { filename, contentType: mimetype };
      uploads.push(
        collectUpload(file as AsyncIterable<Buffer>, meta, memoryLimit, ctx, spools).then(
          (upload) => addParam(request.params, name, upload),
          (error: unknown) => fail(error instanceof HTTPError ? error : new HTTPError(400, `The upload could not be read: ${(error as Error).message}`)),
        ),
      );
    });
    parser.on("partsLimit", () => fail(new HTTPError(413, `The multipart body has more than ${parts} parts.`)));
    parser.on("error", (error: Error) => fail(new HTTPError(400, `Invalid multipart body: ${error.message}`)));
    // Every file must be fully stored (memory or disk) before the handler sees the params.
    parser.on("finish", () => {
      void Promise.all(uploads).then(() => {
        if (!failed) resolve();
      });
    });
    source.on("error", (error: Error) => fail(new HTTPError(400, `The request body could not be read: ${error.message}`)));
    source.pipe(parser);
  });
}
