/**
 * A cached JSON resource: a small document sent with a strong ETag (the etags tool's autotags),
 * its Last-Modified, and a freshness lifetime (the expires tool). A client that sends the ETag
 * back in If-None-Match, or the date in If-Modified-Since, gets a 304 with no body.
 *
 *   node dist/services/cached-resource.js
 *   curl -i http://127.0.0.1:8080/                                  → 200, ETag: "…", Cache-Control: max-age=300
 *   curl -i -H 'If-None-Match: "…"' http://127.0.0.1:8080/          → 304
 *
 * The resource changes only when `update()` is called; its ETag and Last-Modified change with it.
 */
import { httpDate } from "../src/http/dates.js";
import { expose, quickstart, type AppConfig, type Application, type Context, type Params, type Tree } from "../src/index.js";
import { isMainModule } from "./tutorials/main-module.js";

export interface Release {
  name: string;
  version: string;
  channels: string[];
}

export class CachedResource {
  #document: Release = { name: "orchard", version: "0.1.0", channels: ["stable", "next"] };
  /** Whole seconds: HTTP dates have no finer resolution. */
  #modified = Math.floor(Date.now() / 1000) * 1000;

  @expose
  index(_params: Params, ctx: Context): string {
    ctx.response.headers.set("Content-Type", "application/json");
    ctx.response.headers.set("Last-Modified", httpDate(this.#modified));
    return JSON.stringify(this.#document);
  }

  /** Replaces the document (for the service's owner; not exposed over HTTP). */
  update(document: Release, when = Date.now()): void {
    this.#document = document;
    this.#modified = Math.floor(when / 1000) * 1000;
  }
}

/** The freshness lifetime the resource is sent with, in seconds. */
export const MAX_AGE = 300;

export function cachedResourceConfig(): AppConfig {
  return {
    "/": {
      "tools.etags.on": true,
      "tools.etags.autotags": true,
      "tools.expires.on": true,
      "tools.expires.secs": MAX_AGE,
    },
  };
}

export function mountCachedResource(tree: Tree, scriptName = "", resource = new CachedResource()): Application {
  return tree.mount(resource, scriptName, cachedResourceConfig());
}

if (isMainModule(import.meta.url)) await quickstart(new CachedResource(), "", cachedResourceConfig());
