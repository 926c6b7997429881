/** The shape of config: sections of dotted, camelCase keys, typed for the keys Orchard knows. */
import type { Dispatcher } from "../dispatch/dispatcher.js";
import type { BodyProcessorMap } from "../request/body/processors.js";
import type { MultipartLimits } from "../request/body/multipart.js";
import type { JsonSchema } from "../tools/json-schema.js";

export interface KnownConfig {
  environment: "production" | "staging" | "embedded" | "testSuite";

  "server.socketHost": string;
  "server.socketPort": number;
  "server.socketFile": string;
  "server.sslCertificate": string;
  "server.sslPrivateKey": string;
  "server.sslCertificateChain": string;
  "server.maxRequestBodySize": number;
  "server.maxRequestHeaderSize": number;
  "server.socketTimeout": number;
  "server.shutdownTimeout": number;

  "engine.autoreload.on": boolean;
  "engine.autoreload.frequency": number;
  "engine.signalHandler.on": boolean;
  "engine.pidFile": string;
  "engine.timeoutMonitor.on": boolean;
  "engine.timeoutMonitor.frequency": number;

  "log.screen": boolean;
  "log.errorFile": string;
  "log.accessFile": string;
  "log.accessFormat": string;
  /** The access log on stdout too, while log.screen is on (production turns it off). */
  "log.accessScreen": boolean;
  /** "text" (CherryPy's lines) or "json" (one object per line, pino's fields). */
  "log.format": "text" | "json";
  "log.level": "debug" | "info" | "warning" | "error";

  "checker.on": boolean;

  "request.dispatch": Dispatcher;
  "request.showTracebacks": boolean;
  "request.methodsWithBodies": string[];
  "request.processRequestBody": boolean;
  "request.body.maxBytes": number;
  /** Content type → processor, over the defaults (null removes one). */
  "request.bodyProcessors": BodyProcessorMap;
  "request.body.multipart": Partial<MultipartLimits>;
  "request.throwErrors": boolean;

  "response.stream": boolean;
  "response.timeout": number;
  /** Answer Range requests on buffered 200 bodies and static files (HTTP/1.1, default true). */
  "response.ranges": boolean;

  "tools.trailingSlash.on": boolean;
  "tools.trailingSlash.missing": boolean;
  "tools.trailingSlash.extra": boolean;
  "tools.trailingSlash.status": 301 | 302 | 303 | 307 | 308;

  "tools.etags.on": boolean;
  "tools.etags.autotags": boolean;
  "tools.expires.on": boolean;
  "tools.expires.secs": number;
  "tools.expires.force": boolean;
  "tools.staticdir.on": boolean;
  "tools.staticdir.dir": string;
  "tools.staticdir.root": string | null;
  "tools.staticdir.match": string;
  "tools.staticdir.index": string;
  "tools.staticdir.contentTypes": Record<string, string>;
  "tools.staticdir.section": string;
  "tools.staticdir.followSymlinksOutside": boolean;
  "tools.staticfile.on": boolean;
  "tools.staticfile.filename": string;
  "tools.staticfile.root": string | null;
  "tools.staticfile.match": string;
  "tools.staticfile.contentTypes": Record<string, string>;

  "tools.jsonIn.on": boolean;
  "tools.jsonIn.contentType": string | string[];
  "tools.jsonIn.force": boolean;
  "tools.jsonIn.required": boolean;
  "tools.jsonIn.schema": JsonSchema;
  "tools.jsonOut.on": boolean;
  "tools.jsonOut.contentType": string | null;
  "tools.jsonOut.schema": JsonSchema;
  "tools.convertParams.on": boolean;
  "tools.convertParams.schema": JsonSchema;
  "tools.convertParams.status": number;
}

/** One section of config: known keys are typed; tools and user namespaces are checked at run time. */
export type SectionConfig = { [K in keyof KnownConfig]?: KnownConfig[K] } & {
  /** Tools, user namespaces, and pattern keys: response.headers.X, errorPage.404, hooks.beforeHandler. */
  [key: string]: unknown;
};

/** Application config: path sections ("/", "/api") plus custom sections. */
export type AppConfig = Record<string, SectionConfig>;

/** What config.update() takes: a flat global section, sections with [global], or a file path. */
export type GlobalConfigInput = SectionConfig | Record<string, SectionConfig> | string;
