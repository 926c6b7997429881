/** The tree of mounted applications: picks one by the longest script name and hands it the request. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config/layers.js";
import type { AppConfig } from "../config/types.js";
import { escapeHtml } from "../http/escape.js";
import type { LogManager } from "../log/manager.js";
import type { Context } from "../request/context.js";
import { respond } from "../request/pipeline.js";
import type { WireRequest } from "../request/request.js";
import type { WireResponse } from "../request/write.js";
import { NodeWireResponse, wireRequest } from "../servers/node-wire.js";
import { Application } from "./application.js";
import { parseTarget } from "../http/request-target.js";
import { readConfigFile } from "../config/file.js";
import type { Deadline } from "../engine/plugins/timeout-monitor.js";

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

interface Graft {
  readonly scriptName: string;
  readonly listener: NodeListener;
}


export class Tree {
  readonly config: Config;
  readonly log: LogManager;
  readonly timeouts = new Set<Deadline>();
  readonly #mounts = new Map<string, Application | Graft>();
  /** Script names, longest first. */
  #order: string[] = [];
  #hasGrafts = false;

  constructor(config: Config, log: LogManager) {
    this.config = config;
    this.log = log;
    config.onChange(() => {
      for (const app of this.applications()) app.invalidate();
    });
  }

  /**
   * Mounts a root object at a script name ("" for the site root, else "/name" without a trailing
   * slash) with its config: sections by path, or the path of a config file (INI or a JS module)
   * whose [global] section goes to the global config.
   */
  mount(root: object | Application, scriptName = "", config?: AppConfig | string): Application {
    const name = checkScriptName(scriptName);
    if (!(root instanceof Application) && (typeof root !== "object" || root === null)) throw new TypeError("tree.mount() needs a root object");
    if (root instanceof Application && root.scriptName !== name) {
      throw new Error(`the application is mounted at '${root.scriptName}'; it cannot be mounted again at '${name}'`);
    }
    const app = root instanceof Application ? root : new Application(this, root, name);
    if (typeof config === "string") {
      app.merge(readConfigFile(config) as AppConfig, config);
      this.config.files.add(config);
    } else if (config) app.merge(config);
    this.#add(name, app);
    return app;
  }

  /** Hosts a foreign Node listener at a script name; Orchard's tools do not apply to it. */
  graft(listener: NodeListener, scriptName = ""): void {
    const name = checkScriptName(scriptName);
    this.#add(name, { scriptName: name, listener });
  }

  unmount(scriptName: string): void {
    this.#mounts.delete(scriptName);
    this.#ordered();
  }


  *applications(): IterableIterator<Application> {
    for (const mount of this.#mounts.values()) if (mount instanceof Application) yield mount;
  }

  get(scriptName: string): Application | undefined {
    const mount = this.#mounts.get(scriptName);
    return mount instanceof Application ? mount : undefined;
  }

  #add(name: string, mount: Application | Graft): void {
    this.#mounts.set(name, mount);
    this.#ordered();
  }

  #ordered(): void {
    this.#order = [...this.#mounts.keys()].sort((a, b) => b.length - a.length);
    this.#hasGrafts = [...this.#mounts.values()].some((m) => !(m instanceof Application));
  }

  /** The mount whose script name is the longest whole-segment prefix of the path. */
  find(path: string): Application | Graft | undefined {
    for (const name of this.#order) {
      if (name === "" || path === name || path.startsWith(name + "/")) return this.#mounts.get(name);
    }
    return undefined;
  }

  /** Serves one request from any server's wire. Never rejects. */
  async handle(wire: WireRequest, out: WireResponse, only?: Application): Promise<void> {
    const target = parseTarget(wire.method, wire.url);
    if (typeof target === "string") return simple(out, 400, target);
    const headerLimit = Number(this.config.values["server.maxRequestHeaderSize"] ?? 0);
    if (headerLimit > 0 && wire.headerBytes > headerLimit) {
      return simple(out, 431, `The request's header fields are larger than ${headerLimit} bytes.`);
    }
    const hosts = wire.headers.getAll("host");
    if (wire.protocol === "HTTP/1.1" && hosts.length === 0) return simple(out, 400, "HTTP/1.1 requires a Host request header.");
    // RFC 9112 §3.2: one Host, and a valid one; it becomes request.base, Location and cache keys.
    if (hosts.length > 1) return simple(out, 400, "A request must have exactly one Host header.");
    if (hosts.length === 1 && !VALID_HOST.test(hosts[0]!)) return simple(out, 400, "Invalid Host header.");
    const mount = only ?? this.find(target.path);
    if (mount === undefined || (only && !(target.path === only.scriptName || target.path.startsWith(only.scriptName + "/") || only.scriptName === ""))) {
      return simple(out, 404, `The path '${target.path}' was not found.`);
    }
    if (!(mount instanceof Application)) return simple(out, 501, "A grafted Node listener can only be served by the node:http server.");
    await respond(mount, wire, out, { path: target.path.slice(mount.scriptName.length), query: target.query });
  }

  /** The whole tree as a Node `(req, res)` listener, for any Node HTTP server. */
  get listener(): NodeListener {
    return this.listenerFor(undefined);
  }

  listenerFor(only: Application | undefined): NodeListener {
    return (req, res) => {
      // Only a tree with grafts needs the path before handle() parses it.
      const target = only || !this.#hasGrafts ? undefined : parseTarget(req.method ?? "GET", req.url ?? "/");
      const graft = typeof target === "object" ? this.find(target.path) : undefined;
      if (graft !== undefined && !(graft instanceof Application) && typeof target === "object") {
        const rest = target.path.slice(graft.scriptName.length);
        req.url = (rest.startsWith("/") ? rest : "/" + rest) + (target.query ? `?${target.query}` : "");
        try {
          graft.listener(req, res);
        } catch (error) {
          // A foreign listener's throw must not take the process down with it.
          this.log.error({ message: `Error in the listener grafted at '${graft.scriptName}'`, level: "error", context: "HTTP", error });
          if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain;charset=utf-8", Connection: "close" });
          res.end("Unrecoverable error in the server.");
        }
        return;
      }
      void this.handle(wireRequest(req, res, req.headers.expect?.toLowerCase() === "100-continue"), new NodeWireResponse(res), only);
    };
  }

  logAccess(ctx: Context): void {
    if (!this.log.wantsAccess) return;
    const { request, response } = ctx;
    const length = response.headers.get("Content-Length");
    this.log.access({
      remoteIp: request.remote.ip,
      login: request.login,
      time: new Date(request.time),
      method: request.method,
      url: request.target,
      protocol: request.protocol,
      // A timed-out request got 503, whatever its handler set afterwards.
      status: ctx.timedOut ? 503 : response.status,
      bytes: length === undefined ? undefined : Number(length),
      referer: request.headers.get("referer"),
      userAgent: request.headers.get("user-agent"),
      host: request.headers.get("host"),
      requestId: request.uniqueId,
      durationMs: Date.now() - request.time,
    });
  }
}

/** host[:port]: a bracketed IP literal or an RFC 3986 reg-name, then an optional port. */
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::\d{0,5})?$/;

/** "" for the site root, else "/name"; trailing slashes are dropped as CherryPy does ("/" is the root). */
function checkScriptName(scriptName: string): string {
  if (typeof scriptName !== "string") throw new TypeError("the script name must be a string ('' for the site root)");
  if (scriptName !== "" && !scriptName.startsWith("/")) throw new Error(`a script name must start with '/': write '/${scriptName}'`);
  return scriptName.replace(/\/+$/, "");
}


function simple(out: WireResponse, status: number, message: string): void {
  const body = Buffer.from(`<!DOCTYPE html>\n<html><body><h2>${status}</h2><p>${escapeHtml(message)}</p></body></html>\n`);
  const reason = { 400: "Bad Request", 404: "Not Found", 431: "Request Header Fields Too Large", 501: "Not Implemented" }[status] ?? "Error";
  const headers = ["Content-Type", "text/html;charset=utf-8", "Content-Length", String(body.length)];
  if (status === 431 || status === 400) headers.push("Connection", "close");
  out.writeHead(status, reason, headers);
  out.end(body);
}
