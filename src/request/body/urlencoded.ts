/** application/x-www-form-urlencoded bodies (and query strings), in UTF-8 or a declared charset. */
import { TextDecoder } from "node:util";
import { parseUrlencoded, FormDecodeError } from "../../http/forms.js";
import { HTTPError } from "../errors.js";
import type { Params } from "../request.js";

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

/** Decodes a form body whose bytes are in another charset than UTF-8 (the charset parameter). */
export function parseFormBytes(body: Buffer, charset: string): Params {
  if (/^utf-?8$/i.test(charset)) return parseForm(body.toString("utf8"), "request entity");
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new HTTPError(400, `The request entity could not be decoded. The following charsets were attempted: ['${charset}']`);
  }
  // Percent-escapes stand for bytes in the declared charset: decode bytes, then text.
  const ascii = body.toString("latin1");
  const params = Object.create(null) as Params;
  for (const pair of ascii.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodeBytes(eq === -1 ? pair : pair.slice(0, eq), decoder, charset);
    const value = eq === -1 ? "" : decodeBytes(pair.slice(eq + 1), decoder, charset);
    const current = params[key];
    params[key] = current === undefined ? value : Array.isArray(current) ? [...(current as string[]), value] : [current, value];
  }
  return params;
}

function decodeBytes(latin1: string, decoder: TextDecoder, charset: string): string {
  const bytes = Buffer.from(
    latin1.replace(/\+/g, " ").replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  );
  try {
    return decoder.decode(bytes);
  } catch {
    throw new HTTPError(400, `The request entity could not be decoded. The following charsets were attempted: ['${charset}']`);
  }
}
