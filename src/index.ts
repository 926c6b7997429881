/** Orchard's public API. Nothing else is public. */
// The public types use node's (Buffer, streams): this brings @types/node (a peer dependency) into a
// consumer's program even when its tsconfig lists no "types".
/// <reference types="node" preserve="true" />
import { site } from "./site.js";
import { globalConfig } from "./config/global.js";

export const engine = site.engine;
/** Global config (`config.update({...})`) and the `@config({...})` decorator in one name. */
export const config = globalConfig(site.config);
export const tree = site.tree;
export const log = site.log;

export { quickstart } from "./quickstart.js";
export { Site, createConfig } from "./site.js";
export { expose } from "./decorators/expose.js";
export { popargs } from "./decorators/popargs.js";
export { tools } from "./tools/toolbox.js";
export { Tool, Toolbox, HandlerWrapperTool, type ToolCallback, type ToolOptions, type Decorator } from "./tools/tool.js";
export { acceptMedia, acceptedMedia, negotiate, type Representations } from "./tools/accept.js";
export type { JsonSchema } from "./tools/json-schema.js";
export type { BodyProcessor, BodyProcessorMap } from "./request/body/processors.js";
export { escapeHtml } from "./http/escape.js";
export { MemoryStore, type CacheStore, type CacheEntry } from "./tools/caching/store.js";
export { serveFile, serveFileobj, serveDownload, type ServeOptions, type ServeFileobjOptions } from "./tools/static/serve.js";
export { validateEtags, validateSince, validatePreconditions } from "./tools/etags.js";
export { HTTPError, HTTPRedirect, NotFound, InternalRedirect, type RedirectStatus } from "./request/errors.js";
export { ObjectDispatcher } from "./dispatch/object-tree.js";
export { MethodDispatcher } from "./dispatch/method.js";
export { RoutesDispatcher, type RouteOptions } from "./dispatch/routes.js";
export { VirtualHost, type VirtualHostOptions } from "./dispatch/virtual-host.js";
export type { Dispatcher, Found, Handler } from "./dispatch/dispatcher.js";
export type { Context } from "./request/context.js";
export type { Request, Params, RemoteAddress } from "./request/request.js";
export type { Response, Body, Chunk } from "./request/response.js";
export type { Hook, HookPoint } from "./request/hooks.js";
export type { RouteBuilder, HookOptions, HandlerWrapper, Invoke, ErrorRenderer } from "./request/route.js";
export type { ErrorPage, ErrorInfo } from "./request/error-page.js";
export { UploadedFile } from "./request/body/upload.js";
export type { Application } from "./tree/application.js";
export type { Tree } from "./tree/tree.js";
export type { AppConfig, SectionConfig, KnownConfig } from "./config/types.js";
export type { GlobalConfig } from "./config/global.js";
export { ConfigError } from "./config/errors.js";
export { Bus, OperationalError, SignalHandler, PIDFile, Monitor, TimeoutMonitor, Autoreloader, DropPrivileges, SimplePlugin, type BusState } from "./engine/index.js";
export { HttpServer, type HttpServerOptions } from "./servers/node-http.js";
export { ServerAdapter, type ServerLike } from "./servers/adapter.js";
export type { LogSink, LogManager } from "./log/manager.js";
export type { LogRecord, LogLevel } from "./log/record.js";
export type { AccessEntry } from "./log/access.js";
