/** What the cache keeps of a finished response: the entry to store, or why it is not stored. */
import { deltaSeconds, parseCacheControl, pragmaNoCache } from "../../http/cache-control.js";
import { splitNames } from "../../http/vary.js";
import type { Context } from "../../request/context.js";
import { collapse } from "../../request/finalize.js";
import type { Settings } from "./state.js";
import type { CacheEntry } from "./store.js";
import { quietGet } from "./variant.js";

const NOT_STORED = new Set(["content-length", "date", "age", "connection", "keep-alive", "transfer-encoding", "set-cookie"]);

/** The entry to store, or why the response is not stored; once the headers allow storing, response.body becomes its bytes. */
export async function storable(ctx: Context, settings: Settings): Promise<CacheEntry | string> {
  const { request, response } = ctx;
  const headers = response.headers;
  if (!request.cacheable) return "request.cacheable is false";
  if (response.status !== 200) return `status ${response.status}`;
  if (response.hasCookies || headers.has("Set-Cookie")) return "it sets cookies";
  const control = parseCacheControl(headers.get("Cache-Control"));
  for (const name of ["no-store", "private", "no-cache"]) if (control.has(name)) return `Cache-Control: ${name}`;
  if (pragmaNoCache(headers.get("Pragma"))) return "Pragma: no-cache";
  const vary = splitNames(headers.get("Vary") ?? "").map((name) => name.toLowerCase());
  if (vary.includes("*")) return "Vary: *";
  // A shared cache stores answers to authorized requests only when they say so (RFC 9111 §3.5).
  if (quietGet(request.headers, "authorization") !== undefined && !["public", "s-maxage", "must-revalidate"].some((d) => control.has(d))) {
    return "the request has Authorization";
  }
  const lifetime = deltaSeconds(control.get("s-maxage")) ?? deltaSeconds(control.get("max-age")) ?? settings.delay;
  if (lifetime <= 0) return "no freshness lifetime";
  const body = response.body;
  if (response.stream && !(typeof body === "string" || body instanceof Uint8Array)) return "the body is streamed";
  const declared = headers.get("Content-Length");
  if (declared !== undefined && Number(declared) > settings.maxobjSize) return `${declared} bytes is over maxobjSize`;
  const bytes = await collapse(body);
  response.body = bytes;
  if (bytes.length > settings.maxobjSize) return `${bytes.length} bytes is over maxobjSize`;
  if (declared !== undefined && Number(declared) !== bytes.length) return "its Content-Length does not match the body";
  const stored: Array<[string, string]> = [];
  for (const [name, value] of headers.entries()) if (!NOT_STORED.has(name.toLowerCase())) stored.push([name, value]);
  const created = response.time;
  return { status: response.status, headers: stored, body: Buffer.from(bytes), created, expires: created + lifetime * 1000, vary };
}
