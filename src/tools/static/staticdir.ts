/**
 * The staticdir and staticfile tools (beforeHandler 50): when a GET or HEAD names a file they
 * serve, they take over the request's handler; otherwise the request goes on to whatever the
 * dispatcher found (404 if nothing). Paths that try to leave the directory are a 404 at once.
 *
 *   "/static": { "tools.staticdir.on": true, "tools.staticdir.root": "/srv/site", "tools.staticdir.dir": "public" }
 *   "/favicon.ico": { "tools.staticfile.on": true, "tools.staticfile.filename": "/srv/site/icon.ico" }
 */
import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../../config/errors.js";
import type { Context } from "../../request/context.js";
import { NotFound } from "../../request/errors.js";
import type { RouteBuilder } from "../../request/route.js";
import { Tool } from "../tool.js";
import { contentTypeTable } from "./content-types.js";
import { joinInside, resolvesInside, safeSegments } from "./safe-path.js";
import { pathUnderSection } from "./section.js";
import { fileStats, isMissing, serveStats } from "./serve.js";

export interface StaticdirArgs {
  /** The directory served: absolute, or relative to `root` (else to the current directory); "~" is expanded. */
  dir: string;
  root?: string;
  /** A regular expression the decoded path must match for the tool to serve it. */
  match?: string;
  /** The file served for a directory ("index.html"); without it directories are not served. */
  index?: string;
  /** Extension → Content-Type, over the built-in table. */
  contentTypes?: Record<string, string>;
  /** The config section the directory maps; by default the section that sets tools.staticdir.dir. */
  section?: string;
  /** Serve files whose symlinks lead out of the directory (default false: 404). */
  followSymlinksOutside?: boolean;
}

export interface StaticfileArgs {
  /** The file served: absolute, or relative to `root` (else to the current directory). */
  filename: string;
  root?: string;
  match?: string;
  contentTypes?: Record<string, string>;
}

interface Common {
  match: RegExp | undefined;
  types: ReadonlyMap<string, string> | undefined;
}

export class StaticdirTool extends Tool<StaticdirArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, {
      ...options,
      args: ["dir", "root", "match", "index", "contentTypes", "section", "followSymlinksOutside"],
      validate: validateArg,
    });
  }

  override attach(route: RouteBuilder, args: StaticdirArgs, priority: number): void {
    const settings = {
      ...common(args),
      dir: configuredPath(args.dir, args.root, `${this.namespace}.${this.name}.dir`),
      index: args.index || undefined,
      section: args.section,
      followSymlinksOutside: args.followSymlinksOutside === true,
    };
    route.hook("beforeHandler", (ctx) => staticdir(ctx, settings), { priority, name: `${this.namespace}.${this.name}` });
  }
}

export class StaticfileTool extends Tool<StaticfileArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, { ...options, args: ["filename", "root", "match", "contentTypes"], validate: validateArg });
  }

  override attach(route: RouteBuilder, args: StaticfileArgs, priority: number): void {
    const settings = { ...common(args), filename: configuredPath(args.filename, args.root, `${this.namespace}.${this.name}.filename`) };
    route.hook("beforeHandler", (ctx) => staticfile(ctx, settings), { priority, name: `${this.namespace}.${this.name}` });
  }
}

async function staticdir(ctx: Context, settings: Common & { dir: string; index: string | undefined; section: string | undefined; followSymlinksOutside: boolean }): Promise<void> {
  const { request } = ctx;
  if (!applies(ctx, settings)) return;
  const rest = pathUnderSection(ctx, settings.section, "tools.staticdir.dir");
  if (rest === undefined) return;
  const segments = safeSegments(rest);
  const path = segments && joinInside(settings.dir, segments);
  if (path === undefined) throw new NotFound(request.scriptName + request.pathInfo);

  const found = await locate(path, rest.endsWith("/"), settings.index);
  if (found === undefined) return;
  if (!settings.followSymlinksOutside && !(await resolvesInside(settings.dir, found.file))) return;
  const { file, stats } = found;
  const types = settings.types;
  // An index reached without its trailing slash is redirected by the trailingSlash tool (at 60).
  request.isIndex = found.isIndex;
  request.handler = (_params, c) => serveStats(c, file, stats, { types });
}

/** The file a path names: itself (unless the URL ended in "/"), or the index of the directory it names. */
async function locate(path: string, asDirectory: boolean, index: string | undefined): Promise<{ file: string; stats: Stats; isIndex: boolean } | undefined> {
  if (!asDirectory) {
    const stats = await fileStats(path);
    if (stats !== undefined) return { file: path, stats, isIndex: false };
  }
  if (index === undefined || !(await isDirectory(path))) return undefined;
  const file = join(path, index);
  const stats = await fileStats(file);
  return stats === undefined ? undefined : { file, stats, isIndex: true };
}

async function staticfile(ctx: Context, settings: Common & { filename: string }): Promise<void> {
  if (!applies(ctx, settings)) return;
  const stats = await fileStats(settings.filename);
  if (stats === undefined) return;
  const { filename, types } = settings;
  ctx.request.isIndex = false;
  ctx.request.handler = (_params, c) => serveStats(c, filename, stats, { types });
}

/** Only GET and HEAD, and only paths that `match` allows; other requests go to the dynamic handler. */
function applies(ctx: Context, settings: Common): boolean {
  const { method } = ctx.request;
  if (method !== "GET" && method !== "HEAD") return false;
  return settings.match === undefined || settings.match.test(ctx.request.pathInfo);
}

function common(args: { match?: string; contentTypes?: Record<string, string> }): Common {
  return { match: args.match ? new RegExp(args.match) : undefined, types: contentTypeTable(args.contentTypes) };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** A configured path made absolute: "~" expanded, relative ones joined to root (or the current directory). */
function configuredPath(value: string | undefined, root: string | undefined, key: string): string {
  if (typeof value !== "string" || value === "") throw new ConfigError("the static tools need a path here", { key });
  const path = expandHome(value);
  if (isAbsolute(path)) return resolve(path);
  return resolve(root ? expandHome(root) : process.cwd(), path);
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? homedir() + path.slice(1) : path;
}

function validateArg(name: string, value: unknown): string | undefined {
  switch (name) {
    case "followSymlinksOutside":
      return typeof value === "boolean" ? undefined : "expected a boolean";
    case "contentTypes":
      return typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string")
        ? undefined
        : "expected an object of extension → Content-Type";
    case "match":
      if (typeof value !== "string") return "expected a regular expression as a string";
      try {
        new RegExp(value);
        return undefined;
      } catch (error) {
        return `not a regular expression: ${(error as Error).message}`;
      }
    case "root":
      // The seed's config files reset it with null.
      return value === null || typeof value === "string" ? undefined : "expected a path";
    default:
      return typeof value === "string" ? undefined : "expected a string";
  }
}
