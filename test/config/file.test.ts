import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../src/config/errors.js";
import { assertSectioned, isSectioned, lineOf, loadConfigFile, parseConfig } from "../../src/config/file.js";
import { ConfigReference, formatConfigValue } from "../../src/config/values.js";
import { ENVIRONMENTS, isEnvironmentName } from "../../src/config/environments.js";

/** Asserts that `fn` throws a ConfigError with exactly this message (and these location fields). */
function throwsConfig(
  fn: () => unknown,
  message: string,
  fields: { file?: string; line?: number; section?: string; key?: string } = {},
): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.message, message);
    for (const [name, value] of Object.entries(fields)) assert.equal(err[name as keyof typeof fields], value, name);
    return true;
  });
}

async function rejectsConfig(promise: Promise<unknown>, message: string, file?: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.message, message);
    if (file !== undefined) assert.equal(err.file, file);
    return true;
  });
}

const SITE = `# Orchard site config
; both comment styles

[global]
server.socketHost = "0.0.0.0"
server.socketPort: 8080
environment = "production"
log.screen = false   # inline comment after a value
engine.autoreload.frequency = 1.5

[/]
tools.trailingSlash.on = false
request.dispatch = MethodDispatcher()
response.headers.X-Powered-By = "Orchard"
Key = "upper"
key = "lower"

[/api/v1]
tools.jsonOut.on: true
request.methodsWithBodies = ["POST", "PUT", "PATCH"]
tools.staticdir.root = null
error_page.404 = "/var/www/404.html"
response.timeout = -1

[Databases]
driver: "postgres"
host: "localhost"
port: 5432
`;

