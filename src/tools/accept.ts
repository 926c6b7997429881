/**
 * The accept tool and the negotiate() helper: pick the media type to emit from the client's Accept
 * header (negotiator decides), add `Vary: Accept`, and answer 406 when nothing fits.
 */
import Negotiator from "negotiator";
import { isJsonType, parseMediaType } from "../http/media-types.js";
import { appendVary } from "../http/vary.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface AcceptArgs {
  /** The media types this resource emits, in the order to prefer when the client does not care. */
  media?: string | readonly string[];
}

const ACCEPTED = Symbol("orchard.accept.media");

/**
 * The media type to emit for this request, one of `media`: the first listed when the client sent
 * no Accept header, else the best match by q-value (`*\/*` and `type/*` pick the first fitting
 * listed type). Adds `Vary: Accept`; throws 406 when nothing fits. Also remembered for acceptedMedia().
 */
export function acceptMedia(ctx: Context, media: readonly string[]): string {
  appendVary(ctx.response.headers, "Accept");
  const header = ctx.request.headers.get("accept");
  let chosen: string | undefined;
  if (header === undefined || header.trim() === "") chosen = media[0];
  else chosen = new Negotiator({ headers: { accept: header } }).mediaType(media);
  if (chosen === undefined) {
    throw new HTTPError(406, `Your client sent this Accept header: ${header}. But this resource only emits these media types: ${media.join(", ")}.`);
  }
  ctx.state.set(ACCEPTED, chosen);
  return chosen;
}

/** The media type the accept tool (or acceptMedia/negotiate) chose for this request, if any. */
export function acceptedMedia(ctx: Context): string | undefined {
  return ctx.state.get(ACCEPTED) as string | undefined;
}

/** One body producer per media type, in the order to prefer. */
export type Representations = Readonly<Record<string, () => unknown>>;

/**
 * Answers with the representation the client prefers: `return negotiate(ctx, { "application/json":
 * () => data, "text/html": () => page(data) })`. Sets Content-Type (text types get `;charset=utf-8`,
 * the encoding strings are sent in), adds `Vary: Accept`, 406 when nothing fits. A JSON
 * representation that returns something other than a string or bytes is serialized with JSON.stringify.
 */
export async function negotiate(ctx: Context, representations: Representations): Promise<unknown> {
  const chosen = acceptMedia(ctx, Object.keys(representations));
  const media = parseMediaType(chosen);
  const textual = media !== undefined && media.type === "text" && media.params.charset === undefined;
  ctx.response.headers.set("Content-Type", textual ? `${chosen};charset=utf-8` : chosen);
  const body = await representations[chosen]!();
  if (isJsonType(chosen) && body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)) return JSON.stringify(body);
  return body;
}

/** `tools.accept.media = [...]`: no-op without media; the choice is read with acceptedMedia(ctx). */
export class AcceptTool extends Tool<AcceptArgs> {
  constructor(options: { name: string; priority: number }) {
    super("onStartResource", () => undefined, {
      ...options,
      args: ["media"],
      validate: (name, value) => (name === "media" && !isMediaList(value) ? "expected a media type or a list of them" : undefined),
    });
  }

  override attach(route: RouteBuilder, args: AcceptArgs, priority: number): void {
    if (args.media === undefined) return;
    const media = listOf(args.media);
    if (media.length === 0) return;
    route.hook("onStartResource", (ctx) => void acceptMedia(ctx, media), { priority, name: `${this.namespace}.${this.name}` });
  }
}

function listOf(media: string | readonly string[]): readonly string[] {
  return typeof media === "string" ? [media] : media;
}

function isMediaList(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}
