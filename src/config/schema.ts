/** The value kind of every key Orchard knows, so a typo or a bad value is an error that names the key. */
export type ValueKind = "boolean" | "number" | "string" | "string[]" | "object" | "function" | "dispatcher" | "multipartLimits" | "any";

const MULTIPART_LIMITS = new Set(["fieldSize", "parts", "fileSize", "memoryLimit"]);

export const KNOWN_KEYS: ReadonlyMap<string, ValueKind> = new Map<string, ValueKind>([
  ["server.socketHost", "string"],
  ["server.socketPort", "number"],
  ["server.socketFile", "string"],
  ["server.sslCertificate", "string"],
  ["server.sslPrivateKey", "string"],
  ["server.sslCertificateChain", "string"],
  ["server.maxRequestBodySize", "number"],
  ["server.maxRequestHeaderSize", "number"],
  ["server.socketTimeout", "number"],
  ["server.shutdownTimeout", "number"],
  ["engine.autoreload.on", "boolean"],
  ["engine.autoreload.frequency", "number"],
  ["engine.signalHandler.on", "boolean"],
  ["engine.pidFile", "string"],
  ["engine.timeoutMonitor.on", "boolean"],
  ["engine.timeoutMonitor.frequency", "number"],
  ["log.screen", "boolean"],
  ["log.errorFile", "string"],
  ["log.accessFile", "string"],
  ["log.accessFormat", "string"],
  ["log.accessScreen", "boolean"],
  ["log.format", "string"],
  ["log.level", "string"],
  ["checker.on", "boolean"],
  ["request.dispatch", "dispatcher"],
  ["request.showTracebacks", "boolean"],
  ["request.methodsWithBodies", "string[]"],
  ["request.processRequestBody", "boolean"],
  ["request.body.maxBytes", "number"],
  ["request.bodyProcessors", "object"],
  ["request.body.multipart", "multipartLimits"],
  ["request.throwErrors", "boolean"],
  ["response.stream", "boolean"],
  ["response.timeout", "number"],
  ["response.ranges", "boolean"],
]);

/** Keys whose last part is free: response.headers.X-Foo, errorPage.404, hooks.beforeHandler. */
export const KEY_PATTERNS: ReadonlyArray<[RegExp, ValueKind]> = [
  [/^response\.headers\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "string"],
  [/^errorPage\.(\d{3}|default)$/, "any"],
  [/^hooks\.[a-zA-Z]+$/, "any"],
  // Extra servers: server.2.socketPort, server.public.socketHost.
  [/^server\.[a-zA-Z0-9_-]+\.(socketHost|socketFile|sslCertificate|sslPrivateKey|sslCertificateChain)$/, "string"],
  [/^server\.[a-zA-Z0-9_-]+\.socketPort$/, "number"],
];

export function kindOf(key: string): ValueKind | undefined {
  const kind = KNOWN_KEYS.get(key);
  if (kind !== undefined) return kind;
  for (const [pattern, patternKind] of KEY_PATTERNS) if (pattern.test(key)) return patternKind;
  return undefined;
}

export function valueMatches(kind: ValueKind, value: unknown): boolean {
  switch (kind) {
    case "any":
      return true;
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "object":
      return typeof value === "object" && value !== null;
    case "multipartLimits":
      return (
        typeof value === "object" && value !== null && !Array.isArray(value) &&
        Object.entries(value).every(([key, limit]) => MULTIPART_LIMITS.has(key) && Number.isInteger(limit) && (limit as number) >= 0)
      );
    case "dispatcher":
      return typeof value === "object" && value !== null && typeof (value as { dispatch?: unknown }).dispatch === "function";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === kind;
  }
}
