/**
 * The secureHeaders tool: the response headers that close common browser attacks (framing, MIME
 * sniffing, content injection, referrer leaks), and Strict-Transport-Security over TLS. Each header
 * is an argument; null leaves it out. Set before the handler runs, so a handler may still override one.
 */
import type { Context } from "../request/context.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface SecureHeadersArgs {
  /** X-Frame-Options (default "DENY"). */
  frameOptions?: string | null;
  /** X-Content-Type-Options (default "nosniff"). */
  contentTypeOptions?: string | null;
  /** Content-Security-Policy (default "default-src 'self'"). */
  contentSecurityPolicy?: string | null;
  /** Referrer-Policy (default "no-referrer"). */
  referrerPolicy?: string | null;
  /** Strict-Transport-Security max-age in seconds, sent over https only (default one year); null for none. */
  maxAge?: number | null;
  /** Adds includeSubDomains to Strict-Transport-Security (default true). */
  includeSubDomains?: boolean;
}

const STRING_ARGS = ["frameOptions", "contentTypeOptions", "contentSecurityPolicy", "referrerPolicy"];

function problemWith(name: string, value: unknown): string | undefined {
  if (STRING_ARGS.includes(name)) return value === null || typeof value === "string" ? undefined : "expected a header value, or null to leave the header out";
  if (name === "maxAge") return value === null || (Number.isInteger(value) && (value as number) >= 0) ? undefined : "expected seconds (an integer), or null for no Strict-Transport-Security";
  return typeof value === "boolean" ? undefined : "expected a boolean";
}

export class SecureHeadersTool extends Tool<SecureHeadersArgs> {
  constructor(options: { name: string; priority: number }) {
    super("onStartResource", () => undefined, {
      ...options,
      args: ["frameOptions", "contentTypeOptions", "contentSecurityPolicy", "referrerPolicy", "maxAge", "includeSubDomains"],
      validate: problemWith,
    });
  }

  override attach(route: RouteBuilder, args: SecureHeadersArgs, priority: number): void {
    const pick = (value: string | null | undefined, fallback: string) => (value === undefined ? fallback : value);
    const candidates: Array<[string, string | null]> = [
      ["X-Frame-Options", pick(args.frameOptions, "DENY")],
      ["X-Content-Type-Options", pick(args.contentTypeOptions, "nosniff")],
      ["Content-Security-Policy", pick(args.contentSecurityPolicy, "default-src 'self'")],
      ["Referrer-Policy", pick(args.referrerPolicy, "no-referrer")],
    ];
    const fixed = candidates.filter((pair): pair is [string, string] => pair[1] !== null);
    const maxAge = args.maxAge === undefined ? 31536000 : args.maxAge;
    const hsts = maxAge === null ? undefined : `max-age=${maxAge}${args.includeSubDomains === false ? "" : "; includeSubDomains"}`;
    const name = `${this.namespace}.${this.name}`;
    route.hook(
      "onStartResource",
      (ctx) => {
        for (const [header, value] of fixed) ctx.response.headers.set(header, value);
        if (hsts !== undefined) transportSecurity(ctx, hsts);
      },
      { priority, name },
    );
    // Behind a TLS-terminating proxy the scheme is only known once the proxy tool (beforeRequestBody 30) ran.
    if (hsts !== undefined) route.hook("beforeRequestBody", (ctx) => transportSecurity(ctx, hsts), { priority: 99, name });
  }
}

/** Browsers ignore Strict-Transport-Security over plain http, and it must not be sent there (RFC 6797 §7.2). */
function transportSecurity(ctx: Context, value: string): void {
  if (ctx.request.scheme === "https") ctx.response.headers.set("Strict-Transport-Security", value);
  else ctx.response.headers.delete("Strict-Transport-Security");
}
