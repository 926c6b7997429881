export type { LogLevel, LogRecord } from "./record.js";
export { COMBINED_FORMAT, compileAccessFormat, escapeAccessValue, type AccessEntry } from "./access.js";
export { describeLoggedError, formatErrorLine, formatLogTime } from "./error-log.js";
export { LogManager, type LogManagerOptions, type LogSettings, type LogSink } from "./manager.js";
