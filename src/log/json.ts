/**
 * `log.format = "json"`: one JSON object per line with the fields pino (and so Fastify) writes, so a
 * log shipper that reads their output reads Orchard's: numeric `level`, `time` in epoch
 * milliseconds, `pid`, `hostname`, `msg`, `reqId`, `req`, `res`, `responseTime` and `err`.
 */
import { hostname } from "node:os";
import type { AccessEntry } from "./access.js";
import type { LogLevel, LogRecord } from "./record.js";

/** pino's level numbers. */
const PINO_LEVELS: Readonly<Record<LogLevel, number>> = { debug: 20, info: 30, warning: 40, error: 50 };

const HOST = hostname();

/** pino's standard error serializer: type, message, stack. */
function serializeError(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error, message: String(error) };
}

export function formatJsonRecord(record: LogRecord, time: Date = new Date()): string {
  return JSON.stringify({
    level: PINO_LEVELS[record.level] ?? PINO_LEVELS.error,
    time: time.getTime(),
    pid: process.pid,
    hostname: HOST,
    context: record.context,
    reqId: record.requestId,
    msg: record.message,
    err: record.error === undefined ? undefined : serializeError(record.error),
  });
}

export function formatJsonAccess(entry: AccessEntry): string {
  return JSON.stringify({
    level: PINO_LEVELS.info,
    time: entry.time.getTime(),
    pid: process.pid,
    hostname: HOST,
    reqId: entry.requestId,
    req: {
      method: entry.method,
      url: entry.url,
      protocol: entry.protocol,
      host: entry.host,
      remoteAddress: entry.remoteIp,
      referer: entry.referer,
      userAgent: entry.userAgent,
    },
    res: { statusCode: entry.status, contentLength: entry.bytes },
    responseTime: entry.durationMs,
    user: entry.login,
    msg: "request completed",
  });
}
