// Stacks that use the entra-mto provider plugin: the plugin and the language hosts a program needs
// (scripts/ensure-language-hosts.sh) on PATH ahead of the CLI, so the engine finds the plugin as
// an ambient plugin, as a user's machine with the package installed would.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiCliDir, repoRoot } from "../../scripts/pulumi-env";
import { type EngineStack, newEngineStack } from "../e2e/engine";

/** The directory of the clone's plugin executable (it runs the compiled dist/provider/plugin). */
export function pluginDir(): string {
  const main = path.join(repoRoot, "dist", "provider", "plugin", "main.js");
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: compile first (npx tsc -p tsconfig.json)`);
  return path.join(repoRoot, "provider", "plugin", "bin");
}

/** The directories of the language hosts asked for, built or taken from the per-user cache. */
export function languageHostDirs(hosts: string[]): string[] {
  if (!hosts.length) return [];
  const script = path.join(repoRoot, "scripts", "ensure-language-hosts.sh");
  let stdout: string;
  try {
    stdout = execFileSync("bash", [script, ...hosts], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  } catch {
    throw new Error(`could not provide the language hosts ${hosts.join(", ")}: ${script} failed (its message is printed above)`);
  }
  return stdout.trim().split("\n").slice(-hosts.length);
}

/** PATH for a `pulumi` that finds the plugin and the hosts, then the CLI and the clone's Node 22. */
export function pluginPath(hosts: string[]): string {
  return [pluginDir(), ...languageHostDirs(hosts), pulumiCliDir(), path.join(repoRoot, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter);
}

export async function newPluginStack(opts: { workDir: string; hosts: string[]; extraEnv?: Record<string, string> }): Promise<EngineStack> {
  return newEngineStack({ workDir: opts.workDir, extraEnv: { ...opts.extraEnv, PATH: pluginPath(opts.hosts) } });
}
