/**
 * One site, written once per dispatcher: the shared case table that test/dispatch/common.test.ts
 * runs the same behavioural suite against. Every case answers these browser paths:
 *   GET /open             "open"          (outside /api)
 *   GET /api/hello        "hello"
 *   POST /api/echo        "echo <word>"   (form field `word`)
 *   GET /api/boom         throws an Error (500)
 *   GET /api/teapot       throws HTTPError(418, "short and stout")
 *   GET /api/dir, /api/dir/  "dir index"  (an index where the dispatcher has that notion)
 *   anything else         404
 */
import { expose } from "../../src/decorators/expose.js";
import { ObjectDispatcher } from "../../src/dispatch/object-tree.js";
import { MethodDispatcher } from "../../src/dispatch/method.js";
import { RoutesDispatcher } from "../../src/dispatch/routes.js";
import { VirtualHost } from "../../src/dispatch/virtual-host.js";
import type { Dispatcher, Found } from "../../src/dispatch/dispatcher.js";
import type { AppConfig } from "../../src/config/types.js";
import type { Context } from "../../src/request/context.js";
import { HTTPError } from "../../src/request/errors.js";
import type { Params } from "../../src/request/request.js";

/** A tree with no screen output whose error-log records are kept in `errors`. */
export { quietTree } from "../request/support.js";

export interface DispatcherCase {
  readonly name: string;
  /** A fresh root and the config of its "/" section (request.dispatch and what it needs). */
  build(): { root: object; config: AppConfig };
  /** The config section for a browser path: VirtualHost's sections are named by the prefixed path. */
  section(path: string): string;
  /** The Host every request sends (and that redirects and ctx.url() build on). */
  readonly host: string;
  /** True when /api/dir is an index, so the trailing-slash tool wants /api/dir/. */
  readonly hasIndex: boolean;
  /** True when /API/HELLO finds /api/hello. */
  readonly foldsCase: boolean;
  /** True when the verb takes part in finding the handler (PUT /api/hello is a 405); else any verb gets the handler. */
  readonly methodAware: boolean;
}

/** The handlers every case serves, written once. */
const answer = {
  open: () => "open",
  hello: () => "hello",
  echo: (params: Params) => `echo ${String(params.word)}`,
  boom: (): never => {
    throw new Error("boom");
  },
  teapot: (): never => {
    throw new HTTPError(418, "short and stout");
  },
  dir: () => "dir index",
};

/** The object dispatcher's tree: exposed methods, an index for /api/dir/. */
class ObjectApi {
  readonly dir = { index: expose(answer.dir) };
  @expose hello() {
    return answer.hello();
  }
  @expose echo(params: Params) {
    return answer.echo(params);
  }
  @expose boom() {
    return answer.boom();
  }
  @expose teapot() {
    return answer.teapot();
  }
}

function objectRoot(): object {
  return { open: expose(answer.open), api: new ObjectApi() };
}

/** MethodDispatcher's tree: every path is a resource answering its verbs, so none is an index. */
function resourceRoot(): object {
  return {
    open: expose({ GET: answer.open }),
    api: {
      hello: expose({ GET: answer.hello }),
      echo: expose({ POST: answer.echo }),
      boom: expose({ GET: answer.boom }),
      teapot: expose({ GET: answer.teapot }),
      dir: expose({ GET: answer.dir }),
    },
  };
}

function routes(): RoutesDispatcher {
  return new RoutesDispatcher()
    .connect("open", "/open", answer.open)
    .connect("hello", "/api/hello", answer.hello, { conditions: { method: ["GET"] } })
    .connect("echo", "/api/echo", answer.echo, { conditions: { method: ["POST"] } })
    .connect("boom", "/api/boom", answer.boom)
    .connect("teapot", "/api/teapot", answer.teapot)
    .connect("dir", "/api/dir", answer.dir);
}

/** The seed's ForceLowerDispatcher: lowercase the path, then let the object dispatcher walk it. */
export class ForceLowerDispatcher extends ObjectDispatcher {
  override dispatch(path: string, ctx: Context): Found {
    return super.dispatch(path.toLowerCase(), ctx);
  }
}

/** The same as a plain object: anything with dispatch(path, ctx) is a dispatcher. */
export function forceLower(next: Dispatcher): Dispatcher {
  return { dispatch: (path, ctx) => next.dispatch(path.toLowerCase(), ctx) };
}

const same = (path: string) => path;
const LOOPBACK = "127.0.0.1";

export const DISPATCHER_CASES: readonly DispatcherCase[] = [
  {
    name: "ObjectDispatcher",
    build: () => ({ root: objectRoot(), config: { "/": { "request.dispatch": new ObjectDispatcher() } } }),
    section: same,
    host: LOOPBACK,
    hasIndex: true,
    foldsCase: false,
    methodAware: false,
  },
  {
    name: "MethodDispatcher",
    build: () => ({ root: resourceRoot(), config: { "/": { "request.dispatch": new MethodDispatcher() } } }),
    section: same,
    host: LOOPBACK,
    hasIndex: false,
    foldsCase: false,
    methodAware: true,
  },
  {
    name: "RoutesDispatcher",
    build: () => ({ root: {}, config: { "/": { "request.dispatch": routes() } } }),
    section: same,
    host: LOOPBACK,
    hasIndex: false,
    foldsCase: false,
    methodAware: true,
  },
  {
    name: "VirtualHost over ObjectDispatcher",
    build: () => ({ root: { www: objectRoot() }, config: { "/": { "request.dispatch": new VirtualHost({ "www.example.test": "/www" }) } } }),
    section: (path) => `/www${path}`,
    host: "www.example.test",
    hasIndex: true,
    foldsCase: false,
    methodAware: false,
  },
  {
    name: "ForceLowerDispatcher (a subclass)",
    build: () => ({ root: objectRoot(), config: { "/": { "request.dispatch": new ForceLowerDispatcher() } } }),
    section: same,
    host: LOOPBACK,
    hasIndex: true,
    foldsCase: true,
    methodAware: false,
  },
  {
    name: "forceLower (a plain object over the routes)",
    build: () => ({ root: {}, config: { "/": { "request.dispatch": forceLower(routes()) } } }),
    section: same,
    host: LOOPBACK,
    hasIndex: false,
    foldsCase: true,
    methodAware: true,
  },
];
