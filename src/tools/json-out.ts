/**
 * jsonOut: serializes what the handler returns as JSON (CherryPy's json_out), with a serializer
 * compiled from a response schema by fast-json-stringify when one is given, and renders the route's
 * errors as JSON too: `{"status":404,"message":"..."}`.
 *
 * What a handler may return: any JSON value (strings are encoded too: "hello" → `"hello"`);
 * `undefined` is sent as `null` with 200, as CherryPy does with None; Dates become ISO strings (their
 * toJSON). Bytes (Buffer, Uint8Array) and streams are taken as JSON already serialized and sent as
 * they are. A BigInt or a cycle is a 500 whose message says so, never a guessed encoding.
 */
import { Readable } from "node:stream";
import build from "fast-json-stringify";
import type { Context } from "../request/context.js";
import type { ErrorInfo } from "../request/error-page.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";
import type { JsonSchema } from "./json-schema.js";

export interface JsonOutArgs {
  /** The Content-Type set before the handler runs (default application/json); null leaves it alone. */
  contentType: string | null;
  /** A JSON Schema of the response, compiled once into a fast serializer (fast-json-stringify). */
  schema: JsonSchema;
}

export const JSON_OUT_ARGS = ["contentType", "schema"] as const;

type Serializer = (value: unknown) => string;

const serializers = new WeakMap<object, Serializer>();

/** The fast-json-stringify serializer for a schema, built on first use and shared by routes. */
export function serializerFor(schema: JsonSchema): Serializer {
  if (typeof schema !== "object") return plain;
  let serialize = serializers.get(schema);
  if (serialize === undefined) {
    serialize = build(schema as unknown as build.AnySchema) as Serializer;
    serializers.set(schema, serialize);
  }
  return serialize;
}

function plain(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** Serializes a handler's value; bytes and streams pass through as already-encoded JSON. */
function encode(value: unknown, serialize: Serializer): unknown {
  if (value instanceof Uint8Array || value instanceof Readable) return value;
  try {
    return serialize(value === undefined ? null : value);
  } catch (error) {
    const reason = (error as Error).message;
    const hint = /BigInt/i.test(reason) ? " (convert BigInt values to strings or numbers in the handler)" : "";
    throw new Error(`jsonOut could not serialize the handler's value: ${reason}${hint}`, { cause: error });
  }
}

function problemWith(name: string, value: unknown): string | undefined {
  if (name === "contentType") return value === null || typeof value === "string" ? undefined : "expected a media type, or null to leave Content-Type alone";
  if (name === "schema") {
    if (typeof value !== "boolean" && (typeof value !== "object" || value === null || Array.isArray(value))) return "expected a JSON Schema (an object)";
    try {
      serializerFor(value as JsonSchema);
    } catch (error) {
      return `invalid response schema: ${(error as Error).message}`;
    }
  }
  return undefined;
}

/** The JSON error body: status and message, and the traceback only when tracebacks are shown. */
export function jsonErrorBody(info: ErrorInfo): string {
  const body: { status: number; message: string; traceback?: string } = { status: info.status, message: info.message };
  if (info.traceback !== undefined) body.traceback = info.traceback;
  return JSON.stringify(body);
}

export class JsonOutTool extends Tool<Partial<JsonOutArgs>> {
  /** The point is nominal: the tool wraps the handler and renders the route's errors. */
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, { ...options, args: JSON_OUT_ARGS, validate: problemWith });
  }

  override attach(route: RouteBuilder, args: Partial<JsonOutArgs>, priority: number): void {
    const contentType = args.contentType === undefined ? "application/json" : args.contentType;
    const serialize = args.schema === undefined ? plain : serializerFor(args.schema);
    route.wrapHandler(
      (next) => (ctx: Context) => {
        if (contentType !== null) ctx.response.headers.set("Content-Type", contentType);
        const value = next(ctx);
        return value instanceof Promise ? value.then((v) => encode(v, serialize)) : encode(value, serialize);
      },
      priority,
    );
    const errorType = contentType ?? "application/json";
    route.renderErrors((info) => ({ body: jsonErrorBody(info), contentType: errorType }));
  }
}
