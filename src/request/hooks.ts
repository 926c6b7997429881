/** Hook points and the sorted hook lists a route compiles once. */
import type { Context } from "./context.js";

export const HOOK_POINTS = [
  "onStartResource",
  "beforeRequestBody",
  "beforeHandler",
  "beforeFinalize",
  "onEndResource",
  "beforeErrorResponse",
  "afterErrorResponse",
  "onEndRequest",
] as const;

export type HookPoint = (typeof HOOK_POINTS)[number];

export type Hook = (ctx: Context) => void | Promise<void>;

export interface HookEntry {
  readonly fn: Hook;
  /** Lower runs first (1-100, default 50); equal priorities keep the order they were added in. */
  readonly priority: number;
  /** Still runs when an earlier hook at the same point failed. */
  readonly failsafe: boolean;
  readonly name: string;
}

export type HookChains = { readonly [P in HookPoint]: readonly HookEntry[] | null };

export function isHookPoint(name: string): name is HookPoint {
  return (HOOK_POINTS as readonly string[]).includes(name);
}

/** Sorts by priority (stable, so config order breaks ties) and turns empty lists into null. */
export function compileChains(lists: Record<HookPoint, HookEntry[]>): HookChains {
  const chains = {} as Record<HookPoint, readonly HookEntry[] | null>;
  for (const point of HOOK_POINTS) {
    const list = lists[point];
    chains[point] = list.length === 0 ? null : Object.freeze([...list].sort((a, b) => a.priority - b.priority));
  }
  return chains;
}

/**
 * Runs a chain in order. When a hook throws, the failsafe hooks after it still run, then the first
 * error propagates.
 */
export function runHooks(chain: readonly HookEntry[], ctx: Context): void | Promise<void> {
  // Synchronous until a hook returns a promise: most hooks are, and an await costs a microtask.
  let failure: { error: unknown } | undefined;
  for (let i = 0; i < chain.length; i++) {
    const entry = chain[i]!;
    if (failure !== undefined && !entry.failsafe) continue;
    try {
      const result = entry.fn(ctx);
      if (result instanceof Promise) return runRest(chain, i, result, ctx, failure);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}

async function runRest(chain: readonly HookEntry[], at: number, pending: Promise<void>, ctx: Context, failed: { error: unknown } | undefined): Promise<void> {
  let failure = failed;
  try {
    await pending;
  } catch (error) {
    failure ??= { error };
  }
  for (let i = at + 1; i < chain.length; i++) {
    const entry = chain[i]!;
    if (failure !== undefined && !entry.failsafe) continue;
    try {
      await entry.fn(ctx);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}
