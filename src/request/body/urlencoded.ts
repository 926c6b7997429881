/** application/x-www-form-urlencoded bodies (and query strings), in UTF-8 or a declared charset. */
import { TextDecoder } from "node:util";
import { parseUrlencoded, FormDecodeError } from "../../http/forms.js";
import { HTTPError } from "../errors.js";
import type { Params } from "../request.js";
import type { Context } from "../context.js";
import { parseMediaType } from "../../http/media-types.js";

export function parseForm(text: string, what: "query string" | "request entity"): Params {
  try {
    return parseUrlencoded(text);
  } catch (error) {
    if (error instanceof FormDecodeError) {
      throw new HTTPError(400, `The ${what} could not be decoded: bad percent-encoding in ${JSON.stringify(error.key)}.`);
    }
    throw error;
  }
}

/** Where the decode tool puts the charsets to try for this request's form body (a ctx.state key). */
export const FORM_CHARSETS = Symbol("orchard.formCharsets");

export interface FormCharsets {
  /** Try only these, whatever the Content-Type says. */
  forced?: readonly string[];
  /** Try these after the declared charset (or utf-8). */
  extra?: readonly string[];
}

/** The charsets to try for a form body, in order: the decode tool's forced list, else the declared one (or utf-8) then its extras. */
export function formCharsets(ctx: Context): readonly string[] {
  const choice = ctx.state.get(FORM_CHARSETS) as FormCharsets | undefined;
  if (choice?.forced) return choice.forced;
  const declared = parseMediaType(ctx.request.headers.get("content-type") ?? "")?.params.charset ?? "utf-8";
  if (!choice?.extra) return [declared];
  const list = [declared];
  for (const charset of choice.extra) if (!list.some((c) => c.toLowerCase() === charset.toLowerCase())) list.push(charset);
  return list;
}

/**
 * Decodes a form body in the first charset that fits: percent-escapes stand for bytes in that
 * charset, so split and unescape to bytes first, then decode strictly. None fits → 400.
 */
export function parseFormBytes(body: Buffer, charsets: string | readonly string[]): Params {
  const list = typeof charsets === "string" ? [charsets] : charsets;
  if (list.length === 1 && UTF8.test(list[0]!)) return parseForm(body.toString("utf8"), "request entity");
  const pairs = body.toString("latin1").split("&");
  for (const charset of list) {
    const params = decodePairs(pairs, charset);
    if (params !== undefined) return params;
  }
  throw new HTTPError(400, `The request entity could not be decoded. The following charsets were attempted: [${list.map((c) => `'${c}'`).join(", ")}]`);
}

const UTF8 = /^utf-?8$/i;

function decodePairs(pairs: readonly string[], charset: string): Params | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    return undefined;
  }
  const params = Object.create(null) as Params;
  try {
    for (const pair of pairs) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const key = decodeBytes(eq === -1 ? pair : pair.slice(0, eq), decoder);
      const value = eq === -1 ? "" : decodeBytes(pair.slice(eq + 1), decoder);
      const current = params[key];
      params[key] = current === undefined ? value : Array.isArray(current) ? [...(current as string[]), value] : [current, value];
    }
  } catch {
    return undefined;
  }
  return params;
}

function decodeBytes(latin1: string, decoder: TextDecoder): string {
  const bytes = Buffer.from(
    latin1.replace(/\+/g, " ").replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  );
  return decoder.decode(bytes);
}
