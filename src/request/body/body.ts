/** The request body: read once, within the route's size limit, sending 100 Continue first when asked. */
import type { Readable } from "node:stream";
import { HTTPError } from "../errors.js";
import type { WireRequest } from "../request.js";

export class RequestBody {
  /** Bytes allowed (0 = unlimited); the pipeline sets it from the route. */
  limit = 0;
  readonly #wire: Pick<WireRequest, "body" | "headers" | "sendContinue">;
  #read: Promise<Buffer> | undefined;
  #abandoned = false;

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

  /** True when reading stopped before the end (a 413): the rest was never read, so the connection must close. */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  /** Stops reading the body for good; the response then closes the connection. */
  abandon(): void {
    this.#abandoned = true;
    this.#wire.body.pause();
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
    const body = this.#wire.body;
    const limit = this.limit;
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        body.off("data", onData);
        body.off("end", onEnd);
        body.off("error", onError);
        body.off("close", onClose);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (limit > 0 && size > limit) {
          // Stop reading without destroying the socket, so the 413 still reaches the client.
          done();
          this.abandon();
          reject(tooLarge(limit));
        } else chunks.push(chunk);
      };
      const onEnd = () => {
        done();
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      };
      // The client went away or sent less than it declared: its fault, not the server's.
      const onError = (error: Error) => {
        done();
        reject(new HTTPError(400, `The request body could not be read: ${error.message}`, { cause: error }));
      };
      const onClose = () => onError(new Error("the connection closed before the body was complete"));
      body.on("data", onData);
      body.once("end", onEnd);
      body.once("error", onError);
      body.once("close", onClose);
    });
  }

}

export function tooLarge(limit: number): HTTPError {
  return new HTTPError(413, `The entity sent with the request exceeds the maximum allowed bytes (${limit}).`);
}
