/**
 * Environment presets: the keys that `environment = "production"` (global config only) pulls in.
 * Data only; the global config layer applies them.
 */
import type { ConfigValue } from "./values.js";

export type EnvironmentName = "production" | "staging" | "embedded" | "testSuite";

type Preset = Readonly<Record<string, ConfigValue>>;

const staging: Preset = {
  "engine.autoreload.on": false,
  "checker.on": false,
  "tools.logHeaders.on": false,
  "request.showTracebacks": false,
};

// Under systemd or in a container the screen is the log: errors and the serving addresses stay on stderr.
const production: Preset = { ...staging, "log.accessScreen": false };

/** For Orchard embedded in another stack: the host process owns SIGHUP/SIGTERM. */
const embedded: Preset = { ...production, "engine.signalHandler.on": false };

/** As CherryPy's test_suite: quiet and without reloading, but with full error detail. */
const testSuite: Preset = {
  "engine.autoreload.on": false,
  "checker.on": false,
  "tools.logHeaders.on": false,
  "request.showTracebacks": true,
  "log.screen": false,
};

export const ENVIRONMENTS: Readonly<Record<EnvironmentName, Preset>> = Object.freeze({
  staging: Object.freeze(staging),
  production: Object.freeze(production),
  embedded: Object.freeze(embedded),
  testSuite: Object.freeze(testSuite),
});

export function isEnvironmentName(name: unknown): name is EnvironmentName {
  return typeof name === "string" && Object.hasOwn(ENVIRONMENTS, name);
}
