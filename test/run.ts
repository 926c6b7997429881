// `npm test [-- PATTERN... | --node-test-flag...]`: runs the *.test.js files under dist/test whose
// source path (test/tools/gzip.test.ts) contains one of the patterns, or all of them, with node's
// test runner and its spec reporter (Node 20's --test does not expand globs). Arguments that start
// with "-" go to node's runner as they are (--test-name-pattern=..., --test-only).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

function collect(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "bench" || entry.name === "fixtures" ? [] : collect(path);
    return entry.name.endsWith(".test.js") ? [path] : [];
  });
}

/** dist/test/tools/gzip.test.js → test/tools/gzip.test.ts, the name a reader knows. */
const sourceName = (file: string): string => `test/${relative(root, file).split(sep).join("/").replace(/\.js$/, ".ts")}`;

const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith("-"));
const patterns = args.filter((arg) => !arg.startsWith("-")).map((pattern) => pattern.replace(/^(\.\/)?dist\//, "").replace(/\.(js|ts)$/, ""));
// The install test is the longest (npm, tsc): started first, it runs beside all the others.
const first = (file: string): number => (sourceName(file).startsWith("test/install/") ? 0 : 1);
const files = collect(root)
  .filter((file) => patterns.length === 0 || patterns.some((pattern) => sourceName(file).includes(pattern)))
  .sort((a, b) => first(a) - first(b) || a.localeCompare(b));
if (files.length === 0) {
  console.error(`orchard: no test file under test/ matches ${patterns.map((p) => JSON.stringify(p)).join(" or ")}`);
  process.exit(1);
}
console.log(`orchard: running ${files.length} test file${files.length === 1 ? "" : "s"} on node ${process.version}`);
// Node 24's runner starts each file with --report-signal=SIGUSR2, which turns on report-on-signal there:
// a test that emits SIGUSR2 (test/engine/signals) would write a report.*.json into the project.
const runner = ["--test", "--test-reporter=spec", "--test-concurrency=2", "--no-report-on-signal"];
const result = spawnSync(process.execPath, [...runner, ...flags, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
