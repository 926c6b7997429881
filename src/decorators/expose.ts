/**
 * expose: marks a method, function or class as reachable from a URL.
 *   @expose index() {}                 // a method
 *   @expose(["generer"]) generate() {} // with aliases
 *   @expose class Resource { GET() {} } // a whole class (MethodDispatcher)
 *   { index: expose(() => "hi") }       // a plain function
 */
import { writeMetadata } from "../metadata.js";
import { rejectLegacyCall } from "./legacy.js";

type Exposable = object;

// The alias overload comes first: an array is an object too, and would otherwise match the target overload.
export function expose(aliases: string | readonly string[]): <T extends Exposable>(target: T, context?: DecoratorContext) => T;
export function expose<T extends Exposable>(target: T, context?: DecoratorContext): T;
export function expose<T extends Exposable>(
  targetOrAliases: T | string | readonly string[],
  context?: DecoratorContext,
): T | (<U extends Exposable>(target: U, context?: DecoratorContext) => U) {
  if (typeof targetOrAliases === "string" || Array.isArray(targetOrAliases)) {
    const aliases = typeof targetOrAliases === "string" ? [targetOrAliases] : [...(targetOrAliases as readonly string[])];
    return <U extends Exposable>(target: U, context?: DecoratorContext) => {
      rejectLegacyCall("@expose([...])", target, context);
      return mark(target, aliases);
    };
  }
  rejectLegacyCall("@expose", targetOrAliases, context);
  return mark(targetOrAliases as T, []);
}

function mark<T extends Exposable>(target: T, aliases: string[]): T {
  if (typeof target !== "function" && (typeof target !== "object" || target === null)) {
    throw new TypeError("expose() takes a function, a method or a class");
  }
  writeMetadata(target, (m) => {
    m.exposed = true;
    if (aliases.length > 0) m.aliases = [...(m.aliases ?? []), ...aliases];
  });
  return target;
}
