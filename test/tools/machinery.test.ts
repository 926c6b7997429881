// The tool machinery (CherryPy's _cptools and test_tools ToolTests): hook points and priorities, tools
// with several hooks, handler wrappers, toolboxes, config and decorator forms, and their errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { ConfigError } from "../../src/config/errors.js";
import { checkTree } from "../../src/config/checker.js";
import { HTTPError } from "../../src/request/errors.js";
import type { Context } from "../../src/request/context.js";
import type { RouteBuilder } from "../../src/request/route.js";
import { HandlerWrapperTool, Tool, Toolbox } from "../../src/tools/tool.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

/** What ran, in order; reset per test. */
let trace: string[] = [];

const mark = (label: string) => (ctx: Context) => void trace.push(`${label}@${ctx.request.stage}`);

tools.register("beforeHandler", mark("m10"), { name: "mTen", priority: 10 });
tools.register("beforeHandler", mark("mA"), { name: "mA" });
tools.register("beforeHandler", mark("mB"), { name: "mB" });
tools.register<{ word?: string; times?: number }>(
  "beforeFinalize",
  (ctx, { word = "plain", times = 1 }) => void ctx.response.headers.set("X-Word", Array(times).fill(word).join(" ")),
  { name: "mWord", args: ["word", "times"], validate: (name, value) => (name === "times" && !Number.isInteger(value) ? "expected an integer" : undefined) },
);

test("a registered tool runs at its hook point, ordered by priority, then by the order config names it", async () => {
  class Root {
    @expose
    @configure({ "tools.mB.on": true, "tools.mA.on": true, "tools.mTen.on": true })
    bFirst() {
      trace.push("handler");
      return "ok";
    }

    @expose
    @configure({ "tools.mA.on": true, "tools.mB.on": true, "tools.mTen.on": true })
    aFirst() {
      trace.push("handler");
      return "ok";
    }
  }
  const root = new Root();
  trace = [];
  assert.equal((await inject(root, { url: "/bFirst" })).status, 200);
  assert.deepEqual(trace, ["m10@beforeHandler", "mB@beforeHandler", "mA@beforeHandler", "handler"]);
  trace = [];
  assert.equal((await inject(root, { url: "/aFirst" })).status, 200);
  assert.deepEqual(trace, ["m10@beforeHandler", "mA@beforeHandler", "mB@beforeHandler", "handler"]);
});

test("tools.NAME.priority moves a tool for one path only", async () => {
  const { tree } = quietTree();
  class Root {
    @expose usual() {
      return "usual";
    }
    @expose moved() {
      return "moved";
    }
  }
  tree.mount(new Root(), "", {
    "/": { "tools.mTen.on": true, "tools.mA.on": true },
    "/moved": { "tools.mTen.priority": 90 },
  });
  trace = [];
  await inject(tree, { url: "/usual" });
  assert.deepEqual(trace, ["m10@beforeHandler", "mA@beforeHandler"]);
  trace = [];
  await inject(tree, { url: "/moved" });
  assert.deepEqual(trace, ["mA@beforeHandler", "m10@beforeHandler"]);
});

test("a tool is turned on by config with tools.NAME.ARG arguments, or by its decorator with arguments", async () => {
  const word = tools.get("mWord")! as Tool<{ word?: string; times?: number }>;
  class Root {
    @expose byConfig() {
      return "config";
    }
    @expose @word.decorator({ word: "deco", times: 2 }) byDecorator() {
      return "decorator";
    }
    @expose @word.decorator({ word: "deco", times: 2 }) overridden() {
      return "overridden";
    }
    @expose @word.decorator({ word: "deco" }) switchedOff() {
      return "off";
    }
    @expose untouched() {
      return "untouched";
    }
  }
  const { tree } = quietTree();
  tree.mount(new Root(), "", {
    "/": {},
    "/byConfig": { "tools.mWord.on": true, "tools.mWord.word": "conf" },
    // Config at the path beats the decorator's arguments, key by key.
    "/overridden": { "tools.mWord.word": "path" },
    "/switchedOff": { "tools.mWord.on": false },
  });
  const wordOf = async (url: string) => (await inject(tree, { url })).headers.get("x-word");
  assert.equal(await wordOf("/byConfig"), "conf");
  assert.equal(await wordOf("/byDecorator"), "deco deco");
  assert.equal(await wordOf("/overridden"), "path path");
  assert.equal(await wordOf("/switchedOff"), undefined);
  assert.equal(await wordOf("/untouched"), undefined);
});

const STARTED = Symbol("timing.started");

/** CherryPy's TimingTool, ported: a tool that attaches at three hook points. */
class TimingTool extends Tool<{ header?: string }> {
  constructor() {
    super("onStartResource", () => undefined, { name: "timing", priority: 95, args: ["header"] });
  }

