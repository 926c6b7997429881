// hooks.* config, registered tools, priorities and failsafe hooks (CherryPy's _cprequest HookMap and test_core hooks).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { HTTPRedirect } from "../../src/request/errors.js";
import type { Context } from "../../src/request/context.js";
import type { Hook } from "../../src/request/hooks.js";
import type { Params } from "../../src/request/request.js";
import { tools } from "../../src/tools/toolbox.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "./support.js";

/** What ran, in order; reset per test. */
let trace: string[] = [];

function named(name: string, priority?: number): Hook {
  const hook: Hook = () => {
    trace.push(name);
  };
  return priority === undefined ? hook : Object.assign(hook, { priority });
}

function stage(point: string): Hook {
  return (ctx) => {
    trace.push(`${point}:${ctx.request.stage}:${ctx.response.status}`);
  };
}

tools.register("beforeFinalize", () => {
  trace.push("failing");
  throw new Error("tool failed");
}, { name: "lifecycleFailing", priority: 10 });
tools.register("beforeFinalize", () => void trace.push("failsafe"), { name: "lifecycleFailsafe", priority: 20, failsafe: true });
tools.register("beforeFinalize", () => void trace.push("skipped"), { name: "lifecycleSkipped", priority: 30 });
tools.register<{ label?: string }>("beforeFinalize", (ctx, args) => {
  trace.push(`label:${args.label}`);
  ctx.response.headers.set("X-Label", args.label ?? "none");
}, { name: "lifecycleLabel", priority: 40, args: ["label"] });

const ALL_POINTS = {
  "hooks.onStartResource": stage("onStartResource"),
  "hooks.beforeRequestBody": stage("beforeRequestBody"),
  "hooks.beforeHandler": stage("beforeHandler"),
  "hooks.beforeFinalize": stage("beforeFinalize"),
  "hooks.onEndResource": stage("onEndResource"),
  "hooks.beforeErrorResponse": stage("beforeErrorResponse"),
  "hooks.afterErrorResponse": stage("afterErrorResponse"),
  "hooks.onEndRequest": stage("onEndRequest"),
};

class Root {
  @expose
  @configure({ "hooks.beforeHandler": (ctx: Context) => void ctx.response.headers.set("X-Hooked", ctx.request.pathInfo) })
  hooked() {
    return "handled";
  }

  @expose
  @configure({ "hooks.beforeHandler": [named("late", 70), named("default"), named("early", 10), named("default again")] })
  ordered() {
    trace.push("handler");
    return "ok";
  }

  @expose
  @configure({ ...ALL_POINTS })
  points() {
    trace.push("handler");
    return "ok";
  }

  @expose
  @configure({ ...ALL_POINTS })
  failing() {
    trace.push("handler");
    throw new Error("handler failed");
  }

  @expose
  @configure({ "tools.lifecycleFailing.on": true, "tools.lifecycleFailsafe.on": true, "tools.lifecycleSkipped.on": true })
  failsafe() {
    return "never sent";
  }

  @expose
  @configure({ "tools.lifecycleLabel.on": true, "tools.lifecycleLabel.label": "blue", "hooks.beforeFinalize": named("hook at 50") })
  labelled() {
    return "labelled";
  }

  @expose
  @configure({ "tools.lifecycleLabel.on": true, "tools.lifecycleLabel.priority": 60, "hooks.beforeFinalize": named("hook at 50") })
  reprioritized() {
    return "reprioritized";
  }

  @expose
  @configure({ "hooks.beforeHandler": () => { throw new HTTPRedirect("/hooked"); } })
  guarded() {
    return "never reached";
  }

  @expose
  @configure({ "response.stream": true, "hooks.onEndRequest": (ctx: Context) => void trace.push(`end:${ctx.finished}:${ctx.response.status}`) })
  async *streamed() {
    try {
      yield "a";
      yield "b";
    } finally {
      trace.push("generator closed");
    }
  }

  @expose
  @configure({ "hooks.onEndRequest": [() => { throw new Error("end hook failed"); }, named("after the failure")] })
  endFails(_p: Params) {
    return "still sent";
  }
}

test("a hooks.beforeHandler function runs before the handler", async () => {
  const res = await inject(new Root(), { url: "/hooked" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "handled");
  assert.equal(res.headers.get("x-hooked"), "/hooked");
});

test("hooks at one point run by priority, ties in config order", async () => {
  trace = [];
  const res = await inject(new Root(), { url: "/ordered" });
  assert.equal(res.status, 200);
  assert.deepEqual(trace, ["early", "default", "default again", "late", "handler"]);
});

test("every hook point runs once, in lifecycle order, at its stage", async () => {
  trace = [];
  const res = await inject(new Root(), { url: "/points" });
  assert.equal(res.status, 200);
  assert.deepEqual(trace, [
    "onStartResource:onStartResource:200",
    "beforeRequestBody:beforeRequestBody:200",
    "beforeHandler:beforeHandler:200",
    "handler",
    "beforeFinalize:beforeFinalize:200",
    "onEndResource:onEndResource:200",
    "onEndRequest:onEndRequest:200",
  ]);
});

test("an error runs beforeErrorResponse and afterErrorResponse, then onEndRequest sees the 500", async () => {
  const { tree } = quietTree();
  tree.mount(new Root(), "");
  trace = [];
  const res = await inject(tree, { url: "/failing" });
  assert.equal(res.status, 500);
  assert.deepEqual(trace, [
    "onStartResource:onStartResource:200",
    "beforeRequestBody:beforeRequestBody:200",
    "beforeHandler:beforeHandler:200",
    "handler",
    "beforeErrorResponse:beforeErrorResponse:200",
    "afterErrorResponse:afterErrorResponse:500",
    "onEndRequest:onEndRequest:500",
  ]);
});

test("when a tool fails, the failsafe tools at that point still run, the others do not", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  trace = [];
  const res = await inject(tree, { url: "/failsafe" });
  assert.equal(res.status, 500);
  assert.doesNotMatch(res.text, /never sent/);
  assert.deepEqual(trace, ["failing", "failsafe"]);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]!.error), /tool failed/);
});

test("a registered tool gets its arguments, and tools.NAME.priority moves it", async () => {
  trace = [];
  const labelled = await inject(new Root(), { url: "/labelled" });
  assert.equal(labelled.status, 200);
  assert.equal(labelled.headers.get("x-label"), "blue");
  assert.deepEqual(trace, ["label:blue", "hook at 50"]);

  trace = [];
  const moved = await inject(new Root(), { url: "/reprioritized" });
  assert.equal(moved.headers.get("x-label"), "none");
  assert.deepEqual(trace, ["hook at 50", "label:undefined"]);
});

test("an HTTPRedirect from a hook redirects without being logged", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  const res = await inject(tree, { url: "/guarded" });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/hooked");
  assert.deepEqual(errors, []);
});

test("onEndRequest runs after the streamed response was written", async () => {
  trace = [];
  const res = await inject(new Root(), { url: "/streamed" });
  assert.equal(res.text, "ab");
  assert.deepEqual(trace, ["generator closed", "end:true:200"]);
});

test("a failing onEndRequest hook is logged, later non-failsafe ones are skipped, the response stands", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  trace = [];
  const res = await inject(tree, { url: "/endFails" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "still sent");
  assert.deepEqual(
    errors.map((e) => e.message),
    ["Error in onEndRequest hook"],
  );
  assert.deepEqual(trace, []);
});