describe("parseConfig(text, file)", () => {
  it("parses a full file: [global], paths, a custom section, both delimiters, case-sensitive dotted keys", () => {
    const sections = parseConfig(SITE, "site.conf");
    assert.deepEqual(sections, {
      global: {
        "server.socketHost": "0.0.0.0",
        "server.socketPort": 8080,
        environment: "production",
        "log.screen": false,
        "engine.autoreload.frequency": 1.5,
      },
      "/": {
        "tools.trailingSlash.on": false,
        "request.dispatch": new ConfigReference("MethodDispatcher", []),
        "response.headers.X-Powered-By": "Orchard",
        Key: "upper",
        key: "lower",
      },
      "/api/v1": {
        "tools.jsonOut.on": true,
        "request.methodsWithBodies": ["POST", "PUT", "PATCH"],
        "tools.staticdir.root": null,
        "error_page.404": "/var/www/404.html",
        "response.timeout": -1,
      },
      Databases: { driver: "postgres", host: "localhost", port: 5432 },
    });
    assert.deepEqual(Object.keys(sections), ["global", "/", "/api/v1", "Databases"]);
  });

  it("records the line of every key and section header", () => {
    const sections = parseConfig(SITE, "site.conf");
    assert.equal(lineOf(sections, "global"), 4);
    assert.equal(lineOf(sections, "/api/v1"), 18);
    assert.equal(lineOf(sections.global as object, "server.socketPort"), 6);
    assert.equal(lineOf(sections["/"] as object, "key"), 16);
    assert.equal(lineOf(sections["/"] as object, "missing"), undefined);
    assert.equal(lineOf({ "/": {} }, "/"), undefined);
  });

  it("joins indented continuation lines so JSON can span lines (comments and blank lines inside)", () => {
    const text = [
      "[/]",
      "tools.cors.on = true",
      "tools.cors.policy = {",
      '    "origins": ["https://a.example", "https://b.example"],',
      "    # a comment line inside the value",
      "",
      '    "maxAge": 600,   # trailing comment',
      '    "credentials": true',
      "  }",
      "after = 1",
    ].join("\r\n");
    const sections = parseConfig(text);
    assert.deepEqual(sections, {
      "/": {
        "tools.cors.on": true,
        "tools.cors.policy": { origins: ["https://a.example", "https://b.example"], maxAge: 600, credentials: true },
        after: 1,
      },
    });
    assert.equal(lineOf(sections["/"] as object, "after"), 10);
  });

  it("continues only lines indented deeper than their key, so an indented file still parses", () => {
    assert.deepEqual(parseConfig("  [/]\n  a = 1\n  b = [1,\n     2]\n"), { "/": { a: 1, b: [1, 2] } });
  });

  it("parses references with JSON arguments, nested references and dotted names, never evaluating them", () => {
    const sections = parseConfig(
      [
        "[/]",
        'request.dispatch = VirtualHost({"www.mydom.com": "/mydom", "www.b.com:8080": "/b"})',
        "[/rest]",
        'request.dispatch = VirtualHost(MethodDispatcher(), {"api.a.com": "/api"}, true, 3, null)',
        "[/multi]",
        "request.dispatch = Routes(",
        '    [["home", "/", "Root", "index"]]',
        "  )",
        "[/dotted]",
        "request.dispatch = dispatch.MethodDispatcher ()",
      ].join("\n"),
    );
    const vhost = sections["/"]?.["request.dispatch"];
    assert.ok(vhost instanceof ConfigReference);
    assert.equal(vhost.name, "VirtualHost");
    assert.deepEqual(vhost.args, [{ "www.mydom.com": "/mydom", "www.b.com:8080": "/b" }]);
    assert.deepEqual(
      sections["/rest"]?.["request.dispatch"],
      new ConfigReference("VirtualHost", [new ConfigReference("MethodDispatcher", []), { "api.a.com": "/api" }, true, 3, null]),
    );
    assert.deepEqual(
      sections["/multi"]?.["request.dispatch"],
      new ConfigReference("Routes", [[["home", "/", "Root", "index"]]]),
    );
    assert.deepEqual(sections["/dotted"]?.["request.dispatch"], new ConfigReference("dispatch.MethodDispatcher", []));
    assert.equal(String(vhost), 'VirtualHost({"www.mydom.com": "/mydom", "www.b.com:8080": "/b"})');
  });

  it("decodes JSON strings and numbers exactly", () => {
    const sections = parseConfig(
      '[s]\na = "tab\\there \\u00e9 \\"q\\" \\\\ \\/"\nb = -1234\nc = 1e3\nd = 0.25\ne = ""\nf = []\ng = {}\nh = "# not a comment"',
    );
    assert.deepEqual(sections, {
      s: { a: 'tab\there é "q" \\ /', b: -1234, c: 1000, d: 0.25, e: "", f: [], g: {}, h: "# not a comment" },
    });
  });

  it("keeps keys such as __proto__ as plain own keys", () => {
    const sections = parseConfig('[/]\n__proto__ = {"__proto__": 1}\n');
    const root = sections["/"] as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(root), Object.prototype);
    assert.deepEqual(Object.keys(root), ["__proto__"]);
    assert.deepEqual(Object.keys(root["__proto__"] as object), ["__proto__"]);
  });

  it("keeps empty sections and strips a byte-order mark", () => {
    assert.deepEqual(parseConfig("\uFEFF[global]\n\n[/empty]\n"), { global: {}, "/empty": {} });
    assert.deepEqual(parseConfig(""), {});
  });

  describe("[DEFAULT] and %(name)s interpolation", () => {
    it("interpolates inside strings from the same section, then [DEFAULT], which is not returned", () => {
      const text = [
        "[DEFAULT]",
        'ones = "11"',
        'twos = "22"',
        'base = "/srv/%(app)s"',
        "[/]",
        'stradd = "%(ones)s%(twos)s33"',
        "port = 8080",
        'url = "http://localhost:%(port)s/%(twos)s"',
        'percent = "100%% sure, 50% kept"',
        'nested = ["%(ones)s", {"root": Static("%(url)s/static")}]',
        "[/other]",
        'ones = "1"',
        'app = "shop"',
        'stradd = "%(ones)s|%(base)s"',
      ].join("\n");
      assert.deepEqual(parseConfig(text), {
        "/": {
          stradd: "112233",
          port: 8080,
          url: "http://localhost:8080/22",
          percent: "100% sure, 50% kept",
          nested: ["11", { root: new ConfigReference("Static", ["http://localhost:8080/22/static"]) }],
        },
        "/other": { ones: "1", app: "shop", stradd: "1|/srv/shop" },
      });
    });

    it("reports unknown names, loops, non-scalar values and malformed patterns at the key", () => {
      throwsConfig(() => parseConfig('[/]\na = 1\nx = "%(nope)s"', "app.conf"), "app.conf:3: [/] x: %(nope)s: no key `nope` in [/] or [DEFAULT]", {
        line: 3,
        key: "x",
        section: "/",
      });
      throwsConfig(
        () => parseConfig('[DEFAULT]\nbase = "/srv/%(app)s"\n[/]\nroot = "%(base)s/static"', "app.conf"),
        "app.conf:4: [/] root: %(app)s: no key `app` in [/] or [DEFAULT] (needed by %(base)s)",
      );
      throwsConfig(
        () => parseConfig('[/]\nx = "%(y)s"\ny = "%(x)s"', "app.conf"),
        "app.conf:2: [/] x: %(x)s: interpolation loops: x -> y -> x",
      );
      throwsConfig(
        () => parseConfig('[/]\nlist = [1]\nx = "%(list)s"', "app.conf"),
        "app.conf:3: [/] x: %(list)s: `list` is [1]; only strings, numbers and booleans can be interpolated",
      );
      throwsConfig(
        () => parseConfig('[/]\nx = "%(y)d"', "app.conf"),
        "app.conf:2: [/] x: malformed interpolation `%(y)`; write %(name)s, or %% for a literal %",
      );
    });
  });

  describe("errors", () => {
    it("a bare word gets clear guidance", () => {
      throwsConfig(
        () => parseConfig("[global]\nlog.screen = yes\n", "site.conf"),
        'site.conf:2: [global] log.screen: value `yes` is not a JSON literal; write "yes" for a string or true/false',
        { file: "site.conf", line: 2, section: "global", key: "log.screen" },
      );
      throwsConfig(
        () => parseConfig("[global]\nlog.screen = True\n", "site.conf"),
        "site.conf:2: [global] log.screen: value `True` is not a JSON literal; write true (JSON literals are lowercase)",
      );
      throwsConfig(
        () => parseConfig("[/]\nrequest.dispatch = MethodDispatcher\n", "site.conf"),
        'site.conf:2: [/] request.dispatch: value `MethodDispatcher` is not a JSON literal; write "MethodDispatcher" for a string or MethodDispatcher() for a reference',
      );
      throwsConfig(
        () => parseConfig("[/]\ntools.staticdir.root = /var/www\n", "site.conf"),
        'site.conf:2: [/] tools.staticdir.root: value `/var/www` is not a JSON literal; write "/var/www" for a string',
      );
      throwsConfig(
        () => parseConfig("[/]\nmethods = [POST, PUT]\n", "site.conf"),
        'site.conf:2: [/] methods: value `POST` is not a JSON literal; write "POST" for a string or POST() for a reference (line 2, column 12)',
      );
    });

    it("single-quoted strings are rejected with a hint", () => {
      throwsConfig(
        () => parseConfig("[global]\nenvironment = 'production'\n", "site.conf"),
        'site.conf:2: [global] environment: single-quoted strings are not JSON; write "production" with double quotes (line 2, column 15)',
      );
      throwsConfig(
        () => parseConfig(`[/]\nheaders = {"a": 'b'}\n`, "site.conf"),
        'site.conf:2: [/] headers: single-quoted strings are not JSON; write "b" with double quotes (line 2, column 17)',
      );
    });

    it("a key outside any section names the line", () => {
      throwsConfig(
        () => parseConfig("# header comment\n\nserver.socketPort = 8080\n[global]\n", "site.conf"),
        "site.conf:3: server.socketPort: key outside any section; put it under a section header such as [global] or [/]",
        { line: 3, key: "server.socketPort", section: undefined },
      );
    });

    it("a duplicate key or section is an error", () => {
      throwsConfig(
        () => parseConfig("[/api]\ntools.gzip.on = true\n\ntools.gzip.on = false\n", "site.conf"),
        "site.conf:4: [/api] tools.gzip.on: duplicate key (first set at line 2)",
        { line: 4 },
      );
      throwsConfig(
        () => parseConfig("[/api]\na = 1\n[/]\n[/api]\n", "site.conf"),
        "site.conf:4: [/api]: duplicate section (first declared at line 1)",
      );
      throwsConfig(
        () => parseConfig('[/]\nh = {"a": 1, "a": 2}\n', "site.conf"),
        'site.conf:2: [/] h: duplicate key "a" in object (line 2, column 14)',
      );
    });

    it("broken JSON reports the key's line and the exact position", () => {
      const text = [
        "[global]", // 1
        "server.socketPort = 8080", // 2
        "", // 3
        "[/api]", // 4
        "tools.cors.policy = {", // 5
        '    "origins": ["https://a.example"]', // 6
        '    "maxAge": 600', // 7
        "  }", // 8
      ].join("\n");
      throwsConfig(
        () => parseConfig(text, "site.conf"),
        "site.conf:5: [/api] tools.cors.policy: expected ',' or '}' but found '\"' (line 7, column 5)",
        { line: 5, key: "tools.cors.policy", section: "/api" },
      );
      throwsConfig(
        () => parseConfig('[/]\nlist = [1, 2,]\nobj = {"a": 1,}', "site.conf"),
        "site.conf:2: [/] list: trailing comma before ']' (line 2, column 14)",
      );
      throwsConfig(
        () => parseConfig('[/]\nobj = {"a": 1,\n  "b": 2', "site.conf"),
        "site.conf:2: [/] obj: unterminated object opened at line 2, column 7; expected ',' or '}' (line 3, column 9)",
      );
      throwsConfig(
        () => parseConfig("[/]\nobj = {a: 1}", "site.conf"),
        'site.conf:2: [/] obj: object keys must be double-quoted strings; write "a" (line 2, column 8)',
      );
      throwsConfig(() => parseConfig('[/]\ns = "abc\n', "site.conf"), "site.conf:2: [/] s: unterminated string (line 2, column 5)");
      throwsConfig(
        () => parseConfig('[/]\ns = "a\\qb"\n', "site.conf"),
        "site.conf:2: [/] s: invalid escape `\\q` in string (line 2, column 7)",
      );
      throwsConfig(() => parseConfig('[/]\ns = "a" "b"\n', "site.conf"), 'site.conf:2: [/] s: unexpected text `"b"` after the value (line 2, column 9)');
      throwsConfig(() => parseConfig("[/]\nn = [1, 0123]\n", "site.conf"), "site.conf:2: [/] n: invalid number `0123` (line 2, column 9)");
      throwsConfig(
        () => parseConfig("[/]\nd = VirtualHost(next=MethodDispatcher())\n", "site.conf"),
        "site.conf:2: [/] d: keyword argument `next=` is not supported; pass positional JSON values (an object for named options) (line 2, column 17)",
      );
      throwsConfig(
        () => parseConfig("[/]\nd = Routes(\n  [1]\n", "site.conf"),
        "site.conf:2: [/] d: unterminated reference Routes(…) opened at line 2, column 5; expected ',' or ')' (line 3, column 6)",
      );
    });

    it("structural mistakes name the line", () => {
      throwsConfig(() => parseConfig("[/]\nkey = \n"), "line 2: [/] key: missing value; write \"\" for an empty string or null for none");
      throwsConfig(
        () => parseConfig("[/]\njust words\n", "site.conf"),
        "site.conf:2: [/]: expected `key = value` or a [section] header, got `just words`",
      );
      throwsConfig(() => parseConfig("[/]\n= 5\n", "site.conf"), "site.conf:2: [/]: missing key before '='");
      throwsConfig(() => parseConfig("[/]\nmy key = 5\n", "site.conf"), "site.conf:2: [/] my key: keys cannot contain spaces, quotes or brackets");
      throwsConfig(() => parseConfig("[/api\n", "site.conf"), "site.conf:1: malformed section header `[/api`; write [name] on its own line");
      throwsConfig(() => parseConfig("[ ]\n", "site.conf"), "site.conf:1: empty section header []; write [global], [/path] or [name]");
      throwsConfig(
        () => parseConfig("[tools.gzip]\non = true\n", "site.conf"),
        'site.conf:1: section [tools.gzip] is not a path, "global" or a plain name; write dotted keys inside a section instead, for example [global] then `tools.gzip.on = true`',
      );
    });
  });
});

