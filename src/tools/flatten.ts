/**
 * The flatten tool: lets a handler return nested iterables (generators yielding generators, arrays of
 * arrays, async ones too) by replacing the body with one flat stream of its strings and bytes.
 */
import { Readable } from "node:stream";
import type { Context } from "../request/context.js";
import type { Chunk } from "../request/response.js";
import { Tool } from "./tool.js";

function isLeaf(value: unknown): boolean {
  return typeof value !== "object" || value === null || value instanceof Uint8Array || value instanceof Readable;
}

function isNested(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return !isLeaf(value) && (Symbol.iterator in (value as object) || Symbol.asyncIterator in (value as object));
}

/** Yields the leaves of a nested body in order; strings and bytes are leaves, never iterated. */
export async function* flattened(body: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<Chunk> {
  for await (const item of body) {
    if (isNested(item)) yield* flattened(item);
    else yield item as Chunk;
  }
}

/** Replaces a nested iterable body with its flat stream of chunks; strings, bytes and streams stay as they are. */
export function flatten(ctx: Context): void {
  const body = ctx.response.body;
  if (isNested(body)) ctx.response.body = flattened(body);
}

export class FlattenTool extends Tool<Record<string, never>> {
  constructor(options: { name: string; priority: number }) {
    super("beforeFinalize", flatten, { ...options, args: [] });
  }
}
