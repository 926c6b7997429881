/**
 * LogManager: routes error-log records and access entries to the screen, to
 * append-mode files and to user sinks. Writing never throws into the caller.
 */
import { accessSync, constants, createWriteStream, statSync, type WriteStream } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Writable } from "node:stream";
import { COMBINED_FORMAT, compileAccessFormat, type AccessEntry } from "./access.js";
import { formatErrorLine } from "./error-log.js";
import { formatJsonAccess, formatJsonRecord } from "./json.js";
import type { LogLevel, LogRecord } from "./record.js";

/** Hands both logs to the user's own logger (pino, ...). `line` is the formatted text. */
export interface LogSink {
  error?(record: LogRecord, line: string): void;
  access?(entry: AccessEntry, line: string): void;
}

export type LogFormat = "text" | "json";

export interface LogSettings {
  /** Error and engine lines to stderr, and access lines to stdout unless accessScreen is off. */
  screen: boolean;
  /** Access lines on the screen too (production turns it off; errors still show). */
  accessScreen: boolean;
  /** "text": CherryPy's lines; "json": one object per line with pino's fields. */
  format: LogFormat;
  /** Error-log file; undefined or "" means none. */
  errorFile: string | undefined;
  /** Access-log file; undefined or "" means none. */
  accessFile: string | undefined;
  accessFormat: string;
  /** Minimum level of the error log (screen, file and sinks). */
  level: LogLevel;
}

export interface LogManagerOptions extends Partial<LogSettings> {
  sinks?: LogSink[];
  /** Defaults to process.stdout. */
  stdout?: Writable;
  /** Defaults to process.stderr; also receives the manager's own write failures. */
  stderr?: Writable;
}

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warning: 30, error: 40 };

function checkFormat(format: string): LogFormat {
  if (format !== "text" && format !== "json") throw new Error(`Unknown log format ${JSON.stringify(format)}; use "text" or "json"`);
  return format;
}

function checkLevel(level: string): LogLevel {
  if (!Object.hasOwn(LEVEL_RANK, level)) {
    throw new Error(`Unknown log level ${JSON.stringify(level)}; use one of ${Object.keys(LEVEL_RANK).join(", ")}`);
  }
  return level as LogLevel;
}

