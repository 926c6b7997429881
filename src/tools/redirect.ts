/** The redirect tool: sends every request of a path elsewhere, internally (the default) or with a 3xx. */
import { ConfigError } from "../config/errors.js";
import { HTTPRedirect, InternalRedirect, type RedirectStatus, isLocationRedirect } from "../request/errors.js";
import type { RouteBuilder } from "../request/route.js";
import { Tool } from "./tool.js";

export interface RedirectArgs {
  /** Where to: a path of this application (internal), or any URL (external). Required. */
  url?: string;
  /** Dispatch the new path in process (default true); false answers with a redirect status. */
  internal?: boolean;
  /** The status of an external redirect (default 303, or 302 for HTTP/1.0 clients). */
  status?: RedirectStatus;
}


function problemWith(name: string, value: unknown): string | undefined {
  if (name === "url") return typeof value === "string" && value !== "" ? undefined : "expected a URL or path";
  if (name === "internal") return typeof value === "boolean" ? undefined : "expected a boolean";
  return isLocationRedirect(value) ? undefined : "expected one of 300, 301, 302, 303, 307, 308";
}

export class RedirectTool extends Tool<RedirectArgs> {
  constructor(options: { name: string; priority: number }) {
    super("onStartResource", () => undefined, { ...options, args: ["url", "internal", "status"], validate: problemWith });
  }

  override attach(route: RouteBuilder, args: RedirectArgs, priority: number): void {
    const key = `${this.namespace}.${this.name}`;
    const { url, internal = true, status } = args;
    if (url === undefined) throw new ConfigError("the redirect tool is on but has no url", { key: `${key}.url` });
    route.hook(
      "onStartResource",
      () => {
        throw internal ? new InternalRedirect(url) : new HTTPRedirect(url, status);
      },
      { priority, name: key },
    );
  }
}
