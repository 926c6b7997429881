/**
 * The error log's line: `[dd/Mon/YYYY:HH:MM:SS] CONTEXT message`, then the
 * stack of an attached error on the following lines.
 */
import type { LogRecord } from "./record.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

let cachedSecond = Number.NaN;
let cachedStamp = "";

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * `[dd/Mon/YYYY:HH:MM:SS]` in local time, without a zone (as CherryPy prints it).
 * The string is cached for the current second, since logs ask for it per line.
 */
export function formatLogTime(time: Date): string {
  const second = Math.floor(time.getTime() / 1000);
  if (second === cachedSecond) return cachedStamp;
  const month = MONTHS[time.getMonth()] ?? "???";
  const year = String(time.getFullYear()).padStart(4, "0");
  const stamp =
    `[${pad2(time.getDate())}/${month}/${year}:` +
    `${pad2(time.getHours())}:${pad2(time.getMinutes())}:${pad2(time.getSeconds())}]`;
  cachedSecond = second;
  cachedStamp = stamp;
  return stamp;
}

/** The text printed under a line for an attached error: an Error's stack, otherwise String(value). */
export function describeLoggedError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return "[unprintable error value]";
  }
}

/** One error-log line (more than one line when the record carries an error). */
export function formatErrorLine(record: LogRecord, time: Date = new Date()): string {
  const stamp = formatLogTime(time);
  // Continuation lines are indented so text from a client (a path with %0A) cannot pass for a record.
  const message = /[\r\n]/.test(record.message) ? record.message.replace(/\r\n?|\n/g, "\n  ") : record.message;
  const head = record.context ? `${stamp} ${record.context} ${message}` : `${stamp} ${message}`;
  return record.error === undefined ? head : `${head}\n${describeLoggedError(record.error)}`;
}
