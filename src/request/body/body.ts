/** The request body: read once, within the route's size limit, sending 100 Continue first when asked. */
import type { Readable } from "node:stream";
import { HTTPError } from "../errors.js";
import type { WireRequest } from "../request.js";

export class RequestBody {
  /** Bytes allowed (0 = unlimited); the pipeline sets it from the route. */
  limit = 0;
  readonly #wire: Pick<WireRequest, "body" | "headers" | "sendContinue">;
  #read: Promise<Buffer> | undefined;

  constructor(wire: Pick<WireRequest, "body" | "headers" | "sendContinue">) {
    this.#wire = wire;
  }

  /** Declared length, or undefined for chunked (or no) bodies. */
  get length(): number | undefined {
    const value = this.#wire.headers.get("content-length");
    return value === undefined ? undefined : Number(value);
  }

  /** True when the request carries a body (a Content-Length above 0, or chunked). */
  get present(): boolean {
    const length = this.length;
    return (length !== undefined && length > 0) || /\bchunked\b/i.test(this.#wire.headers.get("transfer-encoding") ?? "");
  }

  get consumed(): boolean {
    return this.#read !== undefined;
  }

  /** 413 when the declared length is over the limit, before anything is read. */
  checkLength(): void {
    const length = this.length;
    if (this.limit > 0 && length !== undefined && length > this.limit) throw tooLarge(this.limit);
  }

  /** The whole body as one Buffer (read once; later calls get the same bytes). */
  read(): Promise<Buffer> {
    return (this.#read ??= this.#collect());
  }

  async text(encoding: BufferEncoding = "utf8"): Promise<string> {
    return (await this.read()).toString(encoding);
  }

  /** The body as a stream, for processors that parse as bytes arrive (multipart). */
  stream(): Readable {
    if (this.#read !== undefined) throw new Error("the request body was already read");
    this.checkLength();
    this.#read = Promise.resolve(Buffer.alloc(0));
    this.#wire.sendContinue?.();
    return this.#wire.body;
  }

  async #collect(): Promise<Buffer> {
    this.checkLength();
    if (!this.present) return Buffer.alloc(0);
    this.#wire.sendContinue?.();
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of this.#wire.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (this.limit > 0 && size > this.limit) {
          this.#wire.body.destroy();
          throw tooLarge(this.limit);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof HTTPError) throw error;
      // The client went away or sent less than it declared: its fault, not the server's.
      throw new HTTPError(400, `The request body could not be read: ${(error as Error).message}`, { cause: error });
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  }
}

function tooLarge(limit: number): HTTPError {
  return new HTTPError(413, `The entity sent with the request exceeds the maximum allowed bytes (${limit}).`);
}
