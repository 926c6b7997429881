/** The referer tool: accepts (or rejects) a request by whether its Referer matches a pattern. */
import { ConfigError } from "../config/errors.js";
import { HTTPError, isErrorStatus } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface RefererArgs {
  /** A regular expression matched at the start of the Referer (as Python's re.match). Required. */
  pattern?: string;
  /** True: the Referer must match; false: it must not (default true). */
  accept?: boolean;
  /** Let requests without a Referer through (default false). */
  acceptMissing?: boolean;
  /** The status of the refusal (default 403). */
  error?: number;
  message?: string;
}

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})`);
}

function problemWith(name: string, value: unknown): string | undefined {
  switch (name) {
    case "pattern":
      if (typeof value !== "string") return "expected a regular expression (a string)";
      try {
        anchored(value);
      } catch (error) {
        return `invalid regular expression: ${(error as Error).message}`;
      }
      return undefined;
    case "accept":
    case "acceptMissing":
      return typeof value === "boolean" ? undefined : "expected a boolean";
    case "error":
      return isErrorStatus(value) ? undefined : "expected an error status from 400 to 599";
    default:
      return typeof value === "string" ? undefined : "expected a string";
  }
}

export class RefererTool extends Tool<RefererArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeRequestBody", () => undefined, { ...options, args: ["pattern", "accept", "acceptMissing", "error", "message"], validate: problemWith });
  }

  override attach(route: RouteBuilder, args: RefererArgs, priority: number): void {
    const key = `${this.namespace}.${this.name}`;
    // A guard turned on without its pattern must not let everything through: the route fails instead.
    if (args.pattern === undefined) throw new ConfigError("the referer tool is on but has no pattern", { key: `${key}.pattern` });
    const pattern = anchored(args.pattern);
    const { accept = true, acceptMissing = false, error = 403, message = "Forbidden Referer header." } = args;
    route.hook(
      "beforeRequestBody",
      (ctx) => {
        const referer = ctx.request.headers.get("referer");
        if (referer === undefined ? acceptMissing : pattern.test(referer) === accept) return;
        throw new HTTPError(error, message);
      },
      { priority, name: key },
    );
  }
}
