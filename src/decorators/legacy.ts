/**
 * TypeScript's `experimentalDecorators` (and Babel's legacy decorators) call a method decorator as
 * (prototype, key, descriptor) where a standard one gets (method, context): a key in place of the
 * context tells, and fails at class definition with the fix instead of a silent 404 later.
 */
export function rejectLegacyCall(decorator: string, target: unknown, context: unknown): void {
  if (typeof context !== "string" && typeof context !== "symbol") return;
  const owner = typeof target === "function" ? target : (target as { constructor?: { name?: string } } | null)?.constructor;
  const member = `${owner?.name || "MyClass"}${typeof target === "function" ? "" : ".prototype"}.${String(context)}`;
  const call = decorator.slice(1);
  throw new TypeError(
    `${decorator} on ${member} was called as a legacy decorator ("experimentalDecorators": true). ` +
      `Orchard's decorators are standard decorators: set "experimentalDecorators": false (or remove it) in the tsconfig ` +
      `that compiles this file, or apply it as a function after the class: ${call === "expose" ? `expose(${member})` : `${call}(${member})`}`,
  );
}
