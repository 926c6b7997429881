/** Turns OS signals into bus calls: SIGTERM/SIGINT exit, SIGHUP restarts a detached process, SIGUSR1 reloads. */
import { isatty } from "node:tty";
import type { Bus } from "../bus.js";
import type { Plugin } from "../plugin.js";

export type SignalAction = () => unknown;

export class SignalHandler implements Plugin {
  /** What each signal does; change or add entries before subscribe(). */
  readonly handlers = new Map<NodeJS.Signals, SignalAction>();
  readonly #installed = new Map<NodeJS.Signals, () => void>();

  constructor(readonly bus: Bus) {
    this.handlers.set("SIGTERM", () => bus.exit());
    this.handlers.set("SIGINT", () => bus.exit());
    this.handlers.set("SIGHUP", () => this.handleSIGHUP());
    this.handlers.set("SIGUSR1", () => bus.graceful());
  }

  /** Exits when a terminal is attached (closing its window sends SIGHUP), restarts otherwise. */
  handleSIGHUP(): Promise<void> {
    if (this.attachedToTerminal()) {
      this.bus.log("SIGHUP caught but not daemonized. Exiting.");
      return this.bus.exit();
    }
    this.bus.log("SIGHUP caught while daemonized. Restarting.");
    return this.bus.restart();
  }

  attachedToTerminal(): boolean {
    return isatty(0);
  }

  subscribe(): void {
    for (const [signal, action] of this.handlers) {
      if (this.#installed.has(signal)) continue;
      const listener = (): void => this.#handle(signal, action);
      try {
        process.on(signal, listener);
      } catch (error) {
        this.bus.log(`Cannot listen for ${signal} on this platform.`, "warning", error);
        continue;
      }
      this.#installed.set(signal, listener);
      this.bus.log(`Listening for ${signal}.`);
    }
  }

  /** Removes only this plugin's listeners, so handlers installed before it keep working. */
  unsubscribe(): void {
    for (const [signal, listener] of this.#installed) {
      process.off(signal, listener);
      this.bus.log(`Stopped listening for ${signal}.`);
    }
    this.#installed.clear();
  }

  #handle(signal: NodeJS.Signals, action: SignalAction): void {
    this.bus.log(`Caught signal ${signal}.`);
    Promise.resolve()
      .then(action)
      .catch((error: unknown) => this.bus.log(`Error while handling ${signal}`, "error", error));
  }
}
