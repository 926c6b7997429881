/**
 * The ignoreHeaders tool: drops request headers before anything reads them; by default Range, for a
 * front server that already applied it (Apache would otherwise cut the body twice).
 */
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface IgnoreHeadersArgs {
  /** The request headers to delete (default ["Range"]). */
  headers?: readonly string[];
}

export class IgnoreHeadersTool extends Tool<IgnoreHeadersArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeRequestBody", () => undefined, {
      ...options,
      args: ["headers"],
      validate: (_name, value) => (Array.isArray(value) && value.every((v) => typeof v === "string") ? undefined : "expected a list of header names"),
    });
  }

  override attach(route: RouteBuilder, args: IgnoreHeadersArgs, priority: number): void {
    const names = args.headers ?? ["Range"];
    if (names.length === 0) return;
    route.hook(
      "beforeRequestBody",
      (ctx) => {
        for (const name of names) ctx.request.headers.delete(name);
      },
      { priority, name: `${this.namespace}.${this.name}` },
    );
  }
}
