/**
 * THE table of builtin tools: one line each, with its hook point and priority. Reading this file
 * (with request/pipeline.ts) explains the runtime. Relative order follows CherryPy: auth 1,
 * params 15, JSON 30, trailing slash 60, encode 70, ETags 75, gzip 80, caching 90/100.
 */
import { Tool, Toolbox, type Decorator } from "./tool.js";
import { trailingSlash, trailingSlashProblem, type TrailingSlashArgs } from "./trailing-slash.js";
import { AllowTool } from "./allow.js";
import { FlattenTool } from "./flatten.js";
import { IgnoreHeadersTool } from "./ignore-headers.js";
import { LogHeadersTool } from "./log-headers.js";
import { LogTracebacksTool } from "./log-tracebacks.js";
import { ProxyTool } from "./proxy.js";
import { RedirectTool } from "./redirect.js";
import { RefererTool } from "./referer.js";
import { ResponseHeadersTool } from "./response-headers.js";
import { SecureHeadersTool } from "./secure-headers.js";
import { AcceptTool } from "./accept.js";
import { AutovaryTool } from "./autovary.js";
import { DecodeTool } from "./decode.js";
import { EncodeTool } from "./encode.js";
import { GzipTool } from "./gzip.js";
import { CachingTool } from "./caching/tool.js";
import { EtagsTool } from "./etags.js";
import { expires, validateExpiresArg, type ExpiresArgs } from "./expires.js";
import { StaticdirTool, StaticfileTool } from "./static/staticdir.js";
import { JsonInTool } from "./json-in.js";
import { JsonOutTool } from "./json-out.js";
import { ConvertParamsTool } from "./convert-params.js";

const table = {
  // --- params (15); the auth tools (1) come first when they are added
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
  redirect: new RedirectTool({ name: "redirect", priority: 50 }), // onStartResource: InternalRedirect (or 3xx) to tools.redirect.url
  allow: new AllowTool({ name: "allow", priority: 50 }), // onStartResource: sets Allow, 405 for other methods
  responseHeaders: new ResponseHeadersTool({ name: "responseHeaders", priority: 50 }), // onStartResource (failsafe): fixed response headers
  secureHeaders: new SecureHeadersTool({ name: "secureHeaders", priority: 50 }), // onStartResource: X-Frame-Options, CSP...; HSTS over https (re-checked at beforeRequestBody 99)
  proxy: new ProxyTool({ name: "proxy", priority: 30 }), // beforeRequestBody: base, scheme and client ip from a trusted proxy's X-Forwarded-*
  referer: new RefererTool({ name: "referer", priority: 50 }), // beforeRequestBody: 403 unless Referer matches (or, with accept false, does not)
  ignoreHeaders: new IgnoreHeadersTool({ name: "ignoreHeaders", priority: 50 }), // beforeRequestBody: deletes request headers (Range)
  flatten: new FlattenTool({ name: "flatten", priority: 50 }), // beforeFinalize: nested iterable bodies made flat
  logTracebacks: new LogTracebacksTool({ name: "logTracebacks", priority: 50 }), // beforeErrorResponse (failsafe): logs unexpected exceptions; on by default
  logHeaders: new LogHeadersTool({ name: "logHeaders", priority: 50 }), // beforeErrorResponse (failsafe): logs request headers on unexpected exceptions

  trailingSlash: new Tool<TrailingSlashArgs>("beforeHandler", trailingSlash, { name: "trailingSlash", priority: 60, args: ["missing", "extra", "status"], validate: trailingSlashProblem }),

  // --- caching, validators, static files
  caching: new CachingTool({ name: "caching", priority: 90 }), // beforeHandler: serves stored responses (wrapper outermost) + beforeFinalize 100 (stores them)
  etags: new EtagsTool({ name: "etags", priority: 75 }), // beforeFinalize: ETag from the body (autotags) + at 85, after gzip: 304/412 by If-Match, If-None-Match, If-(Un)Modified-Since
  expires: new Tool<ExpiresArgs>("beforeFinalize", expires, { name: "expires", priority: 50, args: ["secs", "force"], validate: validateExpiresArg }), // Expires, Cache-Control, Pragma
  staticdir: new StaticdirTool({ name: "staticdir", priority: 50 }), // beforeHandler: serves the files of a directory, else falls through
  staticfile: new StaticfileTool({ name: "staticfile", priority: 50 }), // beforeHandler: serves one file, else falls through
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
  add: builtinTools.add.bind(builtinTools),
  get: builtinTools.get.bind(builtinTools),
});

export { Tool, Toolbox };