  override attach(route: RouteBuilder, args: { header?: string }, priority: number): void {
    const header = args.header ?? "X-Elapsed";
    const elapsed = (ctx: Context) => (performance.now() - (ctx.state.get(STARTED) as number)).toFixed(3);
    route.hook("onStartResource", (ctx) => void ctx.state.set(STARTED, performance.now()), { priority, name: "perf.timing" });
    route.hook("beforeFinalize", (ctx) => void ctx.response.headers.set(header, `${elapsed(ctx)} ms`), { priority: 5, name: "perf.timing" });
    route.hook("onEndRequest", (ctx) => ctx.log(`${ctx.request.method} ${ctx.request.pathInfo} took ${elapsed(ctx)} ms`), { name: "perf.timing" });
  }
}

test("a Tool subclass attaches several hooks (the TimingTool): start, header before finalize, log at the end", async () => {
  const perf = new Toolbox("perf");
  const timing = perf.add(new TimingTool());
  class Root {
    @expose @timing.decorator() index() {
      return "hello world";
    }
    @expose @timing.decorator({ header: "X-Took" }) named() {
      return "named";
    }
  }
  const { tree, errors } = quietTree();
  perf.install(tree.config);
  tree.mount(new Root(), "");
  const res = await inject(tree, { url: "/" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "hello world");
  assert.match(res.headers.get("x-elapsed") ?? "", /^\d+\.\d{3} ms$/);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.level, "info");
  assert.equal(errors[0]!.context, "HTTP");
  assert.match(errors[0]!.message, /^GET \/ took \d+\.\d{3} ms$/);
  const named = await inject(tree, { url: "/named" });
  assert.match(named.headers.get("x-took") ?? "", /^\d+\.\d{3} ms$/);
  assert.equal(named.headers.has("x-elapsed"), false);
});

test("handler-wrapping tools nest as CherryPy's: a smaller priority wraps first (inside), equal ones in config order", async () => {
  const wrappers = new Toolbox("wrap");
  const tag = (label: string) => async (next: (ctx: Context) => unknown, ctx: Context, args: { suffix?: string }) => {
    trace.push(`${label}:before`);
    const body = await next(ctx);
    trace.push(`${label}:after`);
    return `${String(body)}${args.suffix ?? ""}`;
  };
  wrappers.add(new HandlerWrapperTool(tag("inner"), { name: "inner", priority: 10, args: ["suffix"] }));
  wrappers.add(new HandlerWrapperTool(tag("first"), { name: "first", args: ["suffix"] }));
  wrappers.add(new HandlerWrapperTool(tag("second"), { name: "second", args: ["suffix"] }));
  class Root {
    @expose index() {
      trace.push("handler");
      return "body";
    }
  }
  const { tree } = quietTree();
  wrappers.install(tree.config);
  tree.mount(new Root(), "", {
    "/": {
      "wrap.first.on": true,
      "wrap.first.suffix": "+first",
      "wrap.second.on": true,
      "wrap.second.suffix": "+second",
      "wrap.inner.on": true,
      "wrap.inner.suffix": "+inner",
    },
  });
  trace = [];
  const res = await inject(tree, { url: "/" });
  assert.equal(res.text, "body+inner+first+second");
  assert.deepEqual(trace, ["second:before", "first:before", "inner:before", "handler", "inner:after", "first:after", "second:after"]);
});

