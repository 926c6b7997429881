/**
 * `npm run bench`: requests per second for Orchard next to raw node:http, Fastify and Express, on
 * loopback with autocannon. Each row gets a fresh server in its own child process (the load
 * generator stays in this one, so on two cores each side has a core), a short warm-up, then a
 * measured run. A report, never a pass/fail test.
 *
 *   BENCH_DURATION=10 npm run bench         seconds per row (default 5)
 *   node dist/test/bench/run.js orchard     only the rows whose name contains "orchard" (or "node")
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon, { type AutocannonResult } from "autocannon";
import { ECHO_BODY, REVALIDATE_ETAG, endpointFor } from "./endpoints.js";
import type { FrameworkName } from "./servers.js";

interface Row {
  /** Shown in the table and matched by the command-line filter. */
  readonly name: string;
  readonly framework: FrameworkName;
  readonly path: string;
  readonly method: "GET" | "POST";
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** The path of the node:http row to compare with, when it is not the row's own. */
  readonly baseline?: string;
  /** The status the check expects (200 unless said). */
  readonly status?: number;
}

/** The rows, in the order they run. Ratios compare each row with the "node" row of the same method and path. */
const JSON_POST = { "content-type": "application/json" };
const ROWS: readonly Row[] = [
  { name: "orchard /hello", framework: "orchard", path: "/hello", method: "GET" },
  { name: "node /hello", framework: "node", path: "/hello", method: "GET" },
  { name: "fastify /hello", framework: "fastify", path: "/hello", method: "GET" },
  { name: "express /hello", framework: "express", path: "/hello", method: "GET" },
  { name: "orchard /json (jsonOut)", framework: "orchard", path: "/json", method: "GET" },
  { name: "node /json", framework: "node", path: "/json", method: "GET" },
  { name: "fastify /json", framework: "fastify", path: "/json", method: "GET" },
  { name: "express /json", framework: "express", path: "/json", method: "GET" },
  { name: "orchard POST /echo (jsonIn+jsonOut schemas)", framework: "orchard", path: "/echo", method: "POST", body: ECHO_BODY, headers: JSON_POST },
  { name: "node POST /echo", framework: "node", path: "/echo", method: "POST", body: ECHO_BODY, headers: JSON_POST },
  { name: "fastify POST /echo (schemas)", framework: "fastify", path: "/echo", method: "POST", body: ECHO_BODY, headers: JSON_POST },
  { name: "express POST /echo", framework: "express", path: "/echo", method: "POST", body: ECHO_BODY, headers: JSON_POST },
  { name: "orchard /cached (cache hit)", framework: "orchard", path: "/cached", method: "GET" },
  { name: "node /cached", framework: "node", path: "/cached", method: "GET" },
  // autocannon counts 304s as non-2xx: for these rows that column is the request count.
  { name: "orchard 304 revalidation (etags autotags)", framework: "orchard", path: "/etag", method: "GET", headers: { "if-none-match": REVALIDATE_ETAG }, status: 304 },
  { name: "node 304 revalidation", framework: "node", path: "/etag", method: "GET", headers: { "if-none-match": REVALIDATE_ETAG }, status: 304 },
  // One row per dispatcher, each against node:http's /hello.
  { name: "orchard MethodDispatcher GET /method/res", framework: "orchard", path: "/method/res", method: "GET", baseline: "/hello" },
  { name: "orchard RoutesDispatcher GET /routes/items/42", framework: "orchard", path: "/routes/items/42", method: "GET", baseline: "/hello" },
  { name: "orchard VirtualHost GET /vhost/", framework: "orchard", path: "/vhost/", method: "GET", headers: { host: "bench.local" }, baseline: "/hello" },
];

const CONNECTIONS = 50;
const PIPELINING = 1;
const WARMUP_SECONDS = 1;
const SERVER_SCRIPT = fileURLToPath(new URL("./server.js", import.meta.url));

interface Measured {
  readonly row: Row;
  readonly result?: AutocannonResult;
  readonly problem?: string;
}

let current: ChildProcess | undefined;

function log(message: string): void {
  process.stdout.write(`bench: ${message}\n`);
}

function durationFromEnv(): number {
  const raw = process.env.BENCH_DURATION;
  if (raw === undefined || raw === "") return 5;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new Error(`BENCH_DURATION must be a number of seconds above 0 and at most 600, got ${JSON.stringify(raw)}`);
  return seconds;
}

