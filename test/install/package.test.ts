// Orchard as a user gets it: `npm pack`, then `npm install` of the tarball, of a path to a clone and
// of a git URL into a fresh TypeScript app that compiles under strict (standard decorators, no
// skipLibCheck, no "types") with the project's own tsc, runs, and answers over HTTP.
// Long-running (npm, tsc): it prints its progress. Without npm, git or the registry it skips with
// the reason, except under CI=true, where it fails.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { within } from "../engine/app-process.js";
import { fetchText, startService } from "../services/process.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];
/** What a clone holds that packing and building need (node_modules is linked, not copied). */
const PROJECT_FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "README.md", "LICENSE", ".gitignore", "src"];
/** Only against hangs: npm installing from a cold cache on a loaded machine can take minutes. */
const COMMAND_BOUND_MS = 10 * 60_000;

const progress = (message: string): void => console.error(`install test: ${message}`);

/**
 * The environment of a user's shell: npm's variables from the `npm test` around this run (among
 * them npm_config_local_prefix, this project) are dropped, and the node under test comes first on
 * PATH so that npm and the scripts it runs use it.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  for (const key of Object.keys(env)) if ((key.startsWith("npm_") && !keep.has(key.toLowerCase())) || key === "INIT_CWD") delete env[key];
  delete env.NODE_TEST_CONTEXT;
  env.PATH = `${dirname(process.execPath)}${delimiter}${env.PATH ?? ""}`;
  return env;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end and keeps stdout and stderr together for the failure message. */
