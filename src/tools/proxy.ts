/**
 * The proxy tool: behind nginx or another reverse proxy, takes the public base URL, scheme and client
 * address from the forwarding headers, believing them only when the direct peer is a trusted proxy.
 */
import { DEFAULT_TRUSTED, TrustedProxies, forwardedClient } from "../http/trusted-proxies.js";
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