describe("ConfigError", () => {
  it("formats whatever location parts are known", () => {
    const where = { file: "site.conf", line: 12, section: "/api", key: "tools.gzip.on" };
    assert.equal(new ConfigError("must be a boolean", where).message, "site.conf:12: [/api] tools.gzip.on: must be a boolean");
    assert.equal(new ConfigError("must be a boolean", { key: "tools.gzip.on" }).message, "tools.gzip.on: must be a boolean");
    assert.equal(new ConfigError("oops", { file: "site.conf", section: "/" }).message, "site.conf: [/]: oops");
    assert.equal(new ConfigError("oops", { line: 3 }).message, "line 3: oops");
    assert.equal(new ConfigError("oops").message, "oops");
    const err = new ConfigError("must be a boolean", where);
    assert.equal(err.name, "ConfigError");
    assert.equal(err.code, "ERR_ORCHARD_CONFIG");
    assert.equal(err.reason, "must be a boolean");
    assert.ok(err instanceof Error);
  });

  it("withLocation fills in unknown parts", () => {
    const err = new ConfigError("must be a boolean", { key: "tools.gzip.on" }).withLocation({ file: "a.conf", line: 2, key: "other" });
    assert.equal(err.message, "a.conf:2: tools.gzip.on: must be a boolean");
  });
});

