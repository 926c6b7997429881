/** A server as an engine plugin: starts with the engine (priority 75), stops before the rest (25). */
import type { Bus } from "../engine/bus.js";

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
    await this.server.start();
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
