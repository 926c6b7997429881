// Orchard's decorators called the way experimentalDecorators (or Babel's legacy plugin) calls a
// method decorator, (prototype, key, descriptor), fail at once with the fix; the function forms
// and class decorators work under either setting.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { config, expose, tools } from "../../src/index.js";
import { inject } from "../../src/testing/index.js";

/** The shape TypeScript's __decorate uses with experimentalDecorators: true. */
type LegacyMemberDecorator = (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => unknown;
const legacy = (decorator: unknown): LegacyMemberDecorator => decorator as LegacyMemberDecorator;

class Root {
  static health() {
    return "ok";
  }
  index() {
    return "hello";
  }
  stats() {
    return { hits: 1 };
  }
}

const descriptor = (name: "index" | "stats") => Object.getOwnPropertyDescriptor(Root.prototype, name)!;

describe("decorators called as legacy (experimentalDecorators) member decorators", () => {
  it("@expose names the member and both fixes", () => {
    assert.throws(() => legacy(expose)(Root.prototype, "index", descriptor("index")), {
      name: "TypeError",
      message:
        "@expose on Root.prototype.index was called as a legacy decorator (\"experimentalDecorators\": true). " +
        "Orchard's decorators are standard decorators: set \"experimentalDecorators\": false (or remove it) in the tsconfig " +
        "that compiles this file, or apply it as a function after the class: expose(Root.prototype.index)",
    });
  });

  it("@expose([aliases]), @config({...}) and a tool's decorator say the same with their own function form", () => {
    assert.throws(() => legacy(expose(["home"]))(Root.prototype, "index", descriptor("index")), {
      message: /^@expose\(\[\.\.\.\]\) on Root\.prototype\.index was called as a legacy decorator .*: expose\(\[\.\.\.\]\)\(Root\.prototype\.index\)$/,
    });
    assert.throws(() => legacy(config({ "response.stream": true }))(Root.prototype, "stats", descriptor("stats")), {
      message: /^@config\(\{\.\.\.\}\) on Root\.prototype\.stats was called as a legacy decorator .*: config\(\{\.\.\.\}\)\(Root\.prototype\.stats\)$/,
    });
    assert.throws(() => legacy(tools.jsonOut())(Root.prototype, "stats", descriptor("stats")), {
      message: /^@tools\.jsonOut\(\) on Root\.prototype\.stats was called as a legacy decorator .*: tools\.jsonOut\(\)\(Root\.prototype\.stats\)$/,
    });
  });

  it("names a static member by its class", () => {
    assert.throws(() => legacy(expose)(Root, "health"), { message: /^@expose on Root\.health was called as a legacy decorator .*: expose\(Root\.health\)$/ });
  });

  it("a symbol key is named too", () => {
    assert.throws(() => legacy(expose)(Root.prototype, Symbol("hidden")), { message: /^@expose on Root\.prototype\.Symbol\(hidden\) was called/ });
  });
});

describe("the forms that work under either setting", () => {
  it("function forms after the class and a class decorator called with the class alone", async () => {
    class Api {
      index() {
        return "hello";
      }
      stats() {
        return { hits: 1 };
      }
    }
    expose(Api.prototype.index);
    expose(tools.jsonOut()(Api.prototype.stats));
    config({ "response.headers.X-Api": "1" })(Api); // what a legacy class decorator call looks like
    const home = await inject(new Api(), { url: "/" });
    assert.equal(home.status, 200);
    assert.equal(home.text, "hello");
    assert.equal(home.headers.get("x-api"), "1");
    const stats = await inject(new Api(), { url: "/stats" });
    assert.equal(stats.status, 200);
    assert.equal(stats.text, '{"hits":1}');
    assert.match(stats.headers.get("content-type") ?? "", /^application\/json/);
  });
});