describe("formatConfigValue(value)", () => {
  it("writes values back in file syntax", () => {
    assert.equal(formatConfigValue({ a: [1, "x", null, new ConfigReference("Foo", [true])] }), '{"a": [1, "x", null, Foo(true)]}');
  });
});

describe("isSectioned / assertSectioned", () => {
  it("accepts objects of sections", () => {
    const config = { global: { "server.socketPort": 8080 }, "/": { "tools.gzip.on": true }, Databases: { host: "h" } };
    assert.equal(isSectioned(config), true);
    assert.equal(isSectioned({}), true);
    assert.doesNotThrow(() => assertSectioned(config));
  });

  it("rejects flat config with CherryPy's 'must include section headers' guidance", () => {
    assert.equal(isSectioned({ "tools.gzip.on": true }), false);
    assert.equal(isSectioned({ "tools.responseHeaders.headers": { "X-A": "b" } }), false);
    assert.equal(isSectioned({ "/": 5 }), false);
    assert.equal(isSectioned([]), false);
    throwsConfig(
      () => assertSectioned({ "tools.gzip.on": true }, "app.mjs"),
      'app.mjs: config must include section headers: `tools.gzip.on` is not a section; wrap flat settings in one, for example { "/": { "tools.gzip.on": ... } } or { "global": { ... } }',
    );
    throwsConfig(
      () => assertSectioned({ environment: "production" }),
      'config must include section headers: `environment` is not a section; wrap flat settings in one, for example { "/": { "environment": ... } } or { "global": { ... } }',
    );
    throwsConfig(() => assertSectioned({ "/": [1] }, "app.mjs"), "app.mjs: [/]: a section must be an object of settings, got an array", {
      section: "/",
    });
    throwsConfig(() => assertSectioned("nope"), 'config must be an object of sections (section name → settings), got the string "nope"');
  });
});

