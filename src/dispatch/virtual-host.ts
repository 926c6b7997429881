/**
 * VirtualHost: maps the Host header to a path prefix, then hands over to the next dispatcher.
 *   new VirtualHost({ "www.mydom2.com": "/mydom2", "www.mydom3.com:8080": "/mydom3" })
 * URLs built with ctx.url() still use the host and path the browser sees.
 */
import type { Context } from "../request/context.js";
import type { Dispatcher, Found } from "./dispatcher.js";
import { ObjectDispatcher } from "./object-tree.js";

export interface VirtualHostOptions {
  /** The dispatcher that gets the prefixed path (the object dispatcher by default). */
  next?: Dispatcher;
  /** Prefer X-Forwarded-Host, but only from the proxies listed in trustedProxies. */
  useXForwardedHost?: boolean;
  /** Addresses whose X-Forwarded-Host is believed (default: loopback). */
  trustedProxies?: readonly string[];
}

export class VirtualHost implements Dispatcher {
  readonly #domains: ReadonlyMap<string, string>;
  readonly #next: Dispatcher;
  readonly #useForwarded: boolean;
  readonly #trusted: ReadonlySet<string>;

  constructor(domains: Readonly<Record<string, string>>, options: VirtualHostOptions = {}) {
    this.#domains = new Map(Object.entries(domains).map(([host, prefix]) => [host.toLowerCase(), prefix.replace(/\/+$/, "")]));
    this.#next = options.next ?? new ObjectDispatcher();
    this.#useForwarded = options.useXForwardedHost ?? false;
    this.#trusted = new Set(options.trustedProxies ?? ["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
  }

  dispatch(path: string, ctx: Context): Found | Promise<Found> {
    const prefix = this.prefixFor(ctx);
    return this.#next.dispatch(prefix ? prefix + (path || "/") : path, ctx);
  }

  /** The prefix for the request's host, tried with its port and then without. */
  prefixFor(ctx: Context): string | undefined {
    const { headers, remote } = ctx.request;
    let host = headers.get("host");
    if (this.#useForwarded && this.#trusted.has(remote.ip)) host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || host;
    if (!host) return undefined;
    host = host.toLowerCase();
    return this.#domains.get(host) ?? this.#domains.get(host.replace(/:\d+$/, ""));
  }
}
