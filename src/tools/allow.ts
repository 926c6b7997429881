/** The allow tool: lists the methods a resource answers in Allow, and refuses the others with 405. */
import { HTTPError } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface AllowArgs {
  /** The methods allowed (case-insensitive; default GET and HEAD). HEAD comes with GET. */
  methods?: string | readonly string[];
}

/** The methods to allow, uppercased, with HEAD added whenever GET is there. */
export function allowedMethods(methods: AllowArgs["methods"]): string[] {
  const list = (typeof methods === "string" ? [methods] : (methods ?? [])).filter((m) => m !== "").map((m) => m.toUpperCase());
  if (list.length === 0) return ["GET", "HEAD"];
  if (list.includes("GET") && !list.includes("HEAD")) list.push("HEAD");
  return [...new Set(list)];
}

export class AllowTool extends Tool<AllowArgs> {
  constructor(options: { name: string; priority: number }) {
    super("onStartResource", () => undefined, {
      ...options,
      args: ["methods"],
      validate: (_name, value) =>
        typeof value === "string" || (Array.isArray(value) && value.every((m) => typeof m === "string")) ? undefined : "expected a method or a list of methods",
    });
  }

  override attach(route: RouteBuilder, args: AllowArgs, priority: number): void {
    const methods = allowedMethods(args.methods);
    const allow = methods.join(", ");
    route.hook(
      "onStartResource",
      (ctx) => {
        // Set whether or not the method is allowed: a 405 must say what is.
        ctx.response.headers.set("Allow", allow);
        if (!methods.includes(ctx.request.method)) throw new HTTPError(405);
      },
      { priority, name: `${this.namespace}.${this.name}` },
    );
  }
}
