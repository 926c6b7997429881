/**
 * The autovary tool: records which request headers the handler and tools read (through a recording
 * view of ctx.request.headers, swapped in at onStartResource) and lists them in Vary at beforeFinalize.
 */
import { RequestHeaders, headerCase } from "../http/headers.js";
import { splitNames } from "../http/vary.js";
import type { Context } from "../request/context.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface AutovaryArgs {
  /** Headers never listed in Vary (default Content-Disposition, Content-Length, Content-Type). */
  ignore?: readonly string[];
}

const DEFAULT_IGNORE = ["Content-Disposition", "Content-Length", "Content-Type"];
const READ = Symbol("orchard.autovary.read");

/** Request headers that remember the names asked for with get, getAll and has (lowercased). */
export class RecordingHeaders extends RequestHeaders {
  readonly read = new Set<string>();
  readonly #inner: RequestHeaders;

  constructor(inner: RequestHeaders) {
    super();
    this.#inner = inner;
  }

  override get(name: string): string | undefined {
    this.read.add(name.toLowerCase());
    return this.#inner.get(name);
  }

  override getAll(name: string): readonly string[] {
    this.read.add(name.toLowerCase());
    return this.#inner.getAll(name);
  }

  override delete(name: string): boolean {
    return this.#inner.delete(name);
  }

  override has(name: string): boolean {
    this.read.add(name.toLowerCase());
    return this.#inner.has(name);
  }

  override keys(): IterableIterator<string> {
    return this.#inner.keys();
  }

  override entries(): IterableIterator<[string, string]> {
    return this.#inner.entries();
  }

  override [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#inner.entries();
  }
}

export class AutovaryTool extends Tool<AutovaryArgs> {
  /** Records from onStartResource (at the tool's priority) and writes Vary at beforeFinalize 95. */
  constructor(options: { name: string; priority: number }) {
    super("onStartResource", () => undefined, {
      ...options,
      args: ["ignore"],
      validate: (_name, value) => (Array.isArray(value) && value.every((v) => typeof v === "string") ? undefined : "expected a list of header names"),
    });
  }

  override attach(route: RouteBuilder, args: AutovaryArgs, priority: number): void {
    const ignore = new Set((args.ignore ?? DEFAULT_IGNORE).map((name) => name.toLowerCase()));
    const name = `${this.namespace}.${this.name}`;
    route.hook("onStartResource", startRecording, { priority, name });
    route.hook("beforeFinalize", (ctx) => writeVary(ctx, ignore), { priority: 95, name });
  }
}

function startRecording(ctx: Context): void {
  const recording = new RecordingHeaders(ctx.request.headers);
  ctx.request.headers = recording;
  ctx.state.set(READ, recording.read);
}

/** Vary becomes its current names plus the headers read, minus the ignored ones, sorted. */
function writeVary(ctx: Context, ignore: ReadonlySet<string>): void {
  const read = ctx.state.get(READ) as ReadonlySet<string> | undefined;
  if (read === undefined) return;
  const headers = ctx.response.headers;
  const current = splitNames(headers.get("Vary") ?? "");
  if (current.includes("*")) return;
  const byKey = new Map<string, string>();
  for (const name of current) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  for (const key of read) if (!ignore.has(key) && !byKey.has(key)) byKey.set(key, headerCase(key));
  if (byKey.size === 0) return;
  headers.set("Vary", [...byKey.keys()].sort().map((key) => byKey.get(key)!).join(", "));
}

