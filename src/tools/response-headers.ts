/** The responseHeaders tool: fixed headers set on every response of a path (CherryPy's response_headers). */
import { ResponseHeaders } from "../http/headers.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export type HeaderList = Readonly<Record<string, string | number>> | ReadonlyArray<readonly [string, string | number]>;

export interface ResponseHeadersArgs {
  /** `{ "Content-Language": "fr" }` or `[["Content-Language", "fr"]]`. */
  headers?: HeaderList;
}

function pairsOf(headers: HeaderList | undefined): Array<[string, string]> {
  if (headers === undefined) return [];
  const entries = Array.isArray(headers) ? (headers as ReadonlyArray<readonly [string, string | number]>) : Object.entries(headers);
  return entries.map(([name, value]) => [name, String(value)]);
}

function problemWith(_name: string, value: unknown): string | undefined {
  const isPair = (p: unknown) => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && ["string", "number"].includes(typeof p[1]);
  const valid = Array.isArray(value)
    ? value.every(isPair)
    : typeof value === "object" && value !== null && Object.values(value).every((v) => ["string", "number"].includes(typeof v));
  if (!valid) return "expected an object of header names to values, or a list of [name, value] pairs";
  try {
    const probe = new ResponseHeaders();
    for (const [name, v] of pairsOf(value as HeaderList)) probe.set(name, v);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

export class ResponseHeadersTool extends Tool<ResponseHeadersArgs> {
  constructor(options: { name: string; priority: number }) {
    // Failsafe, as in CherryPy: the headers are set even when an earlier hook at the point failed.
    super("onStartResource", () => undefined, { ...options, failsafe: true, args: ["headers"], validate: problemWith });
  }

  override attach(route: RouteBuilder, args: ResponseHeadersArgs, priority: number): void {
    const pairs = pairsOf(args.headers);
    if (pairs.length === 0) return;
    route.hook(
      "onStartResource",
      (ctx) => {
        for (const [name, value] of pairs) ctx.response.headers.set(name, value);
      },
      { priority, failsafe: true, name: `${this.namespace}.${this.name}` },
    );
  }
}
