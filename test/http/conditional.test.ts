import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { evaluatePreconditions, ifRangeAllows, type ConditionalHeaders, type CurrentRepresentation, type PreconditionResult } from "../../src/http/conditional.js";

const ETAG = '"v1"';
const LM = Date.UTC(2024, 0, 10, 12, 0, 0, 500); // sub-second part must not matter
const LM_HTTP = "Wed, 10 Jan 2024 12:00:00 GMT";
const BEFORE = "Wed, 10 Jan 2024 11:59:59 GMT";
const AFTER = "Wed, 10 Jan 2024 12:00:01 GMT";
const current: CurrentRepresentation = { etag: ETAG, lastModified: LM };

type Row = [string, string, ConditionalHeaders, CurrentRepresentation, PreconditionResult];

const rows: Row[] = [
  ["no conditions", "GET", {}, current, "proceed"],
  // If-Match: strong comparison
  ["If-Match matching", "PUT", { ifMatch: ETAG }, current, "proceed"],
  ["If-Match in a list", "PUT", { ifMatch: '"x", "v1"' }, current, "proceed"],
  ["If-Match *", "POST", { ifMatch: "*" }, current, "proceed"],
  ["If-Match * without a representation", "PUT", { ifMatch: "*" }, { exists: false }, "precondition-failed"],
  ["If-Match bogus tag", "GET", { ifMatch: '"bogus"' }, current, "precondition-failed"],
  ["If-Match weak tag never matches", "PUT", { ifMatch: 'W/"v1"' }, current, "precondition-failed"],
  ["If-Match against a weak current tag", "PUT", { ifMatch: 'W/"v1"' }, { etag: 'W/"v1"' }, "precondition-failed"],
  ["If-Match with no current etag", "PUT", { ifMatch: ETAG }, { lastModified: LM }, "precondition-failed"],
  ["If-Match junk only", "PUT", { ifMatch: "junk" }, current, "precondition-failed"],
  ["If-Match empty is ignored", "PUT", { ifMatch: "" }, current, "proceed"],
  // If-Unmodified-Since: dates, only without If-Match
  ["IUS equal", "PUT", { ifUnmodifiedSince: LM_HTTP }, current, "proceed"],
  ["IUS later", "PUT", { ifUnmodifiedSince: AFTER }, current, "proceed"],
  ["IUS earlier", "PUT", { ifUnmodifiedSince: BEFORE }, current, "precondition-failed"],
  ["IUS in RFC 850 form (date, not string, comparison)", "PUT", { ifUnmodifiedSince: "Wednesday, 10-Jan-24 12:00:00 GMT" }, current, "proceed"],
  ["IUS invalid is ignored", "PUT", { ifUnmodifiedSince: "yesterday" }, current, "proceed"],
  ["IUS without Last-Modified is ignored", "PUT", { ifUnmodifiedSince: BEFORE }, { etag: ETAG }, "proceed"],
  ["IUS ignored when If-Match is present and true", "PUT", { ifMatch: ETAG, ifUnmodifiedSince: BEFORE }, current, "proceed"],
  ["If-Match false wins over a true IUS", "PUT", { ifMatch: '"x"', ifUnmodifiedSince: AFTER }, current, "precondition-failed"],
  // If-None-Match: weak comparison
  ["INM matching on GET", "GET", { ifNoneMatch: ETAG }, current, "not-modified"],
  ["INM matching on HEAD", "HEAD", { ifNoneMatch: ETAG }, current, "not-modified"],
  ["INM matching on POST", "POST", { ifNoneMatch: ETAG }, current, "precondition-failed"],
  ["INM weak vs strong matches", "GET", { ifNoneMatch: 'W/"v1"' }, current, "not-modified"],
  ["INM against a weak current tag", "GET", { ifNoneMatch: ETAG }, { etag: 'W/"v1"' }, "not-modified"],
  ["INM in a list", "GET", { ifNoneMatch: '"a", "v1"' }, current, "not-modified"],
  ["INM *", "GET", { ifNoneMatch: "*" }, current, "not-modified"],
  ["INM * on PUT (create only if absent), exists", "PUT", { ifNoneMatch: "*" }, current, "precondition-failed"],
  ["INM * on PUT, absent", "PUT", { ifNoneMatch: "*" }, { exists: false }, "proceed"],
  ["INM bogus", "GET", { ifNoneMatch: '"bogus"' }, current, "proceed"],
  ["method names are case-sensitive", "get", { ifNoneMatch: ETAG }, current, "precondition-failed"],
  // If-Modified-Since: only GET/HEAD, only without If-None-Match
  ["IMS equal", "GET", { ifModifiedSince: LM_HTTP }, current, "not-modified"],
  ["IMS later", "HEAD", { ifModifiedSince: AFTER }, current, "not-modified"],
  ["IMS earlier", "GET", { ifModifiedSince: BEFORE }, current, "proceed"],
  ["IMS asctime form", "GET", { ifModifiedSince: "Wed Jan 10 12:00:00 2024" }, current, "not-modified"],
  ["IMS on POST is ignored", "POST", { ifModifiedSince: AFTER }, current, "proceed"],
  ["IMS invalid is ignored", "GET", { ifModifiedSince: "not a date" }, current, "proceed"],
  ["IMS with two dates is ignored", "GET", { ifModifiedSince: `${LM_HTTP}, ${AFTER}` }, current, "proceed"],
  ["IMS without Last-Modified is ignored", "GET", { ifModifiedSince: AFTER }, { etag: ETAG }, "proceed"],
  // RFC 9110 §13.1.3: If-None-Match takes precedence over If-Modified-Since
  ["INM false (changed) wins over an IMS that says unmodified", "GET", { ifNoneMatch: '"old"', ifModifiedSince: AFTER }, current, "proceed"],
  ["INM true wins over an IMS that says modified", "GET", { ifNoneMatch: ETAG, ifModifiedSince: BEFORE }, current, "not-modified"],
  // §13.2.2 order: If-Match / IUS before If-None-Match / IMS
  ["If-Match failure wins over INM", "GET", { ifMatch: '"x"', ifNoneMatch: ETAG }, current, "precondition-failed"],
  ["If-Match passes, then INM decides", "GET", { ifMatch: ETAG, ifNoneMatch: ETAG }, current, "not-modified"],
  ["IUS failure wins over IMS", "GET", { ifUnmodifiedSince: BEFORE, ifModifiedSince: AFTER }, current, "precondition-failed"],
  ["IUS passes, then IMS decides", "GET", { ifUnmodifiedSince: AFTER, ifModifiedSince: AFTER }, current, "not-modified"],
];

describe("evaluatePreconditions(method, request, current)", () => {
  for (const [label, method, request, cur, expected] of rows) {
    it(`${label} → ${expected}`, () => assert.equal(evaluatePreconditions(method, request, cur), expected));
  }
});

describe("ifRangeAllows(ifRange, current)", () => {
  const table: [string | undefined, CurrentRepresentation, boolean][] = [
    [undefined, current, true],
    [ETAG, current, true],
    [` ${ETAG} `, current, true],
    ['"other"', current, false],
    ['W/"v1"', current, false],
    [ETAG, { etag: 'W/"v1"' }, false],
    [ETAG, { lastModified: LM }, false],
    [LM_HTTP, current, true],
    ["Wednesday, 10-Jan-24 12:00:00 GMT", current, true],
    [AFTER, current, false],
    [BEFORE, current, false],
    [LM_HTTP, { etag: ETAG }, false],
    ["not a date", current, false],
    ["", current, false],
  ];
  for (const [ifRange, cur, expected] of table) {
    it(`${JSON.stringify(ifRange)} with ${JSON.stringify(cur)} → ${expected}`, () => assert.equal(ifRangeAllows(ifRange, cur), expected));
  }
});
