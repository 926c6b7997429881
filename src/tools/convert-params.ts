/**
 * convertParams: checks and converts `ctx.request.params` (query string, form fields, path
 * parameters; all text) by a JSON Schema before the handler runs (CherryPy's params tool, with a
 * schema instead of type annotations). Values are coerced to the schema's types in place
 * ("3" → 3, "true" → true, a lone value → [value] for an array type, defaults filled in); anything
 * that does not fit is a 400 (or `status`) naming each failing parameter.
 */
import type { Context } from "../request/context.js";
import { HTTPError, isErrorStatus } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";
import { describeErrors, schemaProblem, validatorFor, type JsonSchema } from "./json-schema.js";

export interface ConvertParamsArgs {
  /** A JSON Schema for the params object: `{ type: "object", properties: { id: { type: "integer" } } }`. */
  schema: JsonSchema;
  /** The error status when a parameter does not fit (default 400; 422 is a common choice). */
  status: number;
}

export const CONVERT_PARAMS_ARGS = ["schema", "status"] as const;

function problemWith(name: string, value: unknown): string | undefined {
  if (name === "schema") return schemaProblem(value, "params");
  if (name === "status") return isErrorStatus(value) ? undefined : "expected an error status from 400 to 599";
  return undefined;
}

export class ConvertParamsTool extends Tool<Partial<ConvertParamsArgs>> {
  constructor(options: { name: string; priority: number }) {
    super("beforeHandler", () => undefined, { ...options, args: CONVERT_PARAMS_ARGS, validate: problemWith });
  }

  override attach(route: RouteBuilder, args: Partial<ConvertParamsArgs>, priority: number): void {
    if (args.schema === undefined) {
      route.warn(`${this.namespace}.${this.name} is on without a schema; it does nothing`);
      return;
    }
    const validate = validatorFor(args.schema, "params");
    const status = args.status ?? 400;
    const convert = (ctx: Context): void => {
      if (!validate(ctx.request.params)) {
        throw new HTTPError(status, `Invalid parameters: ${describeErrors(validate.errors, "params").join("; ")}`);
      }
    };
    route.hook("beforeHandler", convert, { priority, name: `${this.namespace}.${this.name}` });
  }
}
