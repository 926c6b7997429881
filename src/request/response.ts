/** What goes back to the client: status, headers, cookies and a body. */
import type { Readable } from "node:stream";
import { ResponseHeaders } from "../http/headers.js";
import { serializeCookie, expiredCookie, type CookieOptions } from "../http/cookies.js";

export type Chunk = string | Uint8Array;

/** What a handler may return, and what response.body may hold. */
export type Body =
  | Chunk
  | readonly Chunk[]
  | Readable
  | AsyncIterable<Chunk>
  | Iterable<Chunk>
  | null
  | undefined;

export class ResponseCookies {
  readonly #pending = new Map<string, string>();

  set(name: string, value: string, options?: CookieOptions): void {
    this.#pending.set(name, serializeCookie(name, value, options));
  }

  /** Tells the client to drop the cookie (Max-Age=0 and an Expires in the past). */
  expire(name: string, options?: Pick<CookieOptions, "path" | "domain">): void {
    this.#pending.set(name, expiredCookie(name, options));
  }

  get size(): number {
    return this.#pending.size;
  }

  /** The Set-Cookie header values, one per cookie. */
  values(): IterableIterator<string> {
    return this.#pending.values();
  }
}

export class Response {
  status = 200;
  /** A custom reason phrase; the standard one for the status otherwise. */
  reason: string | undefined;
  readonly headers = new ResponseHeaders();
  body: Body | unknown = undefined;
  /** Write the body as it is produced (chunked) instead of buffering it. */
  stream = false;
  readonly time = Date.now();
  #cookies: ResponseCookies | undefined;

  get cookies(): ResponseCookies {
    return (this.#cookies ??= new ResponseCookies());
  }

  get hasCookies(): boolean {
    return this.#cookies !== undefined && this.#cookies.size > 0;
  }
}
