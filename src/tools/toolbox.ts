/**
 * THE table of builtin tools: one line each, with its hook point and priority. Reading this file
 * (with request/pipeline.ts) explains the runtime. Relative order follows CherryPy: auth 1,
 * params 15, JSON 30, trailing slash 60, encode 70, ETags 75, gzip 80, caching 90/100.
 */
import { Tool, Toolbox, type Decorator } from "./tool.js";
import { trailingSlash, type TrailingSlashArgs } from "./trailing-slash.js";
import { AcceptTool } from "./accept.js";
import { AutovaryTool } from "./autovary.js";
import { DecodeTool } from "./decode.js";
import { EncodeTool } from "./encode.js";
import { GzipTool } from "./gzip.js";
import { JsonInTool } from "./json-in.js";
import { JsonOutTool } from "./json-out.js";
import { ConvertParamsTool } from "./convert-params.js";

const table = {
  // --- auth (1) and params (15)
  convertParams: new ConvertParamsTool({ name: "convertParams", priority: 15 }), // beforeHandler: params by JSON Schema

  // --- JSON (30)
  jsonIn: new JsonInTool({ name: "jsonIn", priority: 30 }), // beforeRequestBody: parses the body into request.json
  jsonOut: new JsonOutTool({ name: "jsonOut", priority: 30 }), // wraps the handler; errors rendered as JSON

  // --- negotiation and encodings
  autovary: new AutovaryTool({ name: "autovary", priority: 0 }), // onStartResource (records header reads) + beforeFinalize 95 (writes Vary)
  accept: new AcceptTool({ name: "accept", priority: 50 }), // onStartResource: picks the media type by Accept, else 406
  decode: new DecodeTool({ name: "decode", priority: 50 }), // beforeRequestBody: charsets tried for form bodies
  encode: new EncodeTool({ name: "encode", priority: 70 }), // wraps the handler: body in a charset from Accept-Charset
  gzip: new GzipTool({ name: "gzip", priority: 80 }), // beforeFinalize: gzip (or br) by Accept-Encoding

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
