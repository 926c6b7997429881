/**
 * jsonIn: parses a JSON request body into `ctx.request.json`, optionally checked against a JSON
 * Schema (CherryPy's json_in). It reads the body itself at beforeRequestBody, so the form processors
 * never see it. Keys that could reach a prototype (`__proto__`, `constructor.prototype`) are refused.
 */
import { TextDecoder } from "node:util";
import { isJsonType, mediaTypeMatches, parseMediaType } from "../http/media-types.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";
import { describeErrors, schemaProblem, validatorFor, type JsonSchema } from "./json-schema.js";

export interface JsonInArgs {
  /** The media types (or patterns such as `application/*+json`) read as JSON. */
  contentType: string | readonly string[];
  /** Refuse any other Content-Type with 415 (default true); otherwise the usual processors run. */
  force: boolean;
  /** A POST/PUT/PATCH must carry a body (default true): 411 without a length, 400 when empty. */
  required: boolean;
  /** A JSON Schema the parsed document must match (400 listing the failing paths). */
  schema: JsonSchema;
}

export const JSON_IN_ARGS = ["contentType", "force", "required", "schema"] as const;
const DEFAULT_TYPES = ["application/json", "application/*+json"] as const;

const utf8 = new TextDecoder("utf-8", { fatal: true });
/** Bodies that might hold a prototype key, written plainly or with \u escapes. */
const SUSPICIOUS = /__proto__|constructor|\\u/;

/** Refuses keys that reach Object.prototype when the parsed value is later merged or assigned. */
function refusePrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === "__proto__") throw new SyntaxError('the key "__proto__" is not allowed');
  if (key === "constructor" && typeof value === "object" && value !== null && Object.hasOwn(value, "prototype")) {
    throw new SyntaxError('the key "constructor" with a "prototype" inside is not allowed');
  }
  return value;
}

/** Parses JSON text; any failure is a 400 with a short reason. */
export function parseJsonBody(bytes: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HTTPError(400, "Invalid JSON document: the body is not valid UTF-8.");
  }
  try {
    return SUSPICIOUS.test(text) ? JSON.parse(text, refusePrototypeKeys) : JSON.parse(text);
  } catch (error) {
    throw new HTTPError(400, `Invalid JSON document: ${(error as Error).message}`);
  }
}

function problemWith(name: string, value: unknown): string | undefined {
  switch (name) {
    case "contentType": {
      const list = typeof value === "string" ? [value] : value;
      const ok = Array.isArray(list) && list.length > 0 && list.every((t) => typeof t === "string" && parseMediaType(t) !== undefined);
      return ok ? undefined : "expected a media type or a non-empty list of them";
    }
    case "force":
    case "required":
      return typeof value === "boolean" ? undefined : `expected a boolean, got ${typeof value}`;
    case "schema":
      return schemaProblem(value, "body");
    default:
      return undefined;
  }
}

export class JsonInTool extends Tool<Partial<JsonInArgs>> {
  constructor(options: { name: string; priority: number }) {
    super("beforeRequestBody", () => undefined, { ...options, args: JSON_IN_ARGS, validate: problemWith });
  }

  override attach(route: RouteBuilder, args: Partial<JsonInArgs>, priority: number): void {
    const types = args.contentType === undefined ? DEFAULT_TYPES : typeof args.contentType === "string" ? [args.contentType] : args.contentType;
    const isJson = types === DEFAULT_TYPES ? isJsonType : (value: string) => types.some((t) => mediaTypeMatches(t, value));
    const force = args.force ?? true;
    const required = args.required ?? true;
    const validate = args.schema === undefined ? undefined : validatorFor(args.schema, "body");
    const expected = `Expected an entity of content type ${types.join(", ")}`;

    const readJson = async (ctx: Context): Promise<void> => {
      const { request } = ctx;
      const route = ctx.route;
      if (route === undefined || !route.processBody || !route.methodsWithBodies.has(request.method)) return;
      const body = request.body;
      const contentType = request.headers.get("content-type");
      if (!body.present) {
        if (!required) return;
        if (body.length === undefined) throw new HTTPError(411, "A JSON body is required, with a Content-Length (or chunked).");
        throw new HTTPError(400, "A JSON body is required");
      }
      if (contentType === undefined || !isJson(contentType)) {
        if (force) throw new HTTPError(415, expected);
        return;
      }
      const charset = parseMediaType(contentType)?.params.charset;
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) throw new HTTPError(415, `${expected}, in UTF-8 (got charset ${charset})`);
      const bytes = await body.read();
      if (bytes.length === 0) {
        // A chunked body that turned out empty.
        if (required) throw new HTTPError(400, "A JSON body is required");
        return;
      }
      const value = parseJsonBody(bytes);
      if (validate !== undefined && !validate(value)) {
        throw new HTTPError(400, `The JSON document does not match the schema: ${describeErrors(validate.errors, "body").join("; ")}`);
      }
      request.json = value;
    };
    route.hook("beforeRequestBody", readJson, { priority, name: `${this.namespace}.${this.name}` });
  }
}