async function run(command: string, args: string[], cwd: string): Promise<Run> {
  const child = spawn(command, args, { cwd, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
  try {
    return await within(done, COMMAND_BOUND_MS, () => `${command} ${args.join(" ")} in ${cwd}:\n${output}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

async function succeed(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  assert.equal(result.code, 0, `${command} ${args.join(" ")} in ${cwd} failed:\n${result.output}`);
  return result.output;
}

/** Why these tests cannot run here, or undefined. */
function unavailable(): string | undefined {
  const npm = spawnSync("npm", ["--version"], { env: userEnv(), encoding: "utf8" });
  if (npm.status !== 0) return "npm is not installed";
  const ping = spawnSync("npm", ["ping", "--fetch-retries=0", "--fetch-timeout=30000"], { env: userEnv(), encoding: "utf8" });
  if (ping.status !== 0) return `the npm registry does not answer (npm ping: ${(ping.stderr || ping.stdout).trim()})`;
  return undefined;
}

/** A clone of the working tree in a fresh folder; `installed` links this project's node_modules, as `npm install` in the clone would. */
function cloneProject(into: string, installed: boolean): string {
  mkdirSync(into);
  for (const name of PROJECT_FILES) cpSync(join(ROOT, name), join(into, name), { recursive: true });
  if (installed) symlinkSync(join(ROOT, "node_modules"), join(into, "node_modules"), "dir");
  return into;
}

const STRICT_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: false,
    noEmitOnError: true,
    outDir: "out",
  },
  files: ["app.ts"],
};

/** What a NestJS-style project has: legacy decorators on, so only the function forms and class decorators are used. */
const LEGACY_TSCONFIG = {
  compilerOptions: { ...STRICT_TSCONFIG.compilerOptions, experimentalDecorators: true, outDir: "out-legacy" },
  files: ["legacy.ts"],
};

const APP_TS = `import { config, expose, quickstart, tools } from "orchard";
import { inject } from "orchard/testing";

@config({ "response.headers.X-App": "installed" })
class Root {
  @expose index(): string {
    return "Hello from an installed Orchard";
  }

  @expose @tools.jsonOut() stats(): { ok: boolean } {
    return { ok: true };
  }
}

if (process.env.SERVE === "1") {
  config.update({ "server.socketPort": 0 });
  await quickstart(new Root());
} else {
  const home = await inject(new Root(), { url: "/" });
  const stats = await inject(new Root(), { url: "/stats" });
  console.log(JSON.stringify([home.status, home.text, home.headers.get("x-app"), stats.status, stats.text]));
}
`;

const LEGACY_TS = `import { config, expose, popargs, tools, type Params } from "orchard";
import { inject } from "orchard/testing";

@config({ "response.headers.X-App": "legacy" })
class Api {
  index(): string {
    return "Hello from the function forms";
  }

  stats(): { ok: boolean } {
    return { ok: true };
  }
}
expose(Api.prototype.index);
expose(tools.jsonOut()(Api.prototype.stats));

@popargs("name")
class Greeter {
  index(params: Params): string {
    return \`hello \${String(params.name)}\`;
  }
}
expose(Greeter.prototype.index);

const home = await inject(new Api(), { url: "/" });
const stats = await inject(new Api(), { url: "/stats" });
const greeting = await inject(new Greeter(), { url: "/bob/" });
console.log(JSON.stringify([home.status, home.text, home.headers.get("x-app"), stats.status, stats.text, greeting.text]));
`;

/** A fresh app that depends on nothing yet. */
function createApp(dir: string): string {
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "orchard-user-app", private: true, type: "module" }, null, 2));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(STRICT_TSCONFIG, null, 2));
  writeFileSync(join(dir, "tsconfig.legacy.json"), JSON.stringify(LEGACY_TSCONFIG, null, 2));
  writeFileSync(join(dir, "app.ts"), APP_TS);
  writeFileSync(join(dir, "legacy.ts"), LEGACY_TS);
  return dir;
}

/** Compiles app.ts under strict with the project's tsc, runs it, and checks what it answers in process and over HTTP. */
async function checkApp(app: string): Promise<void> {
  progress(`compiling ${app}/app.ts under strict`);
  await succeed(process.execPath, [TSC, "-p", "tsconfig.json"], app);
  const printed = await succeed(process.execPath, ["out/app.js"], app);
  assert.deepEqual(JSON.parse(printed), [200, "Hello from an installed Orchard", "installed", 200, '{"ok":true}']);

  progress(`serving ${app}/out/app.js with quickstart`);
  const service = await startService(join(app, "out", "app.js"), { env: { ...userEnv(), SERVE: "1" } });
  try {
    assert.deepEqual(await fetchText(`${service.url}/`), { status: 200, body: "Hello from an installed Orchard" });
    assert.deepEqual(await fetchText(`${service.url}/stats`), { status: 200, body: '{"ok":true}' });
    assert.deepEqual(await service.terminate(), { code: 0, signal: null });
  } finally {
    service.kill();
  }

  const help = await succeed(join(app, "node_modules", ".bin", "orchard"), ["--help"], app);
  assert.match(help, /^usage: orchard \[-c CONFIG\]/);
}

const reason = unavailable();
const skip = process.env.CI === "true" ? false : (reason ?? false);
if (skip) progress(`skipped: ${skip}`);

describe("Orchard installed as a dependency", { skip }, () => {
  let work: string;
  let tarball: string;
  /** A fresh app with the tarball installed. */
  let tarballApp: string;
  before(async () => {
    assert.equal(reason, undefined, `CI=true: ${reason}`);
    work = mkdtempSync(join(tmpdir(), "orchard-install-"));
    const project = cloneProject(join(work, "project"), true);
    progress(`npm pack in ${project}`);
    await succeed("npm", ["pack", "--pack-destination", work, ...NPM_FLAGS], project);
    const packed = readdirSync(work).filter((name) => name.endsWith(".tgz"));
    assert.equal(packed.length, 1, `npm pack made ${JSON.stringify(packed)}`);
    tarball = join(work, packed[0]!);
    tarballApp = createApp(join(work, "app-tarball"));
    progress(`npm install ${tarball}`);
    await succeed("npm", ["install", tarball, ...NPM_FLAGS], tarballApp);
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("from the tarball npm pack makes: strict compile, run, serve, the orchard command", async () => {
    const listing = await succeed("tar", ["-tzf", tarball], work);
    assert.match(listing, /^package\/LICENSE$/m);
    assert.match(listing, /^package\/dist\/src\/index\.d\.ts$/m);
    assert.doesNotMatch(listing, /^package\/(src|test|services|dist\/test)\//m, "only the built src is published");
    await checkApp(tarballApp);
  });

  it("with experimentalDecorators: the function forms and class decorators work; a member decorator throws the fix", async () => {
    const app = tarballApp;
    progress(`compiling ${app}/legacy.ts with experimentalDecorators`);
    await succeed(process.execPath, [TSC, "-p", "tsconfig.legacy.json"], app);
    const printed = await succeed(process.execPath, ["out-legacy/legacy.js"], app);
    assert.deepEqual(JSON.parse(printed), [200, "Hello from the function forms", "legacy", 200, '{"ok":true}', "hello bob"]);

    // app.ts under legacy decorators: tsc reports the member decorators, and the emitted code stops at the class.
    writeFileSync(join(app, "tsconfig.mixed.json"), JSON.stringify({ compilerOptions: { ...LEGACY_TSCONFIG.compilerOptions, noEmitOnError: false, outDir: "out-mixed" }, files: ["app.ts"] }));
    const compiled = await run(process.execPath, [TSC, "-p", "tsconfig.mixed.json"], app);
    assert.notEqual(compiled.code, 0, compiled.output);
    assert.match(compiled.output, /app\.ts\(\d+,\d+\): error TS\d+: Unable to resolve signature of method decorator/);
    const ran = await run(process.execPath, ["out-mixed/app.js"], app);
    assert.equal(ran.code, 1, ran.output);
    assert.match(ran.output, /TypeError: @expose on Root\.prototype\.index was called as a legacy decorator \("experimentalDecorators": true\)\./);
  });

  it("from a path to a clone after `npm install` in it (a link: the clone builds itself)", async () => {
    const clone = cloneProject(join(work, "clone"), true);
    const app = createApp(join(work, "app-path"));
    progress(`npm install ${clone}`);
    await succeed("npm", ["install", clone, ...NPM_FLAGS], app);
    await checkApp(app);
  });

  it("from a path to a clone without `npm install` in it: npm fails and says what to run", async () => {
    const clone = cloneProject(join(work, "bare-clone"), false);
    const app = createApp(join(work, "app-bare"));
    progress(`npm install ${clone} (not installed)`);
    const result = await run("npm", ["install", clone, ...NPM_FLAGS], app);
    assert.notEqual(result.code, 0, result.output);
    assert.ok(
      result.output.includes(`orchard: TypeScript is not installed in ${clone}: run npm install there first`),
      result.output,
    );
  });

  const gitMissing = spawnSync("git", ["--version"]).status === 0 ? undefined : "git is not installed";
  it("from a git URL (npm clones it, installs its devDependencies and builds it)", { skip: process.env.CI === "true" ? false : (gitMissing ?? false) }, async () => {
    assert.equal(gitMissing, undefined, "CI=true: git must be installed");
    const repo = cloneProject(join(work, "repo"), false);
    const git = (...args: string[]) => succeed("git", ["-c", "user.name=Orchard tests", "-c", "user.email=tests@orchard.invalid", ...args], repo);
    await git("init", "-q");
    await git("add", "-A");
    await git("commit", "-q", "-m", "the working tree");
    const app = createApp(join(work, "app-git"));
    const url = `git+${pathToFileURL(repo).href}`;
    progress(`npm install ${url}`);
    await succeed("npm", ["install", url, ...NPM_FLAGS], app);
    await checkApp(app);
  });
});
