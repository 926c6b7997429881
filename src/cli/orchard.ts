#!/usr/bin/env node
/**
 * The orchard command, CherryPy's cherryd: import modules that mount applications, apply config
 * files, then start the engine and serve until it exits.
 *   orchard -c site.conf -i ./services/app.js [-e production] [-p pidfile] [-d]
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { site } from "../site.js";
import { ConfigError } from "../config/errors.js";
import { ENVIRONMENTS } from "../config/environments.js";

const USAGE = `usage: orchard [-c CONFIG]... [-i MODULE]... [-e ENVIRONMENT] [-p PIDFILE] [-d]
  -c, --config FILE       apply a config file (INI with JSON values, or a JS module); repeatable
  -i, --import MODULE     import a module that mounts applications on the tree; repeatable
  -e, --environment NAME  ${Object.keys(ENVIRONMENTS).join(", ")}
  -p, --pidfile FILE      write the process id to FILE while running
  -d, --autoreload        restart when an imported module or config file changes
  -h, --help              show this help`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        config: { type: "string", short: "c", multiple: true },
        import: { type: "string", short: "i", multiple: true },
        environment: { type: "string", short: "e" },
        pidfile: { type: "string", short: "p" },
        autoreload: { type: "boolean", short: "d" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`orchard: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    for (const file of values.config ?? []) await site.config.update(resolve(file));
    if (values.environment) site.config.update({ environment: values.environment as keyof typeof ENVIRONMENTS });
    if (values.pidfile) site.config.update({ "engine.pidFile": resolve(values.pidfile) });
    if (values.autoreload) site.config.update({ "engine.autoreload.on": true });
    for (const module of values.import ?? []) {
      const path = resolve(module);
      site.config.files.add(path);
      await import(pathToFileURL(path).href);
    }
  } catch (error) {
    process.stderr.write(`orchard: ${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    return 2;
  }
  site.prepare();
  try {
    await site.engine.start();
  } catch {
    return 70;
  }
  await site.engine.block();
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}

process.exitCode = await main(process.argv.slice(2));
