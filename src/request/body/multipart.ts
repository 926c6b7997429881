/** multipart/form-data on a streaming parser: fields become params, files UploadedFile objects. */
import { Busboy } from "@fastify/busboy";
import { HTTPError } from "../errors.js";
import type { Context } from "../context.js";
import { addParam } from "./params.js";
import { tooLarge } from "./body.js";

export interface UploadedFile {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly data: Buffer;
}

export interface MultipartLimits {
  /** Bytes per text field. */
  fieldSize: number;
  /** Number of parts (fields and files together). */
  parts: number;
  /** Bytes per file; defaults to the route's body limit. */
  fileSize: number;
}

const DEFAULT_LIMITS: MultipartLimits = { fieldSize: 1024 * 1024, parts: 1000, fileSize: 0 };

export function processMultipart(ctx: Context, limits: Partial<MultipartLimits> = {}): Promise<void> {
  const { request } = ctx;
  const { fieldSize, parts, fileSize } = { ...DEFAULT_LIMITS, ...limits };
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
    const fail = (error: HTTPError) => {
      if (failed) return;
      failed = true;
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
    parser.on("file", (name: string, file: NodeJS.ReadableStream & { truncated?: boolean }, filename: string, _encoding: string, mimetype: string) => {
      const chunks: Buffer[] = [];
      file.on("data", (chunk: Buffer) => chunks.push(chunk));
      file.on("limit", () => fail(new HTTPError(413, `The uploaded file ${JSON.stringify(filename)} is too large.`)));
      file.on("end", () => {
        const data = Buffer.concat(chunks);
        const upload: UploadedFile = { filename, contentType: mimetype, size: data.length, data };
        addParam(request.params, name, upload);
      });
    });
    parser.on("partsLimit", () => fail(new HTTPError(413, `The multipart body has more than ${parts} parts.`)));
    parser.on("error", (error: Error) => fail(new HTTPError(400, `Invalid multipart body: ${error.message}`)));
    parser.on("finish", () => {
      if (!failed) resolve();
    });
    source.on("error", (error: Error) => fail(new HTTPError(400, `The request body could not be read: ${error.message}`)));
    source.pipe(parser);
  });
}
