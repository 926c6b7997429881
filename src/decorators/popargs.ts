/**
 * popargs: names for the leftover path segments under a class, consumed in order into params.
 *   @popargs("band", "album") class Music { ... }  // /music/nirvana/nevermind/ → band, album
 * A segment that names an attribute is still dispatched to it (/music/search stays a method).
 */
import { writeMetadata } from "../metadata.js";

export function popargs(...names: string[]): <T extends object>(target: T, context?: ClassDecoratorContext) => T {
  for (const name of names) if (typeof name !== "string" || name === "") throw new TypeError("popargs() takes parameter names");
  return (target) => {
    writeMetadata(target, (m) => {
      m.popargs = names;
    });
    return target;
  };
}
