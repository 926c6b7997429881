import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { httpDate, parseHttpDate } from "../../src/http/dates.js";

const EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37); // RFC 9110's example instant

describe("httpDate(when)", () => {
  it("writes an IMF-fixdate", () => {
    assert.equal(httpDate(EXAMPLE), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert.equal(httpDate(new Date(EXAMPLE)), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert.equal(httpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  });
  it("drops milliseconds and is stable within a second (cache)", () => {
    assert.equal(httpDate(EXAMPLE + 999), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert.equal(httpDate(EXAMPLE + 1000), "Sun, 06 Nov 1994 08:49:38 GMT");
    assert.equal(httpDate(EXAMPLE + 1), "Sun, 06 Nov 1994 08:49:37 GMT");
  });
  it("handles times before the epoch", () => {
    assert.equal(httpDate(-500), "Wed, 31 Dec 1969 23:59:59 GMT");
  });
  it("throws for invalid dates and years outside 0000-9999", () => {
    assert.throws(() => httpDate(Number.NaN), RangeError);
    assert.throws(() => httpDate(new Date("nope")), RangeError);
    assert.throws(() => httpDate(Date.UTC(10000, 0, 1)), RangeError);
  });
  it("round-trips through parseHttpDate", () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    assert.equal(parseHttpDate(httpDate(now)), now);
  });
});

describe("parseHttpDate(value)", () => {
  it("accepts the three formats of RFC 9110 §5.6.7", () => {
    assert.equal(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), EXAMPLE);
    assert.equal(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), EXAMPLE);
    assert.equal(parseHttpDate("Sun Nov  6 08:49:37 1994"), EXAMPLE);
  });
  it("accepts a two-digit asctime day and surrounding whitespace", () => {
    assert.equal(parseHttpDate("Sun Nov 06 08:49:37 1994"), EXAMPLE);
    assert.equal(parseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT\t"), EXAMPLE);
  });
  it("maps two-digit RFC 850 years into the past 50 years window", () => {
    assert.equal(parseHttpDate("Saturday, 01-Jan-00 00:00:00 GMT"), Date.UTC(2000, 0, 1));
    const year = new Date().getUTCFullYear();
    const soon = (year + 1) % 100;
    const far = (year + 60) % 100;
    const pad = (n: number) => String(n).padStart(2, "0");
    assert.equal(new Date(parseHttpDate(`Monday, 01-Jan-${pad(soon)} 00:00:00 GMT`)!).getUTCFullYear(), year + 1);
    assert.equal(new Date(parseHttpDate(`Monday, 01-Jan-${pad(far)} 00:00:00 GMT`)!).getUTCFullYear(), year + 60 - 100);
  });
  it("accepts a leap second", () => {
    assert.equal(parseHttpDate("Sat, 31 Dec 2016 23:59:60 GMT"), Date.UTC(2017, 0, 1));
  });
  const invalid = [
    undefined,
    "",
    "garbage",
    "Sun, 06 Nov 1994 08:49:37",
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "sun, 06 nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 94 08:49:37 GMT",
    "Sun, 31 Feb 1994 08:49:37 GMT",
    "Sun, 00 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Nov 1994 08:60:00 GMT",
    "Sun, 06 Nov 1994 08:49:61 GMT",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "Sunday, 06-Nov-1994 08:49:37 GMT",
    "Sun Nov 6 08:49:37 1994",
    "1994-11-06T08:49:37Z",
    "784111777",
    "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
  ];
  for (const value of invalid) {
    it(`rejects ${JSON.stringify(value)}`, () => assert.equal(parseHttpDate(value), undefined));
  }
  it("accepts 29 Feb only in leap years", () => {
    assert.equal(parseHttpDate("Thu, 29 Feb 2024 00:00:00 GMT"), Date.UTC(2024, 1, 29));
    assert.equal(parseHttpDate("Thu, 29 Feb 2023 00:00:00 GMT"), undefined);
  });
});
