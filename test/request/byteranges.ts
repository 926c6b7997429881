/** Test helper: parses a multipart/byteranges body strictly, so a framing mistake fails the test. */
import assert from "node:assert/strict";

export interface BytePart {
  headers: Record<string, string>;
  body: Buffer;
}

/** The parts of a multipart/byteranges body; asserts the boundary framing, CRLFs and the close delimiter. */
export function parseByteranges(body: Buffer, contentType: string | undefined): BytePart[] {
  const m = /^multipart\/byteranges; boundary=([0-9A-Za-z'+_\-.]+)$/.exec(contentType ?? "");
  assert.ok(m, `not a multipart/byteranges Content-Type: ${contentType}`);
  const delimiter = Buffer.from(`--${m[1]}`, "latin1");
  const text = (from: number, to: number) => body.subarray(from, to).toString("latin1");
  const parts: BytePart[] = [];
  let bodyStart = -1;
  let at = 0;
  for (let guard = 0; guard < 1000; guard++) {
    const start = body.indexOf(delimiter, at);
    assert.notEqual(start, -1, "missing delimiter");
    if (bodyStart === -1) assert.equal(start, 0, "the body must start with the first delimiter");
    else {
      assert.equal(text(start - 2, start), "\r\n", "a part must end with CRLF before the delimiter");
      parts[parts.length - 1]!.body = body.subarray(bodyStart, start - 2);
    }
    const after = start + delimiter.length;
    if (text(after, after + 2) === "--") {
      assert.equal(text(after + 2, body.length), "\r\n", "the close delimiter must end the body with CRLF");
      return parts;
    }
    assert.equal(text(after, after + 2), "\r\n");
    const headEnd = body.indexOf("\r\n\r\n", after + 2, "latin1");
    assert.notEqual(headEnd, -1, "part headers must end with an empty line");
    const headers: Record<string, string> = {};
    for (const line of text(after + 2, headEnd).split("\r\n")) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    bodyStart = at = headEnd + 4;
    parts.push({ headers, body: Buffer.alloc(0) });
  }
  throw new Error("too many parts");
}
