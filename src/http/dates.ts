/**
 * HTTP-date formatting and parsing (RFC 9110 §5.6.7).
 * Pure helpers; must not import from the framework.
 */

let cachedSecond = Number.NaN;
let cachedString = "";

/**
 * Formats a time as an IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
 *
 * Sub-second parts are dropped. The last string is cached per second because the Date header is
 * written on every response. Throws a RangeError for an invalid date.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
 */
export function httpDate(when: Date | number): string {
  const ms = typeof when === "number" ? when : when.getTime();
  const second = Math.floor(ms / 1000);
  if (second === cachedSecond) return cachedString;
  if (!Number.isFinite(second)) throw new RangeError("httpDate: invalid date");
  const date = new Date(second * 1000);
  const year = date.getUTCFullYear();
  // IMF-fixdate has a 4DIGIT year; toUTCString() would write "-0001" or "10000".
  if (year < 0 || year > 9999) throw new RangeError(`httpDate: year ${year} cannot be written as an HTTP-date`);
  cachedString = date.toUTCString();
  cachedSecond = second;
  return cachedString;
}

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5,
  Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";

// IMF-fixdate:  Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
// rfc850-date:  Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
);
// asctime-date: Sun Nov  6 08:49:37 1994   (day is 2DIGIT or SP 1DIGIT)
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Parses an HTTP-date in any of the three formats a recipient must accept (IMF-fixdate,
 * RFC 850, asctime) and returns milliseconds since the epoch, or undefined when the value is
 * absent or not a valid HTTP-date (unknown names, impossible day such as 31 Feb, hour 24 …).
 *
 * The format is case-sensitive as RFC 9110 says; surrounding whitespace is tolerated. The
 * day name is not checked against the date. A two-digit RFC 850 year that would lie more than
 * 50 years in the future is taken as the most recent past year with those digits.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7
 */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  let m = IMF_FIXDATE.exec(s);
  if (m !== null) return build(Number(m[3]), m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!);
  m = RFC850_DATE.exec(s);
  if (m !== null) return build(fullYear(Number(m[3])), m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!);
  m = ASCTIME_DATE.exec(s);
  if (m !== null) return build(Number(m[6]), m[1]!, Number(m[2]!.trim()), m[3]!, m[4]!, m[5]!);
  return undefined;
}

function fullYear(twoDigits: number): number {
  const now = new Date().getUTCFullYear();
  let year = Math.floor(now / 100) * 100 + twoDigits;
  if (year > now + 50) year -= 100;
  return year;
}

function build(year: number, month: string, day: number, hh: string, mm: string, ss: string): number | undefined {
  const mon = MONTHS[month]!;
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss);
  // Second 60 is allowed for leap seconds (RFC 9110 time-of-day); Date folds it into the next minute.
  if (day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, mon, day);
  // Rejects 31 Feb and friends: Date would silently roll them over into the next month.
  if (date.getUTCMonth() !== mon || date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
