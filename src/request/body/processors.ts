/** Body processors by content type; users replace or add them with `request.bodyProcessors`. */
import { parseMediaType } from "../../http/media-types.js";
import { HTTPError } from "../errors.js";
import type { Context } from "../context.js";
import { processMultipart } from "./multipart.js";
import { mergeParams } from "./params.js";
import { parseFormBytes } from "./urlencoded.js";

export type BodyProcessor = (ctx: Context) => Promise<void>;

export const DEFAULT_PROCESSORS: Readonly<Record<string, BodyProcessor>> = Object.freeze({
  "application/x-www-form-urlencoded": async (ctx: Context) => {
    const charset = parseMediaType(ctx.request.headers.get("content-type") ?? "")?.params.charset ?? "utf-8";
    mergeParams(ctx.request.params, parseFormBytes(await ctx.request.body.read(), charset));
  },
  "multipart/form-data": (ctx: Context) => processMultipart(ctx),
});

/**
 * Runs the processor for the request's Content-Type. A request without a Content-Type is left
 * unread for the handler (never guessed at); one that has a type but no length is refused (411).
 */
export async function processBody(ctx: Context, processors: Readonly<Record<string, BodyProcessor>>): Promise<void> {
  const { request } = ctx;
  const contentType = request.headers.get("content-type");
  if (contentType === undefined) return;
  const body = request.body;
  if (!body.present) {
    if (body.length === undefined) throw new HTTPError(411, "A request body with a Content-Type needs a Content-Length.");
    return;
  }
  body.checkLength();
  const media = parseMediaType(contentType);
  if (media === undefined) throw new HTTPError(400, `Malformed Content-Type header: ${contentType}`);
  const processor = processors[`${media.type}/${media.subtype}`] ?? processors[media.type];
  if (processor !== undefined) await processor(ctx);
}