test("a Toolbox installed in the tree's config gives its tools their own namespace (newauth.checkAccess)", async () => {
  const newauth = new Toolbox("newauth");
  newauth.register<{ default?: boolean }>(
    "beforeRequestBody",
    (ctx, args) => {
      if (!(ctx.request.login ?? args.default ?? false)) throw new HTTPError(401);
    },
    { name: "checkAccess", args: ["default"] },
  );
  class Root {
    @expose default() {
      return "Hello";
    }
    @expose demo() {
      return "Hello";
    }
    @expose locked() {
      return "Secret";
    }
  }
  const conf = {
    "/demo": { "newauth.checkAccess.on": true, "newauth.checkAccess.default": true },
    "/locked": { "newauth.checkAccess.on": true },
  };

  // Not installed: the keys are in a namespace nobody owns, so the tool is never applied; the checker says so.
  const { tree: uninstalled } = quietTree();
  uninstalled.mount(new Root(), "", conf);
  assert.equal((await inject(uninstalled, { url: "/locked" })).status, 200);
  assert.deepEqual(checkTree(uninstalled), [
    "The config entry 'newauth.checkAccess.on' in section '/demo' of the application mounted at '' uses the unknown namespace 'newauth'.",
    "The config entry 'newauth.checkAccess.default' in section '/demo' of the application mounted at '' uses the unknown namespace 'newauth'.",
    "The config entry 'newauth.checkAccess.on' in section '/locked' of the application mounted at '' uses the unknown namespace 'newauth'.",
  ]);

  const { tree } = quietTree();
  newauth.install(tree.config);
  tree.mount(new Root(), "", conf);
  assert.deepEqual(checkTree(tree), []);
  const demo = await inject(tree, { url: "/demo" });
  assert.equal(demo.status, 200);
  assert.equal(demo.text, "Hello");
  assert.equal((await inject(tree, { url: "/locked" })).status, 401);
  assert.equal((await inject(tree, { url: "/elsewhere" })).status, 200);
  assert.throws(
    () => tree.mount(new Root(), "/other", { "/": { "newauth.checkAccess.defualt": true } }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message === "[/] newauth.checkAccess.defualt: the checkAccess tool has no argument 'defualt'; it takes default",
  );
});

test("arguments for a tool that is not on are a warning, logged once per route", async () => {
  class Root {
    @expose index() {
      return "index";
    }
  }
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "", { "/": { "tools.mWord.word": "lost" } });
  for (let i = 0; i < 2; i++) {
    const res = await inject(tree, { url: "/" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.has("x-word"), false);
  }
  assert.deepEqual(
    errors.map((e) => [e.level, e.context, e.message]),
    [["warning", "TOOLS", "tools.mWord has arguments but is not on"]],
  );
});

test("tool.on is config, not a property: reading or setting it throws a TypeError that says so", () => {
  const gzip = tools.get("gzip")!;
  const expected = {
    name: "TypeError",
    message: "the tools.gzip tool is turned on by config ('tools.gzip.on': true) or by decorator (@tools.gzip()), not by its 'on' property",
  };
  assert.throws(() => gzip.on, expected);
  assert.throws(() => {
    (gzip as { on: unknown }).on = true;
  }, expected);
});

test("a tool decorator used without parentheses is a TypeError at once, not a silently broken handler", () => {
  const bare = tools.gzip as unknown as (target: unknown, context: unknown) => unknown;
  assert.throws(() => bare(function page() {}, { kind: "method", name: "page" }), {
    name: "TypeError",
    message: "write @tools.gzip() with parentheses: the tool's decorator takes its arguments, not the method",
  });
});

test("an unknown tool argument or a bad value is a ConfigError naming the tool and the argument", async (t) => {
  const { tree } = quietTree();
  const root = { index: expose(() => "index") };
  const rejects = (config: Record<string, unknown>, message: string) =>
    assert.throws(
      () => tree.mount(root, "/x", { "/": config }),
      (error: unknown) => error instanceof ConfigError && error.message === message,
    );
  rejects({ "tools.allow.method": ["GET"] }, "[/] tools.allow.method: the allow tool has no argument 'method'; it takes methods");
  rejects({ "tools.allow.methods": 5 }, "[/] tools.allow.methods: expected a method or a list of methods");
  rejects({ "tools.mWord.times": "two" }, "[/] tools.mWord.times: expected an integer");
  rejects({ "tools.mWord.on": "yes" }, "[/] tools.mWord.on: expected a boolean, got string");
  rejects({ "tools.mWord.priority": "high" }, "[/] tools.mWord.priority: the priority must be a number");
  rejects({ "tools.mWord": true }, "[/] tools.mWord: write tools.mWord.on = true (or an argument name after the tool's name)");
  assert.throws(() => tree.config.update({ "tools.allow.method": ["GET"] }), {
    message: "[global] tools.allow.method: the allow tool has no argument 'method'; it takes methods",
  });

  const dir = mkdtempSync(join(tmpdir(), "orchard-tools-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "app.conf");
  writeFileSync(file, '[/]\ntools.referer.on = true\ntools.referer.patern = "^https://"\n');
  await assert.rejects(async () => tree.mount(root, "/y", file), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, `${file}:3: [/] tools.referer.patern: the referer tool has no argument 'patern'; it takes pattern, accept, acceptMissing, error, message`);
    return true;
  });
});

test("an unknown argument in a tool decorator fails the route with a 500 whose log names the argument", async () => {
  const word = tools.get("mWord")! as Tool<Record<string, unknown>>;
  class Root {
    @expose @word.decorator({ colour: "red" }) index() {
      return "never";
    }
  }
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  const res = await inject(tree, { url: "/" });
  assert.equal(res.status, 500);
  assert.equal(errors.length, 1);
  assert.equal(
    (errors[0]!.error as Error).message,
    "tools.mWord.colour: the mWord tool has no argument 'colour'; it takes word, times (in config attached in code with configure() or a tool decorator)",
  );
});
