/**
 * Runs a callback every `frequency` seconds while the bus is started (a frequency of 0 or less
 * disables it); a graceful reload restarts the timer.
 */
import type { Bus } from "../bus.js";
import { SimplePlugin, type BusChannel } from "../plugin.js";

export class Monitor extends SimplePlugin {
  static override priorities: Partial<Record<BusChannel, number>> = { start: 70 };
  readonly name: string;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(
    bus: Bus,
    public callback: () => unknown,
    public frequency = 60,
    name?: string,
  ) {
    super(bus);
    this.name = name ?? (callback.name || this.constructor.name);
  }

  start(): void {
    if (this.frequency <= 0) return;
    if (this.#timer) {
      this.bus.log(`Monitor '${this.name}' already started.`);
      return;
    }
    // Unref'd: a monitor alone must not keep the process alive; Bus.block() does that.
    this.#timer = setInterval(() => void this.#tick(), this.frequency * 1000).unref();
    this.bus.log(`Started monitor '${this.name}' (every ${this.frequency} s).`);
  }

  stop(): void {
    if (!this.#timer) {
      this.bus.log(`Monitor '${this.name}' is not running.`);
      return;
    }
    this.cancel();
    this.bus.log(`Stopped monitor '${this.name}'.`);
  }

  graceful(): void {
    this.stop();
    this.start();
  }

  /** One round of the monitor's work, now. */
  run(): unknown {
    return this.callback();
  }

  /** Ends the timer without a log line. */
  protected cancel(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  // Skips the tick while the previous (async) round is still running.
  async #tick(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.run();
    } catch (error) {
      this.bus.log(`Error in monitor '${this.name}'`, "error", error);
    } finally {
      this.#running = false;
    }
  }
}