describe("loadConfigFile(path)", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "orchard-config-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it("parses INI files with the file name in errors", async () => {
    const path = await write("site.conf", '[global]\nserver.socketPort = 8080\n[/]\nlog.screen = yes\n');
    await rejectsConfig(
      loadConfigFile(path),
      `${path}:4: [/] log.screen: value \`yes\` is not a JSON literal; write "yes" for a string or true/false`,
      path,
    );
    const good = await write("app.ini", '[/]\nrequest.dispatch = MethodDispatcher()\n');
    assert.deepEqual(await loadConfigFile(good), { "/": { "request.dispatch": new ConfigReference("MethodDispatcher", []) } });
    const cfg = await write("app.cfg", "[Databases]\nport = 5432\n");
    assert.deepEqual(await loadConfigFile(cfg), { Databases: { port: 5432 } });
  });

  it("imports a module's default export", async () => {
    const path = await write(
      "app.mjs",
      'export default { global: { "server.socketPort": 9000 }, "/": { "tools.gzip.on": true, "hooks.beforeHandler": () => 1 } };\n',
    );
    const sections = await loadConfigFile(path);
    assert.deepEqual(sections.global, { "server.socketPort": 9000 });
    assert.equal(sections["/"]?.["tools.gzip.on"], true);
    assert.equal(typeof sections["/"]?.["hooks.beforeHandler"], "function");
  });

  it("imports a named `config` export, and CommonJS modules", async () => {
    const named = await write("named.mjs", 'export const config = { "/api": { "response.timeout": 30 } };\n');
    assert.deepEqual(await loadConfigFile(named), { "/api": { "response.timeout": 30 } });
    const cjs = await write("app.cjs", 'module.exports = { "/": { "log.screen": false } };\n');
    assert.deepEqual(await loadConfigFile(cjs), { "/": { "log.screen": false } });
    const cjsNamed = await write("named.cjs", 'exports.config = { "/": { "log.screen": true } };\n');
    assert.deepEqual(await loadConfigFile(cjsNamed), { "/": { "log.screen": true } });
    const js = await write("plain.js", 'module.exports = { global: { "checker.on": false } };\n');
    assert.deepEqual(await loadConfigFile(js), { global: { "checker.on": false } });
  });

  it("rejects modules that do not export an object of sections", async () => {
    const arr = await write("arr.mjs", "export default [1, 2];\n");
    await rejectsConfig(loadConfigFile(arr), `${arr}: config module must export an object of sections, got an array`, arr);
    const fn = await write("fn.mjs", "export default function config() {}\n");
    await rejectsConfig(loadConfigFile(fn), `${fn}: config module must export an object of sections, got a function`);
    const none = await write("none.mjs", "export const other = 1;\n");
    await rejectsConfig(loadConfigFile(none), `${none}: config module must export its sections as the default export or as \`config\``);
    const flat = await write("flat.mjs", 'export default { "tools.gzip.on": true };\n');
    await rejectsConfig(
      loadConfigFile(flat),
      `${flat}: config must include section headers: \`tools.gzip.on\` is not a section; wrap flat settings in one, for example { "/": { "tools.gzip.on": ... } } or { "global": { ... } }`,
    );
    const broken = await write("broken.mjs", 'throw new Error("boom");\n');
    await rejectsConfig(loadConfigFile(broken), `${broken}: cannot load config module: boom`, broken);
  });

  it("a missing file is a ConfigError with the errno code", async () => {
    const conf = join(dir, "missing.conf");
    await rejectsConfig(loadConfigFile(conf), `cannot read config file ${conf}: ENOENT`, conf);
    const mjs = join(dir, "missing.mjs");
    await rejectsConfig(loadConfigFile(mjs), `cannot read config file ${mjs}: ENOENT`, mjs);
  });
});

describe("ENVIRONMENTS", () => {
  it("holds CherryPy's presets with Orchard key names", () => {
    const staging = {
      "engine.autoreload.on": false,
      "checker.on": false,
      "tools.logHeaders.on": false,
      "request.showTracebacks": false,
    };
    assert.deepEqual(ENVIRONMENTS.staging, staging);
    assert.deepEqual(ENVIRONMENTS.production, { ...staging, "log.accessScreen": false });
    assert.deepEqual(ENVIRONMENTS.embedded, { ...staging, "log.accessScreen": false, "engine.signalHandler.on": false });
    assert.deepEqual(ENVIRONMENTS.testSuite, {
      "engine.autoreload.on": false,
      "checker.on": false,
      "tools.logHeaders.on": false,
      "request.showTracebacks": true,
      "log.screen": false,
    });
    assert.ok(Object.isFrozen(ENVIRONMENTS) && Object.isFrozen(ENVIRONMENTS.production));
    assert.equal(isEnvironmentName("testSuite"), true);
    assert.equal(isEnvironmentName("test_suite"), false);
    assert.equal(isEnvironmentName("toString"), false);
  });
});
