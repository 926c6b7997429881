#!/usr/bin/env node
/**
 * The orchard command, CherryPy's cherryd: import modules that mount applications, apply config
 * files, then start the engine and serve until it exits.
 *   orchard -c site.conf -i ./services/app.js [-e production] [-p pidfile] [-d] [--autoreload]
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import { site } from "../site.js";
import { ConfigError } from "../config/errors.js";
import { ENVIRONMENTS } from "../config/environments.js";

const USAGE = `usage: orchard [-c CONFIG]... [-i MODULE]... [-e ENVIRONMENT] [-p PIDFILE] [-d] [--autoreload]
  -c, --config FILE       apply a config file (INI with JSON values, or a JS module); repeatable
  -i, --import MODULE     import a module that mounts applications on the tree; repeatable
  -e, --environment NAME  ${Object.keys(ENVIRONMENTS).join(", ")}
  -p, --pidfile FILE      write the process id to FILE while running
  -d, --daemonize         run detached in the background (use -p and log.errorFile to follow it)
      --autoreload        restart when an imported module or config file changes
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
        daemonize: { type: "boolean", short: "d" },
        autoreload: { type: "boolean" },
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
  if (values.daemonize) return daemonize(argv);
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

/**
 * Node cannot fork: the daemon is the same command started again, detached, with its own session
 * and no terminal; this process says where it went and exits 0.
 */
function daemonize(argv: string[]): number {
  const args = argv.filter((arg) => arg !== "-d" && arg !== "--daemonize");
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  process.stdout.write(`orchard: daemonized as process ${child.pid ?? "?"}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
