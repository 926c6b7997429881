import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  contentRange,
  multipartByteranges,
  multipartByterangesLayout,
  parseRange,
  unsatisfiedRange,
  type ByteRange,
} from "../../src/http/ranges.js";

describe("parseRange(header, size)", () => {
  const table: [string | undefined, number, ByteRange[] | "unsatisfiable" | undefined][] = [
    // CherryPy's /ranges/slice_file cases (size 14)
    ["bytes=2-5", 14, [{ start: 2, end: 5 }]],
    ["bytes=4-6,2-5", 14, [{ start: 4, end: 6 }, { start: 2, end: 5 }]],
    ["bytes=2300-2900", 14, "unsatisfiable"],
    // suffix and open ranges
    ["bytes=-3", 14, [{ start: 11, end: 13 }]],
    ["bytes=-100", 14, [{ start: 0, end: 13 }]],
    ["bytes=-0", 14, "unsatisfiable"],
    ["bytes=9-", 14, [{ start: 9, end: 13 }]],
    ["bytes=0-", 14, [{ start: 0, end: 13 }]],
    ["bytes=0-0", 14, [{ start: 0, end: 0 }]],
    ["bytes=13-13", 14, [{ start: 13, end: 13 }]],
    ["bytes=14-", 14, "unsatisfiable"],
    // clamping
    ["bytes=10-99", 14, [{ start: 10, end: 13 }]],
    ["bytes=0-99999999999999999999999", 14, [{ start: 0, end: 13 }]],
    // unsatisfiable members are dropped, the rest kept in order
    ["bytes=20-30,5-6,-0", 14, [{ start: 5, end: 6 }]],
    ["bytes=20-30,40-", 14, "unsatisfiable"],
    // empty representation
    ["bytes=0-", 0, "unsatisfiable"],
    ["bytes=-5", 0, "unsatisfiable"],
    // whitespace and empty list elements
    ["bytes=1-2, 3-4", 14, [{ start: 1, end: 2 }, { start: 3, end: 4 }]],
    ["bytes= 1-2 ,,3-4,", 14, [{ start: 1, end: 2 }, { start: 3, end: 4 }]],
    ["  bytes=1-2  ", 14, [{ start: 1, end: 2 }]],
    ["BYTES=1-2", 14, [{ start: 1, end: 2 }]],
    // ignored: absent, other units, invalid syntax
    [undefined, 14, undefined],
    ["", 14, undefined],
    ["items=0-5", 14, undefined],
    ["bytes", 14, undefined],
    ["bytes=", 14, undefined],
    ["bytes=,", 14, undefined],
    ["bytes=-", 14, undefined],
    ["bytes=5-2", 14, undefined],
    ["bytes=5-2,1-3", 14, undefined],
    ["bytes=a-b", 14, undefined],
    ["bytes=1-2-3", 14, undefined],
    ["bytes=+1-2", 14, undefined],
    ["bytes=1.5-2", 14, undefined],
    ["bytes=1 - 2", 14, undefined],
    ["bytes = 1-2", 14, undefined],
    ["bytes=0-1;2-3", 14, undefined],
    ["garbage", 14, undefined],
    ["bytes=1-2,garbage", 14, undefined],
  ];
  for (const [header, size, expected] of table) {
    it(`${JSON.stringify(header)} size ${size} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseRange(header, size), expected);
    });
  }

  it("ignores more than 100 ranges (default), or the configured maximum", () => {
    const many = (n: number) => `bytes=${Array.from({ length: n }, (_, i) => `${i}-${i}`).join(",")}`;
    assert.equal((parseRange(many(100), 1000) as ByteRange[]).length, 100);
    assert.equal(parseRange(many(101), 1000), undefined);
    assert.equal(parseRange(many(3), 1000, { maxRanges: 2 }), undefined);
    assert.equal((parseRange(many(2), 1000, { maxRanges: 2 }) as ByteRange[]).length, 2);
  });
  it("ignores overlapping ranges that add up to more than twice the size", () => {
    assert.deepEqual(parseRange("bytes=0-,0-", 14), [{ start: 0, end: 13 }, { start: 0, end: 13 }]);
    assert.equal(parseRange("bytes=0-,0-,0-", 14), undefined);
    assert.equal(parseRange("bytes=-14,-14,-1", 14), undefined);
  });
  it("throws for an invalid size", () => {
    assert.throws(() => parseRange("bytes=0-1", -1), RangeError);
    assert.throws(() => parseRange("bytes=0-1", 1.5), RangeError);
    assert.throws(() => parseRange("bytes=0-1", Number.NaN), RangeError);
  });
});

describe("contentRange / unsatisfiedRange", () => {
  it("formats Content-Range values", () => {
    assert.equal(contentRange({ start: 2, end: 5 }, 14), "bytes 2-5/14");
    assert.equal(unsatisfiedRange(14), "bytes */14");
  });
});

describe("multipartByteranges(body, ranges, options)", () => {
  const body = Buffer.from("Hello, world\r\n");

  it("builds the parts in request order, CRLF-separated (RFC 9110 §14.6)", () => {
    const result = multipartByteranges(body, [{ start: 4, end: 6 }, { start: 2, end: 5 }], {
      contentType: "text/plain",
      boundary: "THIS_STRING_SEPARATES",
    });
    assert.equal(result.contentType, "multipart/byteranges; boundary=THIS_STRING_SEPARATES");
    assert.equal(
      result.body.toString("latin1"),
      "--THIS_STRING_SEPARATES\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Range: bytes 4-6/14\r\n" +
        "\r\n" +
        "o, \r\n" +
        "--THIS_STRING_SEPARATES\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Range: bytes 2-5/14\r\n" +
        "\r\n" +
        "llo,\r\n" +
        "--THIS_STRING_SEPARATES--\r\n",
    );
  });
  it("omits Content-Type when not given", () => {
    const result = multipartByteranges(body, [{ start: 0, end: 0 }], { boundary: "b" });
    assert.equal(result.body.toString("latin1"), "--b\r\nContent-Range: bytes 0-0/14\r\n\r\nH\r\n--b--\r\n");
  });
  it("generates a random token boundary by default", () => {
    const a = multipartByteranges(body, [{ start: 0, end: 1 }]);
    const b = multipartByteranges(body, [{ start: 0, end: 1 }]);
    assert.match(a.contentType, /^multipart\/byteranges; boundary=[0-9a-f]{32}$/);
    assert.notEqual(a.contentType, b.contentType);
  });
  it("keeps binary bytes intact", () => {
    const bin = Buffer.from([0, 255, 128, 10, 13, 1]);
    const result = multipartByteranges(bin, [{ start: 1, end: 2 }], { boundary: "x" });
    const head = Buffer.from("--x\r\nContent-Range: bytes 1-2/6\r\n\r\n", "latin1");
    assert.deepEqual(result.body.subarray(head.length, head.length + 2), Buffer.from([255, 128]));
  });
  it("rejects ranges outside the body and bad boundaries", () => {
    assert.throws(() => multipartByteranges(body, [{ start: 10, end: 14 }]), RangeError);
    assert.throws(() => multipartByteranges(body, [{ start: 5, end: 4 }]), RangeError);
    assert.throws(() => multipartByteranges(body, [{ start: 0, end: 1 }], { boundary: "a b" }), TypeError);
    assert.throws(() => multipartByteranges(body, [{ start: 0, end: 1 }], { boundary: "x".repeat(71) }), TypeError);
    assert.throws(() => multipartByteranges(body, [{ start: 0, end: 1 }], { contentType: "text/plain\r\nX: y" }), TypeError);
  });
});

describe("multipartByterangesLayout(ranges, size, options)", () => {
  it("gives the framing and the exact Content-Length for streaming", () => {
    const ranges = [{ start: 4, end: 6 }, { start: 2, end: 5 }];
    const layout = multipartByterangesLayout(ranges, 14, { boundary: "B", contentType: "text/plain" });
    const full = multipartByteranges(Buffer.from("Hello, world\r\n"), ranges, { boundary: "B", contentType: "text/plain" });
    assert.equal(layout.length, full.body.length);
    assert.equal(layout.boundary, "B");
    assert.equal(layout.parts.length, 2);
    assert.equal(layout.parts[0]!.head, "--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 4-6/14\r\n\r\n");
    assert.equal(layout.parts[1]!.head, "\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 2-5/14\r\n\r\n");
    assert.deepEqual(layout.parts[1]!.range, { start: 2, end: 5 });
    assert.equal(layout.tail, "\r\n--B--\r\n");
  });
});
