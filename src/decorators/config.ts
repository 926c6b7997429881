/**
 * config: attaches config to a class or method (CherryPy's _cp_config), the most specific layer
 * for requests it handles:  @config({ "response.stream": true }) download() { ... }
 */
import type { SectionConfig } from "../config/types.js";
import { writeMetadata } from "../metadata.js";
import { rejectLegacyCall } from "./legacy.js";

export function config(settings: SectionConfig): <T extends object>(target: T, context?: DecoratorContext) => T {
  return (target, context) => {
    rejectLegacyCall("@config({...})", target, context);
    writeMetadata(target, (m) => {
      m.config = { ...m.config, ...settings };
    });
    return target;
  };
}
