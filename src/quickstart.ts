/** quickstart: mount one application, apply its config, start the engine and serve until exit. */
import { ConfigError } from "./config/errors.js";
import type { AppConfig } from "./config/types.js";
import { site } from "./site.js";

/**
 * Mounts `root` at `scriptName` with `config` (sections, or a config file's path), then serves until
 * the engine exits. A config error is printed as one line and sets exit code 2; a failed start was
 * logged by the engine and sets 70.
 */
export async function quickstart(root?: object, scriptName = "", config?: AppConfig | string): Promise<void> {
  try {
    if (root) site.tree.mount(root, scriptName, config);
    else if (typeof config === "string") await site.applyConfigFile(config);
    site.prepare();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`orchard: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    await site.engine.start();
  } catch {
    // The engine logged the cause, exited and set a non-zero exit code.
    return;
  }
  await site.engine.block();
}
