/** The startup checker: warns about config that is legal but probably not what was meant. */
import { isAbsolute } from "node:path";
import type { Tree } from "../tree/tree.js";

export function checkTree(tree: Tree): string[] {
  const warnings: string[] = [];
  const namespaces = tree.config.namespaces;
  for (const app of tree.applications()) {
    const sections = Object.entries(app.config);
    if (sections.length === 0) {
      warnings.push(`The Application mounted at '${app.scriptName}' has an empty config.`);
      continue;
    }
    for (const [path, section] of sections) {
      if (app.scriptName && (path === app.scriptName || path.startsWith(app.scriptName + "/"))) {
        warnings.push(`The application mounted at '${app.scriptName}' has config section '${path}', which starts with its script name; sections are relative to the mount point.`);
      }
      // Custom sections ([Databases]) hold the application's own data, in whatever keys it likes.
      if (!path.startsWith("/")) continue;
      for (const [key, value] of Object.entries(section)) {
        // Keys without a dot are the application's own settings (`[/] greeting = "hi"`), not a namespace.
        const ns = key.includes(".") ? key.slice(0, key.indexOf(".")) : undefined;
        if (ns === undefined) continue;
        if (!namespaces.isKnown(ns)) {
          warnings.push(`The config entry '${key}' in section '${path}' of the application mounted at '${app.scriptName}' uses the unknown namespace '${ns}'.`);
        }
        if (["server", "engine", "log", "checker"].includes(ns)) {
          warnings.push(`The config entry '${key}' in section '${path}' of the application mounted at '${app.scriptName}' is site-wide; put it in [global].`);
        }
        const rootSet = app.sectionDefining("tools.staticdir.root", path) !== undefined || tree.config.values["tools.staticdir.root"] !== undefined;
        if (key === "tools.staticdir.dir" && typeof value === "string" && !isAbsolute(value) && !rootSet) {
          warnings.push(`${path}: tools.staticdir.dir '${value}' is relative and no tools.staticdir.root is set; it will be resolved from the current directory.`);
        }
      }
    }
  }
  return warnings;
}
