import { test } from "node:test";
import assert from "node:assert/strict";
import { formatErrorLine, formatLogTime } from "../../src/log/error-log.js";

const when = new Date(2014, 1, 24, 21, 1, 46);

test("engine line has CherryPy's shape", () => {
  assert.equal(
    formatErrorLine({ message: "Bus STARTING", level: "info", context: "ENGINE" }, when),
    "[24/Feb/2014:21:01:46] ENGINE Bus STARTING",
  );
});

test("day and time fields are zero-padded", () => {
  assert.equal(formatLogTime(new Date(2023, 11, 5, 3, 4, 5)), "[05/Dec/2023:03:04:05]");
  assert.equal(formatLogTime(new Date(2023, 11, 5, 3, 4, 6)), "[05/Dec/2023:03:04:06]");
});

test("an Error's stack follows on the next lines", () => {
  const error = new Error("kaboom!");
  const line = formatErrorLine({ message: "Handler failed", level: "error", context: "HTTP", error }, when);
  const [head, ...rest] = line.split("\n");
  assert.equal(head, "[24/Feb/2014:21:01:46] HTTP Handler failed");
  assert.equal(rest.join("\n"), error.stack);
  assert.match(rest[0] ?? "", /^Error: kaboom!$/);
});

test("a non-Error value is printed with String()", () => {
  const line = formatErrorLine({ message: "odd", level: "error", context: "HTTP", error: 42 }, when);
  assert.equal(line, "[24/Feb/2014:21:01:46] HTTP odd\n42");
  const bare = formatErrorLine({ message: "odd", level: "error", context: "", error: Object.create(null) }, when);
  assert.equal(bare, "[24/Feb/2014:21:01:46] odd\n[unprintable error value]");
});

test("the current time is used by default", () => {
  assert.match(
    formatErrorLine({ message: "hello there", level: "info", context: "APP" }),
    /^\[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d\] APP hello there$/,
  );
});
