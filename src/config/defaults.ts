import type { SectionConfig } from "./types.js";

/** What every request sees before any user config: CherryPy's defaults, in Orchard's names. */
export const DEFAULTS: Readonly<SectionConfig> = Object.freeze({
  "server.socketHost": "127.0.0.1",
  "server.socketPort": 8080,
  "server.maxRequestBodySize": 100 * 1024 * 1024,
  // Node's own default; CherryPy's 500 KiB only makes oversized headers cheaper to send.
  "server.maxRequestHeaderSize": 16 * 1024,
  "server.socketTimeout": 10,
  "server.shutdownTimeout": 5,
  "engine.autoreload.on": false,
  "engine.signalHandler.on": true,
  "engine.timeoutMonitor.on": true,
  "engine.timeoutMonitor.frequency": 1,
  "log.screen": true,
  "log.level": "info",
  "checker.on": true,
  "request.showTracebacks": true,
  "request.methodsWithBodies": ["POST", "PUT", "PATCH"],
  "request.processRequestBody": true,
  "request.throwErrors": false,
  "response.stream": false,
  "response.timeout": 300,
  "tools.trailingSlash.on": true,
  "tools.logTracebacks.on": true,
});
