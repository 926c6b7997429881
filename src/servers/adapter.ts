/** A server as an engine plugin: starts with the engine (priority 75), stops before the rest (25). */
import { OperationalError, type Bus } from "../engine/bus.js";

export interface ServerLike {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class ServerAdapter {
  readonly bus: Bus;
  readonly server: ServerLike;
  #running = false;

  constructor(bus: Bus, server: ServerLike) {
    this.bus = bus;
    this.server = server;
    // The bus names a failing listener by its function name.
    Object.defineProperty(this.start, "name", { value: "ServerAdapter.start" });
    Object.defineProperty(this.stop, "name", { value: "ServerAdapter.stop" });
  }

  readonly start = async (): Promise<void> => {
    if (this.#running) return;
    try {
      await this.server.start();
    } catch (error) {
      throw explainListenError(error, this.server.url) ?? error;
    }
    this.#running = true;
    this.bus.log(`Serving on ${this.server.url}`);
  };

  readonly stop = async (): Promise<void> => {
    if (!this.#running) return;
    await this.server.stop();
    this.#running = false;
    this.bus.log(`Stopped serving on ${this.server.url}`);
  };

  subscribe(): void {
    this.bus.subscribe("start", this.start, 75);
    this.bus.subscribe("stop", this.stop, 25);
  }

  unsubscribe(): void {
    this.bus.unsubscribe("start", this.start);
    this.bus.unsubscribe("stop", this.stop);
  }
}

const PORT_SETTINGS = "choose another with --port, PORT or server.socketPort";

/** The usual reasons a listen fails, as one line that says what to do; undefined for anything else. */
function explainListenError(error: unknown, url: string): OperationalError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === "EADDRINUSE" ? `${url} is already in use: stop the process that holds it, or ${PORT_SETTINGS}`
    : code === "EACCES" ? `no permission to listen on ${url}: ports below 1024 need privileges; ${PORT_SETTINGS}`
    : code === "EADDRNOTAVAIL" ? `cannot listen on ${url}: the address is not one of this machine's (server.socketHost)`
    : code === "ENOTFOUND" || code === "EAI_AGAIN" ? `cannot listen on ${url}: the host name does not resolve (server.socketHost)`
    : code === "ENOENT" ? `cannot listen on ${url}: a file it needs is missing (${(error as Error).message})`
    : undefined;
  return reason === undefined ? undefined : new OperationalError(reason, { cause: error });
}
