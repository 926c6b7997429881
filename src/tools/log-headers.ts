/**
 * The logHeaders tool: when a request fails with an unexpected exception, writes its headers to the
 * error log (credentials masked), to help reproduce the failure.
 */
import { headerCase } from "../http/headers.js";
import type { Context } from "../request/context.js";
import type { RouteBuilder } from "../request/route.js";
import { isUnexpected } from "./log-tracebacks.js";
import { Tool } from "./tool.js";

export interface LogHeadersArgs {
  /** Headers whose values are logged as "[redacted]" (default Authorization, Proxy-Authorization, Cookie). */
  redact?: readonly string[];
}

const DEFAULT_REDACT = ["Authorization", "Proxy-Authorization", "Cookie"];


/** "Request Headers:" and one indented "Name: value" line per header. */
export function describeHeaders(ctx: Context, redact: ReadonlySet<string>): string {
  const lines = ["Request Headers:"];
  for (const [name, value] of ctx.request.headers.entries()) lines.push(`  ${headerCase(name)}: ${redact.has(name) ? "[redacted]" : value}`);
  return lines.join("\n");
}

export class LogHeadersTool extends Tool<LogHeadersArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeErrorResponse", () => undefined, {
      ...options,
      failsafe: true,
      args: ["redact"],
      validate: (_name, value) => (Array.isArray(value) && value.every((v) => typeof v === "string") ? undefined : "expected a list of header names"),
    });
  }

  override attach(route: RouteBuilder, args: LogHeadersArgs, priority: number): void {
    const redact = new Set((args.redact ?? DEFAULT_REDACT).map((name) => name.toLowerCase()));
    route.hook(
      "beforeErrorResponse",
      (ctx) => {
        if (isUnexpected(ctx)) ctx.log(describeHeaders(ctx, redact), "info");
      },
      { priority, failsafe: true, name: `${this.namespace}.${this.name}` },
    );
  }
}
