/**
 * VirtualHost: maps the Host header to a path prefix, then hands over to the next dispatcher.
 *   new VirtualHost({ "www.mydom2.com": "/mydom2", "www.mydom3.com:8080": "/mydom3" })
 * Config sections and the tree are addressed by the prefixed path ("/mydom2/..."); the request keeps
 * the path the browser sent, so ctx.url(), redirects and the trailing-slash tool use what it sees.
 */
import type { Context } from "../request/context.js";
import { DEFAULT_TRUSTED, TrustedProxies } from "../http/trusted-proxies.js";
import type { Dispatcher, Found } from "./dispatcher.js";
import { ObjectDispatcher } from "./object-tree.js";

export interface VirtualHostOptions {
  /**
   * The dispatcher that gets the prefixed path. By default, the one the application's config picks
   * for that path (`request.dispatch` in a "/mydom2/api" section), else the object dispatcher.
   */
  next?: Dispatcher;
  /** Prefer X-Forwarded-Host, but only from the proxies listed in trustedProxies. */
  useXForwardedHost?: boolean;
  /** Addresses and CIDR ranges whose X-Forwarded-Host is believed (default: loopback and unix sockets). */
  trustedProxies?: readonly string[];
}

const OBJECT_DISPATCHER = new ObjectDispatcher();

/** ctx.state key: the path prefix VirtualHost put in front of the path (static tools strip it from sections). */
export const HOST_PREFIX = Symbol("orchard.virtualHost.prefix");

export class VirtualHost implements Dispatcher {
  readonly #domains: ReadonlyMap<string, string>;
  readonly #next: Dispatcher | undefined;
  readonly #useForwarded: boolean;
  readonly #trusted: TrustedProxies;

  constructor(domains: Readonly<Record<string, string>>, options: VirtualHostOptions = {}) {
    this.#domains = new Map(Object.entries(domains).map(([host, prefix]) => [host.toLowerCase(), prefix.replace(/\/+$/, "")]));
    this.#next = options.next;
    this.#useForwarded = options.useXForwardedHost ?? false;
    this.#trusted = new TrustedProxies(options.trustedProxies ?? DEFAULT_TRUSTED);
  }

  dispatch(path: string, ctx: Context): Found | Promise<Found> {
    const forwarded = this.#forwardedHost(ctx);
    // The proxy's client asked for the forwarded host, so URLs built for it must use that host too.
    if (forwarded !== undefined) ctx.request.base = `${ctx.request.scheme}://${forwarded}`;
    const host = forwarded ?? ctx.request.headers.get("host");
    const prefix = host ? this.#prefix(host) : undefined;
    if (prefix) ctx.state.set(HOST_PREFIX, prefix);
    const target = prefix ? prefix + (path || "/") : path;
    return this.#nextFor(target, ctx).dispatch(target, ctx);
  }

  #prefix(host: string): string | undefined {
    const name = host.toLowerCase();
    return this.#domains.get(name) ?? this.#domains.get(name.replace(/:\d+$/, ""));
  }

  /** The first X-Forwarded-Host, when enabled and sent by a trusted proxy. */
  #forwardedHost(ctx: Context): string | undefined {
    const { headers, remote } = ctx.request;
    if (!this.#useForwarded || !this.#trusted.has(remote.ip)) return undefined;
    return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || undefined;
  }

  #nextFor(path: string, ctx: Context): Dispatcher {
    if (this.#next !== undefined) return this.#next;
    const configured = ctx.app.dispatcherFor(path);
    return configured === this ? OBJECT_DISPATCHER : configured;
  }
}
