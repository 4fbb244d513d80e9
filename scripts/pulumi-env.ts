// The one place that says how this project runs Pulumi offline: which CLI, which Node, which
// backend, secrets provider and home. Tests, the demo (`npm start`) and benchmarks all use it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The clone's root: the nearest directory above this file (source or compiled) with a package.json. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return dir;
})();

let cliDir: string | undefined;

/**
 * Directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` of the
 * pinned SDK version. Delegates to scripts/ensure-pulumi.sh (PATH, then the per-user cache, then a
 * build from the Go module proxy), so there is a single rule for finding the CLI.
 */
export function pulumiCliDir(): string {
  if (cliDir) return cliDir;
  const script = path.join(repoRoot, "scripts", "ensure-pulumi.sh");
  let stdout: string;
  try {
    stdout = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  } catch {
    throw new Error(`could not provide the Pulumi CLI: ${script} failed (its message is printed above)`);
  }
  const lines = stdout.trim().split("\n");
  cliDir = lines[lines.length - 1];
  return cliDir;
}

export function sdkVersion(): string {
  const pkg = path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

export interface OfflineEnvOptions {
  /** Directory of the local file backend. */
  stateDir: string;
  /** PULUMI_HOME: plugins, credentials and caches of this run only. */
  pulumiHome: string;
  /** Passphrase of the passphrase secrets provider. */
  passphrase?: string;
  /** Extra variables, e.g. NODE_EXTRA_CA_CERTS for the Graph emulator. */
  extra?: Record<string, string>;
}

/**
 * Environment for a `pulumi` process that never leaves the machine: a file backend, the passphrase
 * secrets provider, no update check, no plugin downloads, and this project's Node 22 first on PATH
 * so the language host and the dynamic-provider process run on it.
 */
export function offlineEnv(opts: OfflineEnvOptions): Record<string, string> {
  const nodeBin = path.join(repoRoot, "node_modules", ".bin");
  return {
    PATH: [pulumiCliDir(), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${opts.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "pulumi-entra-mto-local",
    PULUMI_HOME: opts.pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_PROXY: "localhost,127.0.0.1",
    ...opts.extra,
  };
}

/** A throwaway backend and Pulumi home under the OS temp directory; `dispose` removes both. */
export function scratchPulumiDirs(prefix: string): { stateDir: string; pulumiHome: string; dispose(): void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const stateDir = path.join(base, "state");
  const pulumiHome = path.join(base, "home");
  fs.mkdirSync(stateDir);
  fs.mkdirSync(pulumiHome);
  return { stateDir, pulumiHome, dispose: () => fs.rmSync(base, { recursive: true, force: true }) };
}
