/**
 * Body processors by content type. `request.bodyProcessors` adds or replaces processors over the
 * defaults (a null entry removes one); `request.body.multipart` sets the multipart limits.
 */
import { parseMediaType } from "../../http/media-types.js";
import { HTTPError } from "../errors.js";
import type { Context } from "../context.js";
import { processMultipart, type MultipartLimits } from "./multipart.js";
import { mergeParams } from "./params.js";
import { formCharsets, parseFormBytes } from "./urlencoded.js";

export type BodyProcessor = (ctx: Context) => Promise<void>;

/** What `request.bodyProcessors` takes: content type (or a bare type, "text") → processor, or null to drop one. */
export type BodyProcessorMap = Readonly<Record<string, BodyProcessor | null>>;

// A null prototype: a Content-Type like "__proto__/x" or "constructor/x" must find no processor.
export const DEFAULT_PROCESSORS: Readonly<Record<string, BodyProcessor>> = Object.freeze(Object.assign(Object.create(null) as Record<string, BodyProcessor>, {
  "application/x-www-form-urlencoded": async (ctx: Context) => {
    mergeParams(ctx.request.params, parseFormBytes(await ctx.request.body.read(), formCharsets(ctx)));
  },
  "multipart/form-data": (ctx: Context) =>
    processMultipart(ctx, ctx.route?.config["request.body.multipart"] as Partial<MultipartLimits> | undefined),
}));

/** The processors a route uses: its `request.bodyProcessors` over the defaults (computed when the route compiles). */
export function processorsFor(config: Readonly<Record<string, unknown>>): Readonly<Record<string, BodyProcessor>> {
  const own = config["request.bodyProcessors"] as BodyProcessorMap | undefined;
  if (own === undefined || own === null) return DEFAULT_PROCESSORS;
  const out: Record<string, BodyProcessor> = Object.assign(Object.create(null) as Record<string, BodyProcessor>, DEFAULT_PROCESSORS);
  for (const [type, processor] of Object.entries(own)) {
    if (processor === null) delete out[type.toLowerCase()];
    else out[type.toLowerCase()] = processor;
  }
  return Object.freeze(out);
}

/**
 * Runs the processor for the request's Content-Type. A request without a Content-Type is left
 * unread for the handler (never guessed at); one that has a type but no length is refused (411).
 * A body a tool has already read is left alone.
 */
export async function processBody(ctx: Context, processors: Readonly<Record<string, BodyProcessor>>): Promise<void> {
  const { request } = ctx;
  // A tool already took the body (jsonIn reads it at beforeRequestBody): nothing is left to process.
  if (request.body.consumed) return;
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