/** Resolves a log path and checks (synchronously) that it can be opened for appending. */
function checkLogPath(path: string | undefined): string | undefined {
  if (path === undefined || path === "") return undefined;
  const full = resolve(path);
  const dir = dirname(full);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new Error(`Cannot use log file ${full}: directory ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new Error(`Cannot use log file ${full}: ${dir} is not a directory`);
  const fileStat = statSync(full, { throwIfNoEntry: false });
  if (fileStat?.isDirectory()) throw new Error(`Cannot use log file ${full}: it is a directory`);
  try {
    accessSync(fileStat ? full : dir, constants.W_OK);
  } catch {
    throw new Error(`Cannot use log file ${full}: ${fileStat ? "file" : "directory"} is not writable`);
  }
  return full;
}

/** One append-mode file, opened on first write; after a stream error it drops lines until reopened. */
class LogFile {
  private stream: WriteStream | undefined;
  private failed = false;

  constructor(
    readonly path: string,
    private readonly report: (message: string) => void,
  ) {}

  write(text: string): void {
    if (this.failed) return;
    this.stream ??= this.open();
    this.stream.write(text);
  }

  private open(): WriteStream {
    const stream = createWriteStream(this.path, { flags: "a" });
    stream.on("error", (err) => {
      if (this.stream !== stream) return;
      this.failed = true;
      this.stream = undefined;
      this.report(`Cannot write log file ${this.path}: ${err.message}; its lines are dropped until reopenFiles()`);
    });
    return stream;
  }

  /** Flushes and closes the stream; the next write opens the file again. */
  close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    this.failed = false;
    if (!stream || stream.closed) return Promise.resolve();
    return new Promise((done) => {
      stream.once("close", () => done());
      stream.end();
    });
  }
}

export class LogManager {
  screen: boolean;
  accessScreen = true;
  sinks: LogSink[];
  #json = false;
  private minLevel: LogLevel = "info";
  private format = COMBINED_FORMAT;
  private formatAccess = compileAccessFormat(COMBINED_FORMAT);
  private errorLog: LogFile | undefined;
  private accessLog: LogFile | undefined;
  private readonly closing = new Set<Promise<void>>();
  private readonly failedSinks = new WeakSet<LogSink>();
  private readonly stdout: Writable;
  private readonly stderr: Writable;

  constructor(options: LogManagerOptions = {}) {
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.screen = options.screen ?? true;
    this.sinks = options.sinks ?? [];
    this.configure(options);
  }

  get level(): LogLevel {
    return this.minLevel;
  }
  set level(level: LogLevel) {
    this.minLevel = checkLevel(level);
  }

  get accessFormat(): string {
    return this.format;
  }
  /** Recompiles; an unknown field throws and keeps the previous format. */
  set accessFormat(format: string) {
    this.formatAccess = compileAccessFormat(format);
    this.format = format;
  }

  /** The resolved path, or undefined when there is no error file. */
  get errorFile(): string | undefined {
    return this.errorLog?.path;
  }
  set errorFile(path: string | undefined) {
    this.errorLog = this.replaceFile(this.errorLog, checkLogPath(path));
  }

  get accessFile(): string | undefined {
    return this.accessLog?.path;
  }
  set accessFile(path: string | undefined) {
    this.accessLog = this.replaceFile(this.accessLog, checkLogPath(path));
  }

  /** "text" or "json": the shape of every line, error and access alike. */
  get lineFormat(): LogFormat {
    return this.#json ? "json" : "text";
  }
  set lineFormat(format: LogFormat) {
    this.#json = checkFormat(format) === "json";
  }

  /** Applies several settings at once; all are checked before any is applied. */
  configure(settings: Partial<LogSettings>): void {
    const lineFormat = settings.format === undefined ? undefined : checkFormat(settings.format);
    const format = settings.accessFormat;
    const formatter = format === undefined ? undefined : compileAccessFormat(format);
    const level = settings.level === undefined ? undefined : checkLevel(settings.level);
    const errorPath = Object.hasOwn(settings, "errorFile") ? checkLogPath(settings.errorFile) : this.errorFile;
    const accessPath = Object.hasOwn(settings, "accessFile") ? checkLogPath(settings.accessFile) : this.accessFile;
    if (formatter && format !== undefined) {
      this.formatAccess = formatter;
      this.format = format;
    }
    if (level) this.minLevel = level;
    if (settings.screen !== undefined) this.screen = settings.screen;
    if (settings.accessScreen !== undefined) this.accessScreen = settings.accessScreen;
    if (lineFormat !== undefined) this.#json = lineFormat === "json";
    this.errorLog = this.replaceFile(this.errorLog, errorPath);
    this.accessLog = this.replaceFile(this.accessLog, accessPath);
  }

  /** Writes one error-log record (every bus log record comes here) if its level is high enough. */
  error(record: LogRecord): void {
    if ((LEVEL_RANK[record.level] ?? LEVEL_RANK.error) < LEVEL_RANK[this.minLevel]) return;
    let line: string;
    try {
      line = this.#json ? formatJsonRecord(record) : formatErrorLine(record);
    } catch (err) {
      this.reportFailure(`Cannot format error log record: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (this.screen) this.writeScreen(this.stderr, line);
    this.errorLog?.write(`${line}\n`);
    for (const sink of this.sinks) {
      const handler = sink.error;
      if (handler) this.callSink(sink, () => handler.call(sink, record, line));
    }
  }

  /** True when an access line would go anywhere (screen, file or a sink that takes access entries). */
  get wantsAccess(): boolean {
    return this.#accessOnScreen || this.accessLog !== undefined || this.sinks.some((sink) => sink.access !== undefined);
  }

  get #accessOnScreen(): boolean {
    return this.screen && this.accessScreen;
  }

  /** Writes one access-log line. */
  access(entry: AccessEntry): void {
    let line: string;
    try {
      line = this.#json ? formatJsonAccess(entry) : this.formatAccess(entry);
    } catch (err) {
      this.reportFailure(`Cannot format access log entry: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (this.#accessOnScreen) this.writeScreen(this.stdout, line);
    this.accessLog?.write(`${line}\n`);
    for (const sink of this.sinks) {
      const handler = sink.access;
      if (handler) this.callSink(sink, () => handler.call(sink, entry, line));
    }
  }

  /** For logrotate: closes both files; the next line opens them again at their paths. */
  reopenFiles(): Promise<void> {
    return Promise.all([this.track(this.errorLog?.close()), this.track(this.accessLog?.close())]).then(() => {});
  }

  /** Flushes and closes the file streams (a later line opens them again). */
  async close(): Promise<void> {
    await this.reopenFiles();
    await Promise.all([...this.closing]);
  }

  private replaceFile(current: LogFile | undefined, path: string | undefined): LogFile | undefined {
    if (current?.path === path) return current;
    this.track(current?.close());
    return path === undefined ? undefined : new LogFile(path, (message) => this.reportFailure(message));
  }

  private track(closing: Promise<void> | undefined): Promise<void> {
    if (!closing) return Promise.resolve();
    this.closing.add(closing);
    return closing.finally(() => this.closing.delete(closing));
  }

  private writeScreen(stream: Writable, line: string): void {
    try {
      stream.write(`${line}\n`);
    } catch {
      // The screen is best effort; a broken stdout must not break requests.
    }
  }

  private callSink(sink: LogSink, call: () => void): void {
    try {
      call();
    } catch (err) {
      if (this.failedSinks.has(sink)) return;
      this.failedSinks.add(sink);
      this.reportFailure(`A log sink threw (reported once per sink): ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The manager's own problems go to stderr whatever `screen` says. */
  private reportFailure(message: string): void {
    this.writeScreen(this.stderr, formatErrorLine({ message, level: "error", context: "LOG" }));
  }
}
