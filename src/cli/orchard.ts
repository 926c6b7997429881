#!/usr/bin/env node
/**
 * The orchard command, CherryPy's cherryd: import modules that mount applications, apply config
 * files, then start the engine and serve until it exits.
 *   orchard -c site.conf -i ./services/app.js [-e production] [--port N] [-p pidfile] [-d] [--autoreload]
 */
import { parseArgs } from "node:util";
import { extname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import { parsePort, site } from "../site.js";
import { VERSION } from "../version.js";
import { ConfigError } from "../config/errors.js";
import { ENVIRONMENTS } from "../config/environments.js";

const USAGE = `usage: orchard [-c CONFIG]... [-i MODULE]... [-e ENVIRONMENT] [--port PORT] [-p PIDFILE] [-d] [--autoreload]
  -c, --config FILE       apply a config file (INI with JSON values, or a JS module); repeatable.
                          [global] goes to the global config, each [/path] to the application
                          mounted at the longest prefix of that path
  -i, --import MODULE     import a module that mounts applications on the tree; repeatable
  -e, --environment NAME  ${Object.keys(ENVIRONMENTS).join(", ")} (config files may override its keys)
      --port PORT         listen on PORT (over server.socketPort and the PORT variable)
  -p, --pidfile FILE      write the process id to FILE while running
  -d, --daemonize         run detached in the background (use -p and log.errorFile to follow it)
      --autoreload        restart when an imported module or config file changes
  -v, --version           print Orchard's version
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
        port: { type: "string" },
        pidfile: { type: "string", short: "p" },
        daemonize: { type: "boolean", short: "d" },
        autoreload: { type: "boolean" },
        version: { type: "boolean", short: "v" },
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
  if (values.version) {
    process.stdout.write(`orchard ${VERSION}\n`);
    return 0;
  }
  if (values.daemonize) return daemonize(argv);
  try {
    // cherryd's order: the environment, then the modules mount their applications, then the files
    // (whose keys beat the environment's), then the flags that name one setting.
    if (values.environment) site.config.update({ environment: values.environment as keyof typeof ENVIRONMENTS });
    for (const module of values.import ?? []) await importModule(module);
    for (const file of values.config ?? []) await site.applyConfigFile(resolve(file));
    if (values.port !== undefined) {
      const port = parsePort(values.port, "--port");
      if (port instanceof ConfigError) throw port;
      site.config.update({ "server.socketPort": port });
    }
    if (values.pidfile) site.config.update({ "engine.pidFile": resolve(values.pidfile) });
    if (values.autoreload) site.config.update({ "engine.autoreload.on": true });
    site.prepare();
  } catch (error) {
    process.stderr.write(`orchard: ${error instanceof ConfigError || error instanceof UsageError ? error.message : (error as Error).stack}\n`);
    return 2;
  }
  try {
    await site.engine.start();
  } catch {
    return 70;
  }
  await site.engine.block();
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}

/** A mistake in the command line itself: printed as one line. */
class UsageError extends Error {}

async function importModule(module: string): Promise<void> {
  const path = resolve(module);
  site.config.files.add(path);
  try {
    await import(pathToFileURL(path).href);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes(path)) {
      throw new UsageError(`-i ${module}: no such module (looked for ${path})`);
    }
    if (code === "ERR_UNKNOWN_FILE_EXTENSION") {
      throw new UsageError(`-i ${module}: this Node cannot import ${extname(path)} files; compile it (tsc) and import the .js file`);
    }
    throw error;
  }
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
