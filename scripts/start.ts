// `npm start`: the main job. Runs `pulumi up` on the project in Pulumi.yaml with the real CLI,
// against a local file backend kept in .pulumi-state/ (so a second run shows no changes).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { offlineEnv, repoRoot } from "./pulumi-env";

const stack = process.env.PULUMI_ENTRA_MTO_STACK ?? "dev";
const stateDir = path.join(repoRoot, ".pulumi-state", "backend");
const pulumiHome = path.join(repoRoot, ".pulumi-state", "home");
fs.mkdirSync(stateDir, { recursive: true });
fs.mkdirSync(pulumiHome, { recursive: true });
const env = { ...process.env, ...offlineEnv({ stateDir, pulumiHome }) };

function pulumi(args: string[]): void {
  const r = spawnSync("pulumi", args, { cwd: repoRoot, env, stdio: "inherit" });
  if (r.error) throw new Error(`could not run pulumi ${args[0]}: ${r.error.message}`);
  if (r.status !== 0) {
    console.error(`pulumi ${args.join(" ")} failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

pulumi(["stack", "select", "--create", stack, "--secrets-provider", "passphrase", "--non-interactive"]);
pulumi(["up", "--yes", "--non-interactive", "--stack", stack]);
