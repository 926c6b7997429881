/** Restarts the process when a watched file changes or disappears, by polling modification times. */
import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Bus } from "../bus.js";
import { Monitor } from "./monitor.js";

export interface AutoreloaderOptions {
  /** Extra files to watch, such as config files; more can be added to `files` later. */
  files?: Iterable<string>;
  /** Seconds between polls. */
  frequency?: number;
  /** Which loaded modules to watch (the files set is always watched). */
  match?: RegExp;
}

const moduleCache = createRequire(import.meta.url).cache;

export class Autoreloader extends Monitor {
  readonly files: Set<string>;
  match: RegExp;
  /** null: the file did not exist when last seen. */
  readonly #mtimes = new Map<string, number | null>();

  constructor(bus: Bus, { files = [], frequency = 1, match = /.*/ }: AutoreloaderOptions = {}) {
    super(bus, () => this.check(), frequency, "Autoreloader");
    this.files = new Set(files);
    this.match = match;
  }

  override start(): void {
    this.#mtimes.clear();
    super.start();
  }

  /**
   * The entry script and loaded CommonJS modules that pass `match`. Node keeps no list of loaded
   * ES modules, so add those to `files` (e.g. `fileURLToPath(import.meta.url)`).
   */
  loadedModules(): string[] {
    const entry = process.argv[1];
    return [...(entry ? [entry] : []), ...Object.keys(moduleCache)].filter((path) => this.match.test(path));
  }

  /** Records first-seen times; requests a restart at the first file whose time changed or that vanished. */
  async check(): Promise<void> {
    const paths = [...new Set([...this.loadedModules(), ...this.files])];
    const mtimes = await Promise.all(paths.map(modifiedAt));
    for (const [i, path] of paths.entries()) {
      const now = mtimes[i] ?? null;
      const before = this.#mtimes.get(path);
      if (before === undefined || before === null) {
        this.#mtimes.set(path, now);
      } else if (now !== before) {
        this.bus.log(`Restarting because ${path} changed.`);
        this.cancel();
        void this.bus.restart();
        return;
      }
    }
  }
}

async function modifiedAt(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}
