/**
 * The logTracebacks tool (on by default): writes an unexpected exception, with its stack, to the error
 * log before the 500 is made. HTTPErrors are answers, not failures, and are not logged.
 */
import type { LogLevel } from "../log/record.js";
import type { Context } from "../request/context.js";
import { HTTPError } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface LogTracebacksArgs {
  /** The level the traceback is logged at (default "error"). */
  severity?: LogLevel;
}

const LEVELS: readonly string[] = ["debug", "info", "warning", "error"];

/** True when the error being answered is an exception, not an HTTPError raised on purpose. */
export function isUnexpected(ctx: Context): boolean {
  const error = ctx.error;
  return error !== undefined && !(error instanceof HTTPError);
}

function pathOf(ctx: Context): string {
  try {
    return ctx.request.pathInfo;
  } catch {
    return ctx.request.rawPathInfo;
  }
}

export class LogTracebacksTool extends Tool<LogTracebacksArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeErrorResponse", () => undefined, {
      ...options,
      // Failsafe: an error hook that fails before it must not hide the original exception.
      failsafe: true,
      args: ["severity"],
      validate: (_name, value) => (LEVELS.includes(value as string) ? undefined : `expected one of ${LEVELS.join(", ")}`),
    });
  }

  override attach(route: RouteBuilder, args: LogTracebacksArgs, priority: number): void {
    const severity = args.severity ?? "error";
    route.hook(
      "beforeErrorResponse",
      (ctx) => {
        if (!isUnexpected(ctx)) return;
        ctx.log(`Error in ${ctx.request.method} ${ctx.request.scriptName}${pathOf(ctx)}`, severity, ctx.error);
      },
      { priority, failsafe: true, name: `${this.namespace}.${this.name}` },
    );
  }
}
