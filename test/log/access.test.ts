import { test } from "node:test";
import assert from "node:assert/strict";
import { COMBINED_FORMAT, compileAccessFormat, escapeAccessValue, type AccessEntry } from "../../src/log/access.js";

/** 24 Feb 2014 21:01:46 local time, which {t} prints as [24/Feb/2014:21:01:46] in any time zone. */
const TIME = new Date(2014, 1, 24, 21, 1, 46);
const REQUEST_ID = "5f0c3b1e-9c1a-4d2b-8e3f-0a1b2c3d4e5f";

function entry(overrides: Partial<AccessEntry> = {}): AccessEntry {
  return {
    remoteIp: "127.0.0.1",
    time: TIME,
    method: "GET",
    url: "/as_string",
    protocol: "HTTP/1.1",
    status: 200,
    bytes: 7,
    referer: "http://www.cherrypy.dev/",
    userAgent: "Mozilla/5.0",
    host: "127.0.0.1:8080",
    requestId: REQUEST_ID,
    ...overrides,
  };
}

const combined = compileAccessFormat(COMBINED_FORMAT);

test("combined line for a normal request", () => {
  assert.equal(combined(entry()), '127.0.0.1 - - [24/Feb/2014:21:01:46] "GET /as_string HTTP/1.1" 200 7 "http://www.cherrypy.dev/" "Mozilla/5.0"');
});

test("time field is local dd/Mon/YYYY:HH:MM:SS", () => {
  const t = compileAccessFormat("{t}");
  assert.equal(t(entry()), "[24/Feb/2014:21:01:46]");
  assert.equal(t(entry({ time: new Date(2024, 11, 3, 4, 5, 6) })), "[03/Dec/2024:04:05:06]");
});

test("missing bytes print '-', missing referer and user agent print empty quotes", () => {
  const line = combined(entry({ url: "/as_yield", bytes: undefined, referer: undefined, userAgent: undefined }));
  assert.equal(line, '127.0.0.1 - - [24/Feb/2014:21:01:46] "GET /as_yield HTTP/1.1" 200 - "" ""');
});

test("login shows in {u}", () => {
  assert.equal(
    combined(entry({ login: "fred" })),
    '127.0.0.1 - fred [24/Feb/2014:21:01:46] "GET /as_string HTTP/1.1" 200 7 "http://www.cherrypy.dev/" "Mozilla/5.0"',
  );
});

test("{o} shows the host, '-' when absent", () => {
  const format = compileAccessFormat('{h} "{o}"');
  assert.equal(format(entry({ host: "www.example.com" })), '127.0.0.1 "www.example.com"');
  assert.equal(format(entry({ host: undefined })), '127.0.0.1 "-"');
});

test("{z} is RFC 3339 UTC with microseconds", () => {
  const z = compileAccessFormat("{z}");
  assert.equal(z(entry({ time: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 0)) })), "2024-01-02T03:04:05.000000Z");
  assert.equal(z(entry({ time: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) })), "2024-01-02T03:04:05.678000Z");
});

test("{i} is the request id", () => {
  const i = compileAccessFormat("[{i}]");
  assert.equal(i(entry()), `[${REQUEST_ID}]`);
  assert.equal(i(entry({ requestId: 'id "with" quotes' })), '[id \\"with\\" quotes]');
});

test("{D} is the duration in ms, '-' when unknown", () => {
  const d = compileAccessFormat("{D}");
  assert.equal(d(entry({ durationMs: 12.3456 })), "12.346");
  assert.equal(d(entry()), "-");
});

test("unicode in the path is escaped as UTF-8 \\xNN", () => {
  assert.equal(compileAccessFormat('"{r}"')(entry({ url: "/uni/☃" })), '"GET /uni/\\xe2\\x98\\x83 HTTP/1.1"');
});

test("a backslash in the path is kept", () => {
  assert.equal(compileAccessFormat('"{r}"')(entry({ url: "/slashes\\here" })), '"GET /slashes\\here HTTP/1.1"');
});

test("a user agent with \\r\\n\\t shows as escaped text", () => {
  const line = combined(entry({ userAgent: "Mozilla\r\n\t/5.0" }));
  assert.equal(line, '127.0.0.1 - - [24/Feb/2014:21:01:46] "GET /as_string HTTP/1.1" 200 7 "http://www.cherrypy.dev/" "Mozilla\\r\\n\\t/5.0"');
});

test("escaping: quotes, control bytes, plain text unchanged", () => {
  assert.equal(escapeAccessValue('say "hi"'), 'say \\"hi\\"');
  assert.equal(escapeAccessValue("a\x00b\x7f"), "a\\x00b\\x7f");
  assert.equal(escapeAccessValue("plain /path?x=1"), "plain /path?x=1");
  assert.equal(escapeAccessValue("é"), "\\xc3\\xa9");
});

test("JSON-shaped formats with {{ }} as literal braces", () => {
  const json = compileAccessFormat('{{"status": {s}, "ua": "{a}"}}');
  const line = json(entry({ userAgent: 'x"y' }));
  assert.equal(line, '{"status": 200, "ua": "x\\"y"}');
  assert.deepEqual(JSON.parse(line), { status: 200, ua: 'x"y' });
});

test("an unknown field throws an error naming it", () => {
  assert.throws(() => compileAccessFormat("{h} {nope}"), /"\{nope\}"/);
  assert.throws(() => compileAccessFormat("{constructor}"), /constructor/);
  assert.throws(() => compileAccessFormat("{h"), /unclosed/);
  assert.throws(() => compileAccessFormat("h}"), /single "\}"/);
});
