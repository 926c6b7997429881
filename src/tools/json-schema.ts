/**
 * JSON Schema validators for jsonIn (bodies) and convertParams (query and path parameters), on ajv.
 * Validators are compiled once per schema object and shared by every route that uses it.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

export type JsonSchema = Readonly<Record<string, unknown>> | boolean;

/** Bodies are typed already: no coercion, so a wrong type is a 400. Defaults fill in missing values. */
const bodies = new Ajv({ allErrors: true, useDefaults: true, strict: false });
/** Parameters arrive as text: coerce to the schema's types; a lone value fits an array type ("array"). */
const params = new Ajv({ allErrors: true, useDefaults: true, strict: false, coerceTypes: "array" });

const compiled = { body: new WeakMap<object, ValidateFunction>(), params: new WeakMap<object, ValidateFunction>() };

/** A validator for `schema`, compiled on first use; throws (with ajv's reason) for an invalid schema. */
export function validatorFor(schema: JsonSchema, kind: "body" | "params"): ValidateFunction {
  const key = typeof schema === "object" ? schema : { schema };
  const cache = compiled[kind];
  let validate = cache.get(key);
  if (validate === undefined) {
    validate = (kind === "body" ? bodies : params).compile(schema as Record<string, unknown>);
    if (typeof schema === "object") cache.set(key, validate);
  }
  return validate;
}

/** What is wrong with a schema argument, or undefined (for the tools' config checks). */
export function schemaProblem(value: unknown, kind: "body" | "params"): string | undefined {
  if (typeof value !== "boolean" && (typeof value !== "object" || value === null || Array.isArray(value))) {
    return "expected a JSON Schema (an object)";
  }
  try {
    validatorFor(value as JsonSchema, kind);
    return undefined;
  } catch (error) {
    return `invalid JSON Schema: ${(error as Error).message}`;
  }
}

/**
 * ajv's errors as short lines: `/name: must be string` for bodies (JSON Pointer paths, "/" for the
 * whole document), `name: must be integer` for parameters. A missing property is named in the path.
 */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, kind: "body" | "params"): string[] {
  const lines: string[] = [];
  for (const error of errors ?? []) {
    let path = error.instancePath;
    let message = error.message ?? "is invalid";
    if (error.keyword === "required") {
      path += `/${String((error.params as { missingProperty?: unknown }).missingProperty)}`;
      message = "is required";
    } else if (error.keyword === "additionalProperties") {
      path += `/${String((error.params as { additionalProperty?: unknown }).additionalProperty)}`;
      message = "is not allowed";
    }
    if (kind === "params") path = path.slice(1).replaceAll("/", ".") || "(parameters)";
    else path ||= "/";
    const line = `${path}: ${message}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}
