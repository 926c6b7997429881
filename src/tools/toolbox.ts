/**
 * THE table of builtin tools: one line each, with its hook point and priority. Reading this file
 * (with request/pipeline.ts) explains the runtime. Relative order follows CherryPy: auth 1,
 * params 15, JSON 30, trailing slash 60, encode 70, ETags 75, gzip 80, caching 90/100.
 */
import { Tool, Toolbox, type Decorator } from "./tool.js";
import { trailingSlash, type TrailingSlashArgs } from "./trailing-slash.js";

const table = {
  // --- auth (1) and params (15)

  // --- JSON (30)

  // --- negotiation and encodings

  // --- other request tools

  trailingSlash: new Tool<TrailingSlashArgs>("beforeHandler", trailingSlash, { name: "trailingSlash", priority: 60, args: ["missing", "extra", "status"] }),

  // --- caching, validators, static files
};

type ArgsOf<T> = T extends Tool<infer A> ? A : never;

/** `tools.NAME(args)`: the decorator form of each builtin tool. */
export type BuiltinToolDecorators = { readonly [K in keyof typeof table]: (args?: Partial<ArgsOf<(typeof table)[K]>>) => Decorator };

export const builtinTools = new Toolbox("tools");
for (const tool of Object.values(table)) builtinTools.add(tool as Tool<object>);

const decorators = Object.fromEntries(
  Object.entries(table).map(([name, tool]) => [name, (args?: object) => (tool as Tool<object>).decorator(args)]),
) as BuiltinToolDecorators;

/** The `tools` object users import: a decorator per builtin tool, plus register() for their own. */
export const tools = Object.freeze({
  ...decorators,
  register: builtinTools.register.bind(builtinTools),
  get: builtinTools.get.bind(builtinTools),
});

export { Tool, Toolbox };
