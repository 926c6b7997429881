/**
 * Which part of the request path a static directory maps: the path below its config section
 * ("/static/css/a.css" under section "/static" → "/css/a.css").
 *
 * The section is the `section` argument when given, else the longest app config section that sets
 * tools.staticdir.dir and covers the path, else "/". Under VirtualHost, sections are written with
 * the host's prefix ("/mydom2/static") or without it ("/static"); the prefix is stripped, as
 * CherryPy does, because the request keeps the path the browser sent.
 */
import { HOST_PREFIX } from "../../dispatch/virtual-host.js";
import type { Context } from "../../request/context.js";

/**
 * The raw (still percent-encoded) rest of the request path under the section: "/css/a.css", "/"
 * for "/static/", "" for "/static"; undefined when the path is not under the section.
 */
export function pathUnderSection(ctx: Context, section: string | undefined, key: string): string | undefined {
  const { request, app } = ctx;
  const raw = request.rawPathInfo;
  const prefix = hostPrefix(ctx);
  let chosen = section;
  if (chosen === undefined) {
    const decoded = request.pathInfo;
    chosen = (prefix !== undefined ? app.sectionDefining(key, prefix + (decoded || "/")) : undefined) ?? app.sectionDefining(key, decoded) ?? "/";
  }
  if (prefix !== undefined && (chosen === prefix || chosen.startsWith(prefix + "/"))) chosen = chosen.slice(prefix.length) || "/";

  const parts = raw.split("/");
  let i = 1;
  for (const want of chosen.split("/").filter((s) => s !== "")) {
    if (i >= parts.length || decodeSegment(parts[i]!) !== want) return undefined;
    i++;
  }
  return i < parts.length ? "/" + parts.slice(i).join("/") : "";
}

/** The VirtualHost prefix of this request, when one dispatched it. */
function hostPrefix(ctx: Context): string | undefined {
  return ctx.state.get(HOST_PREFIX) as string | undefined;
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
