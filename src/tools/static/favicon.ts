/**
 * The icon a root application mounted at "" serves at /favicon.ico unless it answers that path
 * itself. The bytes are favicon.ico next to this file (16x16, 16 colours), embedded here so the
 * built package needs no asset files; a test keeps the two identical.
 */
import type { Handler } from "../../dispatch/dispatcher.js";
import { evaluatePreconditions } from "../../http/conditional.js";
import { strongEtag } from "../../http/etag.js";
import { notModified } from "../etags.js";

export const FAVICON = Buffer.from(
  "AAABAAEAEBAQAAEABAAoAQAAFgAAACgAAAAQAAAAIAAAAAEABAAAAAAAwAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAALR7IAB4PlgCWjP8AHkZuADygPAAobh4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIiIiIAAAACIRESIiAAACERERESIgAAERERERIiAAERERERESIgAREREREREiABMRERERESIAEzERERERIAARMxEREREgAAEREREREQAAAAEUEREAAAAAAAQFZQAAAAAAAEBWUAAAAAAAQAVQAAAAAAAAAAAAD//wAA+A8AAOAHAADAAwAAwAMAAIABAACAAQAAgAEAAIADAACAAwAAwAcAAPAfAAD9HwAA/o8AAP7PAAD//wAA",
  "base64",
);

const ETAG = strongEtag(FAVICON);

/** Serves the bundled icon, cacheable for a day and revalidated by its ETag. */
export const serveFavicon: Handler = (_params, ctx) => {
  const { request, response } = ctx;
  const headers = response.headers;
  headers.set("Content-Type", "image/x-icon");
  headers.set("ETag", ETAG);
  headers.set("Cache-Control", "public, max-age=86400");
  const verdict = evaluatePreconditions(request.method, { ifNoneMatch: request.headers.get("if-none-match") }, { etag: ETAG });
  if (verdict === "not-modified") {
    notModified(response);
    return undefined;
  }
  return FAVICON;
};
