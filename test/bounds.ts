/**
 * Tests wait for events (a line on stderr, a port answering, a promise settling); a bound only turns a
 * hang into a failure with a message. It is generous because a loaded 2-core machine runs many
 * times slower than an idle one, and a test must not depend on how fast the machine is.
 */
export const HANG_MS = 120_000;

/** The bound for something that takes `ms` on an idle machine: never less than HANG_MS. */
export function hangBound(ms: number): number {
  return Math.max(ms, HANG_MS);
}
