/**
 * `npm start`: every tutorial under its own script name (/tutorial1 ... /tut10) and an index of them
 * at "/", on http://127.0.0.1:8080. PORT overrides the port; PORT=0 takes any free one (the
 * "Serving on" line says which). Ctrl-C or SIGTERM stops it.
 */
import { config, quickstart, tree } from "../src/index.js";
import { mountTutorials } from "./tutorials/catalog.js";

function portFrom(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return 8080;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return port <= 65535 ? port : undefined;
}

const port = portFrom(process.env.PORT);
if (port === undefined) {
  console.error(`PORT must be a TCP port number from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exitCode = 2;
} else {
  // The tutorials run on default config on purpose; the checker would flag each mount as empty.
  config.update({ "server.socketPort": port, "checker.on": false });
  mountTutorials(tree);
  await quickstart();
}
