/** Calls timeOut() on in-flight work whose deadline has passed (CherryPy dropped this; Node can act on it). */
import type { Bus } from "../bus.js";
import { Monitor } from "./monitor.js";

export interface Deadline {
  /** Epoch milliseconds, as from Date.now(). */
  deadline: number;
  timeOut(): void;
}

export class TimeoutMonitor extends Monitor {
  constructor(
    bus: Bus,
    readonly inflight: Set<Deadline>,
    frequency = 1,
  ) {
    super(bus, () => this.expire(), frequency, "TimeoutMonitor");
  }

  expire(): void {
    const now = Date.now();
    for (const entry of this.inflight) {
      if (entry.deadline > now) continue;
      this.inflight.delete(entry);
      try {
        entry.timeOut();
      } catch (error) {
        this.bus.log("Error while timing out", "error", error);
      }
    }
  }
}
