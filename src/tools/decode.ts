/**
 * The decode tool: which charsets to try for a urlencoded request body. `encoding` replaces the
 * list (even over the Content-Type's charset; a body that is not in it → 400); `defaultEncoding`
 * adds charsets tried after the declared one (or utf-8).
 */
import { FORM_CHARSETS, type FormCharsets } from "../request/body/urlencoded.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface DecodeArgs {
  /** Decode only with these charsets. */
  encoding?: string | readonly string[];
  /** Also try these, after the declared charset (default utf-8). */
  defaultEncoding?: string | readonly string[];
}

export class DecodeTool extends Tool<DecodeArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeRequestBody", () => undefined, {
      ...options,
      args: ["encoding", "defaultEncoding"],
      validate: (_name, value) => (isCharsetList(value) ? undefined : "expected a charset name or a list of them"),
    });
  }

  override attach(route: RouteBuilder, args: DecodeArgs, priority: number): void {
    const choice: FormCharsets = args.encoding !== undefined ? { forced: listOf(args.encoding) } : { extra: listOf(args.defaultEncoding ?? "utf-8") };
    route.hook("beforeRequestBody", (ctx) => void ctx.state.set(FORM_CHARSETS, choice), { priority, name: `${this.namespace}.${this.name}` });
  }
}

function listOf(value: string | readonly string[]): readonly string[] {
  return Object.freeze(typeof value === "string" ? [value] : [...value]);
}

function isCharsetList(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
}
