/** Writes the process id to a file when the bus starts and removes the file when it exits. */
import { unlink, writeFile } from "node:fs/promises";
import type { Bus } from "../bus.js";
import { SimplePlugin, type BusChannel } from "../plugin.js";

export class PIDFile extends SimplePlugin {
  static override priorities: Partial<Record<BusChannel, number>> = { start: 70 };
  #written = false;

  constructor(
    bus: Bus,
    readonly path: string,
  ) {
    super(bus);
  }

  async start(): Promise<void> {
    if (this.#written) {
      this.bus.log(`PID ${process.pid} already written to '${this.path}'.`);
      return;
    }
    await writeFile(this.path, `${process.pid}\n`);
    this.#written = true;
    this.bus.log(`PID ${process.pid} written to '${this.path}'.`);
  }

  async exit(): Promise<void> {
    this.#written = false;
    try {
      await unlink(this.path);
      this.bus.log(`PID file removed: ${this.path}.`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        this.bus.log(`Could not remove PID file ${this.path}.`, "warning", error);
      }
    }
  }
}
