/** ConfigError: every config problem, from the file parser to the layers that check keys and values. */

/** Where a config problem was found. Every part is optional; unknown parts are left out of the message. */
export interface ConfigErrorLocation {
  file?: string;
  line?: number;
  section?: string;
  key?: string;
  cause?: unknown;
}

/** A config problem, with a message that reads like `site.conf:12: [/api] tools.gzip.on: <reason>`. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly code = "ERR_ORCHARD_CONFIG";
  /** The message without the location prefix. */
  readonly reason: string;
  file?: string;
  line?: number;
  section?: string;
  key?: string;

  constructor(message: string, where: ConfigErrorLocation = {}) {
    super(formatConfigError(message, where), where.cause === undefined ? undefined : { cause: where.cause });
    this.reason = message;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.section !== undefined) this.section = where.section;
    if (where.key !== undefined) this.key = where.key;
  }

  /** A copy of this error with the location parts it does not know yet filled in from `where`. */
  withLocation(where: ConfigErrorLocation): ConfigError {
    return new ConfigError(this.reason, {
      file: this.file ?? where.file,
      line: this.line ?? where.line,
      section: this.section ?? where.section,
      key: this.key ?? where.key,
      cause: this.cause ?? where.cause,
    });
  }
}

function formatConfigError(message: string, where: ConfigErrorLocation): string {
  let place = "";
  if (where.file !== undefined) place = where.line !== undefined ? `${where.file}:${where.line}` : where.file;
  else if (where.line !== undefined) place = `line ${where.line}`;
  const subject = [where.section !== undefined ? `[${where.section}]` : "", where.key ?? ""]
    .filter((part) => part !== "")
    .join(" ");
  return [place, subject, message].filter((part) => part !== "").join(": ");
}
