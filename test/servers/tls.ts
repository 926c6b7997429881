// Test helper: a throw-away PKI made with the openssl command (root CA → intermediate CA → leaf for
// localhost/127.0.0.1), and the rule for tests that need such a peer: skip locally, fail under CI=true.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { HANG_MS } from "../bounds.js";

export interface Pki {
  rootCert: string;
  intermediateCert: string;
  leafCert: string;
  leafKey: string;
}

/** Marks a test whose peer program is missing: a failure under CI=true, a skip with the reason elsewhere. */
export function peerMissing(t: TestContext, reason: string): void {
  assert.notEqual(process.env.CI, "true", `CI=true: ${reason}`);
  t.skip(`${reason}; skipped locally (under CI=true this is a failure)`);
}

function openssl(dir: string, args: string[]): void {
  const run = spawnSync("openssl", args, { cwd: dir, encoding: "utf8", timeout: HANG_MS });
  if (run.error) throw new Error((run.error as NodeJS.ErrnoException).code === "ENOENT" ? "the openssl command is not installed" : run.error.message);
  if (run.status !== 0) throw new Error(`openssl ${args.join(" ")} exited ${String(run.status)}: ${run.stderr}`);
}

/** A P-256 key and a certificate signed by `issuer` (or by itself) with exactly the given extensions. */
function certificate(dir: string, name: string, subject: string, extensions: string[], issuer?: string): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions.join("\n")}\n`);
  openssl(dir, ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.csr`]);
  const signer = issuer ? ["-CA", `${issuer}.pem`, "-CAkey", `${issuer}.key`, "-set_serial", String(Date.now())] : ["-signkey", `${name}.key`];
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, ...signer, "-days", "1", "-extfile", `${name}.ext`, "-out", `${name}.pem`]);
}

/** Makes the PKI in `dir`; returns the reason instead when openssl is missing or fails. */
export function makePki(dir: string): Pki | string {
  const ca = ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"];
  try {
    certificate(dir, "root", "/CN=Orchard Test Root", ca);
    certificate(dir, "intermediate", "/CN=Orchard Test Intermediate", ca, "root");
    certificate(dir, "leaf", "/CN=localhost", ["basicConstraints=CA:FALSE", "subjectAltName=DNS:localhost,IP:127.0.0.1", "extendedKeyUsage=serverAuth"], "intermediate");
  } catch (error) {
    return `no test certificates: ${(error as Error).message.trim()}`;
  }
  return {
    rootCert: join(dir, "root.pem"),
    intermediateCert: join(dir, "intermediate.pem"),
    leafCert: join(dir, "leaf.pem"),
    leafKey: join(dir, "leaf.key"),
  };
}
