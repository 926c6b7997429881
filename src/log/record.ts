/** One line for the error log: the engine's lines, tool messages, tracebacks. */
export type LogLevel = "debug" | "info" | "warning" | "error";

export interface LogRecord {
  message: string;
  level: LogLevel;
  /** The tag that says who speaks: ENGINE, HTTP, TOOLS.GZIP ... */
  context: string;
  error?: unknown;
  /** The request the line is about, when there is one (request.uniqueId). */
  requestId?: string;
}
