/** The small interface every dispatcher implements: a path in, a handler and its config layers out. */
import type { SectionConfig } from "../config/types.js";
import type { Context } from "../request/context.js";
import type { Params } from "../request/request.js";

/** A request handler: `(params, ctx) => body`. */
export type Handler = (params: Params, ctx: Context) => unknown;

export interface Found {
  /** Undefined when nothing matched: 404, or 405 when `allow` is set. */
  handler: Handler | undefined;
  /** Leftover positional segments. */
  args: string[];
  /** Named path parameters (popargs, routes). */
  params?: Record<string, string>;
  /** Config along the way, least specific first: app sections and class or method config. */
  layers: Array<SectionConfig | undefined>;
  /** True when an index matched (the path should end in "/"), false for a leaf. */
  isIndex?: boolean;
  /** The methods the resource answers, for a 405. */
  allow?: string[];
}

export interface Dispatcher {
  /** `path` is the path after the script name, percent-encoded as sent. */
  dispatch(path: string, ctx: Context): Found | Promise<Found>;
}

/** Splits a raw path into decoded segments ("%2F" stays inside its segment). */
export function splitPath(path: string, decode: (segment: string) => string): string[] {
  const segments: string[] = [];
  for (const raw of path.split("/")) if (raw !== "") segments.push(decode(raw));
  return segments;
}
