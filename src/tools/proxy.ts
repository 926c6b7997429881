/**
 * The proxy tool: behind nginx or another reverse proxy, takes the public base URL, scheme and client
 * address from the forwarding headers, believing them only when the direct peer is a trusted proxy.
 */
import { BlockList, isIP } from "node:net";
import type { Context } from "../request/context.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface ProxyArgs {
  /** The public base (`https://www.example.com` or a host); used when the `local` header is absent. */
  base?: string | null;
  /** The header holding the public host (default X-Forwarded-Host); "" or null to ignore it. */
  local?: string | null;
  /** The header holding the client chain (default X-Forwarded-For); "" or null to keep remote as is. */
  remote?: string | null;
  /** The header holding the public scheme (default X-Forwarded-Proto; X-Forwarded-Ssl: on means https). */
  scheme?: string | null;
  /** Proxy addresses and CIDR ranges whose headers are believed; "unix" is a peer on a unix socket. */
  trusted?: readonly string[];
}

export const DEFAULT_TRUSTED = ["127.0.0.0/8", "::1", "unix"] as const;

/** A set of addresses and ranges, asked about one address at a time. */
export class TrustedProxies {
  readonly #list = new BlockList();
  readonly #unix: boolean;

  constructor(entries: readonly string[]) {
    this.#unix = entries.includes("unix");
    for (const entry of entries) {
      if (entry === "unix") continue;
      const parsed = parseEntry(entry);
      if (parsed === undefined) throw new TypeError(`not an address or CIDR range: ${JSON.stringify(entry)}`);
      const [address, prefix, family] = parsed;
      if (prefix === undefined) this.#list.addAddress(address, family);
      else this.#list.addSubnet(address, prefix, family);
    }
  }

  has(ip: string): boolean {
    if (ip === "") return this.#unix;
    const address = unmapped(ip);
    const family = isIP(address);
    return family !== 0 && this.#list.check(address, family === 4 ? "ipv4" : "ipv6");
  }
}

function parseEntry(entry: string): [string, number | undefined, "ipv4" | "ipv6"] | undefined {
  const slash = entry.indexOf("/");
  const address = unmapped(slash === -1 ? entry : entry.slice(0, slash));
  const family = isIP(address);
  if (family === 0) return undefined;
  if (slash === -1) return [address, undefined, family === 4 ? "ipv4" : "ipv6"];
  const text = entry.slice(slash + 1);
  const prefix = Number(text);
  if (!/^\d+$/.test(text) || prefix > (family === 4 ? 32 : 128)) return undefined;
  return [address, prefix, family === 4 ? "ipv4" : "ipv6"];
}

/** "::ffff:10.0.0.1" (how a dual-stack socket reports IPv4 peers) → "10.0.0.1". */
function unmapped(ip: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip;
}

/**
 * The client in a forwarded chain: the right-most address that is not a trusted proxy (addresses
 * further left may be made up by the client), or the left-most when all are trusted.
 */
export function forwardedClient(chain: string, trusted: TrustedProxies): string | undefined {
  const hops = chain.split(",").map((hop) => hop.trim()).filter((hop) => hop !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapped(hops[i]!);
    if (isIP(hop) === 0) return undefined;
    if (!trusted.has(hop) || i === 0) return hop;
  }
  return undefined;
}

interface Settings {
  base: string | undefined;
  local: string | undefined;
  remote: string | undefined;
  scheme: string | undefined;
  trusted: TrustedProxies;
}

function rewrite(ctx: Context, settings: Settings): void {
  const request = ctx.request;
  const headers = request.headers;
  const believed = settings.trusted.has(request.remote.ip);
  let scheme: string = request.scheme;
  if (believed && settings.scheme) {
    const value = first(headers.get(settings.scheme))?.toLowerCase();
    if (value === "on" && settings.scheme.toLowerCase().includes("ssl")) scheme = "https";
    else if (value === "http" || value === "https") scheme = value;
  }
  const forwardedHost = believed && settings.local ? first(headers.get(settings.local)) : undefined;
  // An untrusted peer still gets the configured base: it comes from config, not from the client.
  if (!believed && settings.base === undefined) return;
  let base = forwardedHost ?? settings.base ?? request.base.slice(request.base.indexOf("://") + 3);
  if (!base.includes("://")) base = `${scheme}://${base}`;
  request.base = base.replace(/\/+$/, "");
  const baseScheme = request.base.slice(0, request.base.indexOf("://")).toLowerCase();
  if (baseScheme === "http" || baseScheme === "https") request.scheme = baseScheme;

  if (believed && settings.remote) {
    const chain = headers.get(settings.remote);
    const client = chain === undefined ? undefined : forwardedClient(chain, settings.trusted);
    if (client !== undefined) request.remote = { ip: client, port: request.remote.port };
  }
}

function first(value: string | undefined): string | undefined {
  const item = value?.split(",")[0]?.trim();
  return item === "" ? undefined : item;
}

function problemWith(name: string, value: unknown): string | undefined {
  if (name === "trusted") {
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return "expected a list of addresses and CIDR ranges";
    try {
      new TrustedProxies(value as string[]);
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  }
  return value === null || typeof value === "string" ? undefined : "expected a string, or null";
}

export class ProxyTool extends Tool<ProxyArgs> {
  constructor(options: { name: string; priority: number }) {
    super("beforeRequestBody", () => undefined, { ...options, args: ["base", "local", "remote", "scheme", "trusted"], validate: problemWith });
  }

  override attach(route: RouteBuilder, args: ProxyArgs, priority: number): void {
    const header = (value: string | null | undefined, fallback: string) => (value === undefined ? fallback : value || undefined);
    const settings: Settings = {
      base: args.base || undefined,
      local: header(args.local, "X-Forwarded-Host"),
      remote: header(args.remote, "X-Forwarded-For"),
      scheme: header(args.scheme, "X-Forwarded-Proto"),
      trusted: new TrustedProxies(args.trusted ?? DEFAULT_TRUSTED),
    };
    route.hook("beforeRequestBody", (ctx) => rewrite(ctx, settings), { priority, name: `${this.namespace}.${this.name}` });
  }
}
