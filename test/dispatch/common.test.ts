// One behavioural suite run against every dispatcher in test/cases/dispatchers.ts: tools, hooks,
// errors, error pages and the trailing-slash policy must not depend on how the handler was found.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tools } from "../../src/tools/toolbox.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import type { ErrorInfo } from "../../src/request/error-page.js";
import type { Context } from "../../src/request/context.js";
import type { AppConfig } from "../../src/config/types.js";
import { inject, type InjectOptions } from "../../src/testing/index.js";
import { DISPATCHER_CASES, quietTree, type DispatcherCase } from "../cases/dispatchers.js";

tools.register("beforeFinalize", (ctx) => void ctx.response.headers.set("X-Stamp", "stamped"), { name: "stamp" });

const markHook = (ctx: Context) => ctx.response.headers.set("X-Hook", `ran for ${ctx.request.pathInfo}`);
const notFoundPage = ({ status, message }: ErrorInfo) => `custom ${status}: ${message}`;

/** Mounts the case at `scriptName` with the shared /api config (plus `extra` for /api). */
function site(c: DispatcherCase, scriptName: string, extra: Record<string, unknown> = {}) {
  const { root, config } = c.build();
  const { tree, errors } = quietTree();
  const full: AppConfig = {
    ...config,
    [c.section("/api")]: {
      "tools.stamp.on": true,
      "hooks.beforeHandler": markHook,
      "errorPage.404": notFoundPage,
      "request.showTracebacks": false,
      "tools.trailingSlash.extra": true,
      ...extra,
    },
  };
  tree.mount(root, scriptName, full);
  const request = (url: string, options: InjectOptions = {}) =>
    inject(tree, { ...options, url: scriptName + url, headers: { host: c.host, ...options.headers } });
  return { request, errors };
}

for (const c of DISPATCHER_CASES) {
  for (const sn of ["", "/app"]) {
    describe(`${c.name} mounted at '${sn}'`, () => {
      const { request, errors } = site(c, sn);
      const base = `http://${c.host}${sn}`;

      it("serves the handlers it finds", async () => {
        const hello = await request("/api/hello");
        assert.equal(hello.status, 200);
        assert.equal(hello.text, "hello");
        const echo = await request("/api/echo", { method: "POST", body: "word=hi", headers: { "content-type": "application/x-www-form-urlencoded" } });
        assert.equal(echo.status, 200);
        assert.equal(echo.text, "echo hi");
      });

      it("applies a tool enabled at /api to what it finds there, and not elsewhere", async () => {
        assert.equal((await request("/api/hello")).headers.get("x-stamp"), "stamped");
        assert.equal((await request(c.hasIndex ? "/api/dir/" : "/api/dir")).headers.get("x-stamp"), "stamped");
        const open = await request("/open");
        assert.equal(open.text, "open");
        assert.equal(open.headers.has("x-stamp"), false);
      });

      it("runs hooks.* config for the section", async () => {
        assert.equal((await request("/api/hello")).headers.get("x-hook"), "ran for /api/hello");
        assert.equal((await request("/api/missing")).headers.get("x-hook"), "ran for /api/missing");
        assert.equal((await request("/open")).headers.has("x-hook"), false);
      });

      it("renders a custom 404 page", async () => {
        const res = await request("/api/missing");
        assert.equal(res.status, 404);
        // The path in the message includes the script name, as CherryPy's NotFound does.
        assert.equal(res.text, `custom 404: The path '${sn}/api/missing' was not found.`);
        assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
        assert.equal(res.headers.has("x-stamp"), false);
      });

      it("renders the default page for an HTTPError", async () => {
        const res = await request("/api/teapot");
        assert.equal(res.status, 418);
        assert.equal(res.text, defaultErrorPage({ status: 418, reason: "I'm a Teapot", message: "short and stout" }));
      });

      it("renders a 500 for an exception and logs it", async () => {
        const before = errors.length;
        const res = await request("/api/boom");
        assert.equal(res.status, 500);
        assert.equal(
          res.text,
          defaultErrorPage({
            status: 500,
            reason: "Internal Server Error",
            message: "The server encountered an unexpected condition which prevented it from fulfilling the request.",
          }),
        );
        const logged = errors.slice(before);
        assert.equal(logged.length, 1);
        assert.equal((logged[0]!.error as Error).message, "boom");
      });

      it("redirects a leaf with a slash when trailingSlash.extra is on", async () => {
        const res = await request("/api/hello/?x=1");
        assert.equal(res.status, 301);
        assert.equal(res.headers.get("location"), `${base}/api/hello?x=1`);
      });

      if (c.hasIndex) {
        it("redirects an index without its slash (it has a notion of index)", async () => {
          const res = await request("/api/dir");
          assert.equal(res.status, 301);
          assert.equal(res.headers.get("location"), `${base}/api/dir/`);
          assert.equal((await request("/api/dir/")).text, "dir index");
        });
      } else {
        it("treats /api/dir as a leaf (no notion of index), so extra removes the slash", async () => {
          assert.equal((await request("/api/dir")).text, "dir index");
          const res = await request("/api/dir/");
          assert.equal(res.status, 301);
          assert.equal(res.headers.get("location"), `${base}/api/dir`);
        });
      }

      it(c.methodAware ? "answers a verb the handler does not take with 405 and Allow" : "gives the handler any verb", async () => {
        const res = await request("/api/hello", { method: "PUT" });
        assert.equal(res.status, c.methodAware ? 405 : 200);
        assert.equal(res.headers.get("allow"), c.methodAware ? "GET, HEAD" : undefined);
        if (!c.methodAware) assert.equal(res.text, "hello");
      });

      it(c.foldsCase ? "finds /API/HELLO (it lowercases the path)" : "is case-sensitive", async () => {
        const res = await request("/API/HELLO");
        assert.equal(res.status, c.foldsCase ? 200 : 404);
        if (c.foldsCase) assert.equal(res.text, "hello");
      });
    });
  }

  describe(`${c.name} with trailingSlash off`, () => {
    it("serves /api/dir and /api/dir/ alike", async () => {
      const { request } = site(c, "", { "tools.trailingSlash.on": false });
      for (const url of ["/api/dir", "/api/dir/"]) {
        const res = await request(url);
        assert.equal(res.status, 200, url);
        assert.equal(res.text, "dir index", url);
      }
    });
  });
}
