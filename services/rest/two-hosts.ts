/**
 * One application, two hosts, with VirtualHost: www.orchard.test is a small HTML site (object
 * dispatch, under /www in the tree) and api.orchard.test a REST resource (method dispatch, under /api).
 * The browser never sees the prefixes: links and redirects use the host and path it asked for.
 *
 *   node dist/services/rest/two-hosts.js
 *   curl -H 'Host: www.orchard.test' http://127.0.0.1:8080/about
 *   curl -H 'Host: api.orchard.test' -X PUT -d text=hi http://127.0.0.1:8080/greeting
 */
import { HTTPError, MethodDispatcher, VirtualHost, expose, quickstart, type AppConfig, type Application, type Context, type Params, type Tree } from "../../src/index.js";
import { isMainModule } from "../tutorials/main-module.js";

export interface Hosts {
  /** The host of the HTML site. */
  www: string;
  /** The host of the API. */
  api: string;
}

export const DEFAULT_HOSTS: Readonly<Hosts> = { www: "www.orchard.test", api: "api.orchard.test" };

export class WebSite {
  @expose
  index(_params: Params, ctx: Context): string {
    return `<h1>Orchard</h1>\n<p><a href="${ctx.url("/about")}">About us</a></p>\n`;
  }

  @expose
  about(_params: Params, ctx: Context): string {
    return `<h1>About</h1>\n<p><a href="${ctx.url("/")}">Home</a></p>\n`;
  }
}

/** GET the greeting, PUT a new one (form or query field `text`). */
@expose
export class Greeting {
  #text = "Hello";

  GET(): string {
    return this.#text;
  }

  PUT({ text }: Params): string {
    if (typeof text !== "string" || text === "") throw new HTTPError(400, "PUT needs a non-empty text value.");
    this.#text = text;
    return this.#text;
  }
}

/** The tree both hosts share: each host is mapped to one branch. */
export class TwoHostsRoot {
  readonly www = new WebSite();
  readonly api = { greeting: new Greeting() };
}

/** VirtualHost at "/", and method dispatch for the API's branch (VirtualHost hands over to it). */
export function twoHostsConfig(hosts: Hosts = DEFAULT_HOSTS): AppConfig {
  return {
    "/": { "request.dispatch": new VirtualHost({ [hosts.www]: "/www", [hosts.api]: "/api" }) },
    "/api": { "request.dispatch": new MethodDispatcher(), "response.headers.Content-Type": "text/plain;charset=utf-8" },
  };
}

/** Mounts the two-host site at `scriptName` ("" on a server of its own, usually). */
export function mountTwoHosts(tree: Tree, scriptName = "", hosts: Hosts = DEFAULT_HOSTS): Application {
  return tree.mount(new TwoHostsRoot(), scriptName, twoHostsConfig(hosts));
}

if (isMainModule(import.meta.url)) await quickstart(new TwoHostsRoot(), "", twoHostsConfig());
