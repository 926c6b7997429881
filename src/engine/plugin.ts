/** Plugins: objects a bus (or config) can switch on and off, and a base that wires methods to channels. */
import type { Bus, Listener } from "./bus.js";

export const BUS_CHANNELS = ["start", "stop", "exit", "graceful", "main", "log"] as const;
export type BusChannel = (typeof BUS_CHANNELS)[number];

export interface Plugin {
  subscribe(): void;
  unsubscribe(): void;
}

/**
 * Subscribes each method named after a bus channel (start, stop, exit, graceful, main, log) that the
 * subclass defines. Priorities come from the subclass's static `priorities`, e.g.
 * `static override priorities = { start: 70 }`; channels not listed use the bus default, 50.
 */
export abstract class SimplePlugin implements Plugin {
  static priorities: Partial<Record<BusChannel, number>> = {};

  // The same bound function must be handed to unsubscribe() as to subscribe().
  readonly #bound = new Map<BusChannel, Listener>();

  constructor(readonly bus: Bus) {}

  subscribe(): void {
    const { priorities } = this.constructor as typeof SimplePlugin;
    for (const [channel, listener] of this.#listeners()) this.bus.subscribe(channel, listener, priorities[channel]);
  }

  unsubscribe(): void {
    for (const [channel, listener] of this.#listeners()) this.bus.unsubscribe(channel, listener);
  }

  #listeners(): [BusChannel, Listener][] {
    return BUS_CHANNELS.flatMap((channel): [BusChannel, Listener][] => {
      const listener = this.#listenerFor(channel);
      return listener ? [[channel, listener]] : [];
    });
  }

  #listenerFor(channel: BusChannel): Listener | undefined {
    const cached = this.#bound.get(channel);
    if (cached) return cached;
    const method = (this as unknown as Partial<Record<BusChannel, unknown>>)[channel];
    if (typeof method !== "function") return undefined;
    const bound = method.bind(this) as Listener;
    Object.defineProperty(bound, "name", { value: `${this.constructor.name}.${channel}` });
    this.#bound.set(channel, bound);
    return bound;
  }
}
