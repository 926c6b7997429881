/** quickstart: mount one application, apply its config, start the engine and serve until exit. */
import type { AppConfig } from "./config/types.js";
import { site } from "./site.js";

export async function quickstart(root?: object, scriptName = "", config?: AppConfig | string): Promise<void> {
  if (typeof config === "string") {
    // mountWithFile applies the file's [global] section itself.
    if (root) await site.tree.mountWithFile(root, scriptName, config);
    else await site.config.update(config);
  } else if (root) site.tree.mount(root, scriptName, config);
  site.prepare();
  try {
    await site.engine.start();
  } catch {
    // The engine logged the cause, exited and set a non-zero exit code.
    return;
  }
  await site.engine.block();
}