/** Starts `server.js <framework>` and resolves with its port once it prints READY (10 s at most). */
async function startServer(framework: FrameworkName): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [SERVER_SCRIPT, framework], { stdio: ["pipe", "pipe", "inherit"] });
  current = child;
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${framework} server did not print READY within 10 s`)), 10_000);
    lines.on("line", (line) => {
      const match = /^READY (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${framework} server exited early (${signal ?? `code ${String(code)}`})`));
    });
  });
  try {
    return { child, port: await ready };
  } catch (error) {
    await stopServer(child);
    throw error;
  }
}

/** SIGTERM, then SIGKILL if it is still there after 5 s. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (current === child) current = undefined;
}

/** One request, to check that the server answers the row with 200 and the endpoint's body. */
function check(row: Row, port: number): Promise<string | undefined> {
  const expected = endpointFor(row.method, row.baseline ?? row.path)?.respond();
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: row.path, method: row.method, headers: row.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        const status = row.status ?? 200;
        if (res.statusCode !== status) resolve(`answered ${String(res.statusCode)}`);
        else if (status === 200 && expected !== undefined && body !== expected) resolve(`answered ${JSON.stringify(body.slice(0, 60))}`);
        else resolve(undefined);
      });
    });
    req.setTimeout(5000, () => req.destroy(new Error("timed out")));
    req.on("error", (error) => resolve(`request failed: ${error.message}`));
    req.end(row.body);
  });
}

function load(row: Row, port: number, duration: number): PromiseLike<AutocannonResult> {
  return autocannon({
    url: `http://127.0.0.1:${port}${row.path}`,
    method: row.method,
    headers: row.headers,
    body: row.body,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration,
  });
}

async function measure(row: Row, duration: number): Promise<Measured> {
  log(`${row.name}: starting the ${row.framework} server`);
  let started: { child: ChildProcess; port: number };
  try {
    started = await startServer(row.framework);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    log(`${row.name}: skipped, ${problem}`);
    return { row, problem: "did not start" };
  }
  const { child, port } = started;
  try {
    const problem = await check(row, port);
    if (problem !== undefined) {
      log(`${row.name}: skipped, the server ${problem}`);
      return { row, problem: `server ${problem}` };
    }
    log(`${row.name}: warming up for ${WARMUP_SECONDS} s`);
    await load(row, port, WARMUP_SECONDS);
    log(`${row.name}: measuring for ${duration} s (${CONNECTIONS} connections, pipelining ${PIPELINING})`);
    const result = await load(row, port, duration);
    log(`${row.name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx`);
    return { row, result };
  } finally {
    await stopServer(child);
  }
}

function table(measured: readonly Measured[]): string {
  const baseline = (row: Row) =>
    measured.find((m) => m.row.framework === "node" && m.row.path === (row.baseline ?? row.path) && (row.baseline !== undefined || m.row.method === row.method))?.result;
  const header = ["name", "req/s", "vs node:http", "p99 ms", "errors", "non-2xx", "note"];
  const rows = measured.map(({ row, result, problem }) => {
    if (result === undefined) return [row.name, "-", "-", "-", "-", "-", problem ?? ""];
    const base = baseline(row);
    const ratio = base && base.requests.average > 0 ? `${((result.requests.average / base.requests.average) * 100).toFixed(1)}%` : "-";
    const cells = [Math.round(result.requests.average).toLocaleString("en-US"), ratio, String(result.latency.p99), String(result.errors), String(result.non2xx)];
    return [row.name, ...cells, ""];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const last = header.length - 1;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i === last ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const duration = durationFromEnv();
  const filters = process.argv.slice(2);
  const rows = filters.length === 0 ? ROWS : ROWS.filter((r) => r.framework === "node" || filters.some((f) => r.name.includes(f)));
  log(`${rows.length} rows, ${duration} s each after a ${WARMUP_SECONDS} s warm-up, node ${process.version}`);
  const measured: Measured[] = [];
  for (const row of rows) measured.push(await measure(row, duration));
  process.stdout.write(`\n${table(measured)}\n`);
}

// Ctrl-C during a run: take the current server down with us.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    current?.kill("SIGKILL");
    process.exit(130);
  });
}

try {
  await main();
} catch (error) {
  current?.kill("SIGKILL");
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
