// Runs every *.test.js under dist/test with node's test runner (Node 20's --test does not expand globs).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

function collect(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "bench" || entry.name === "fixtures" ? [] : collect(path);
    return entry.name.endsWith(".test.js") ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = collect(root)
  .filter((f) => only.length === 0 || only.some((o) => relative(root, f).includes(o)))
  .sort();
console.log(`orchard: running ${files.length} test files`);
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
