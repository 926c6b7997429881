// A benchmark server in its own process: `node server.js <framework>` prints "READY <port>" and runs
// until SIGTERM, SIGINT or the end of its stdin (the runner holds it, so the server dies with the runner).
import { FRAMEWORKS, isFrameworkName } from "./servers.js";

const name = process.argv[2] ?? "";
if (!isFrameworkName(name)) {
  console.error(`usage: server.js <${Object.keys(FRAMEWORKS).join("|")}>`);
  process.exit(2);
}
const server = await FRAMEWORKS[name]();
process.stdout.write(`READY ${server.port}\n`);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void server.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
process.stdin.once("end", stop).resume();
