/**
 * THE table of builtin tools: each one's hook point and priority. Reading this file (with
 * request/pipeline.ts) explains the runtime.
 */
import { Tool, Toolbox, type Decorator } from "./tool.js";
import { trailingSlash, type TrailingSlashArgs } from "./trailing-slash.js";

export const builtinTools = new Toolbox("tools");

const trailingSlashTool = builtinTools.add(
  new Tool<TrailingSlashArgs>("beforeHandler", trailingSlash, { name: "trailingSlash", priority: 60, args: ["missing", "extra", "status"] }),
);

/** The `tools` object users import: decorators for each builtin tool, plus register(). */
export const tools = {
  trailingSlash: (args?: TrailingSlashArgs): Decorator => trailingSlashTool.decorator(args),
  register: builtinTools.register.bind(builtinTools),
  get: builtinTools.get.bind(builtinTools),
};

export { Tool, Toolbox };
