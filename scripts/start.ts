// `npm start`: the main job. Starts the bundled Graph emulator and runs `pulumi up` of the project
// in Pulumi.yaml (the seed walkthrough: Cairo owns the organization, Berlin and Athens join, each
// with its own credentials) with the real CLI on a local file backend. Both keep their state in
// .pulumi-state/, so a second run reports no changes.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_WORLD, startEmulator } from "../emulator";
import { offlineEnv, repoRoot } from "./pulumi-env";

const stack = process.env.PULUMI_ENTRA_MTO_STACK ?? "dev";
const home = path.join(repoRoot, ".pulumi-state");
const [CAIRO, BERLIN, ATHENS] = DEFAULT_WORLD.tenants.map((t) => t.id);
const app = DEFAULT_WORLD.apps[0];

async function main(): Promise<void> {
  for (const dir of ["backend", "home", "emulator"]) fs.mkdirSync(path.join(home, dir), { recursive: true });
  const emulator = await startEmulator({ dataDir: path.join(home, "emulator"), profile: "fast" });
  console.log(`Graph emulator: ${emulator.url}`);
  try {
    const env = {
      ...process.env,
      ...offlineEnv({ stateDir: path.join(home, "backend"), pulumiHome: path.join(home, "home") }),
      // The endpoints and the secret come from the environment, so they never enter configuration
      // or state, and a new emulator port on each run is not a change to the stack.
      ...emulator.env,
      ENTRA_MTO_DEMO_SECRET: app.secrets![0],
      ENTRA_MTO_POLL_INITIAL_MS: "200",
    };
    // Asynchronous: the emulator serves from this process while pulumi runs.
    const pulumi = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn("pulumi", args, { cwd: repoRoot, env, stdio: "inherit" });
        child.on("error", (err) => reject(new Error(`could not run pulumi ${args[0]}: ${err.message}`)));
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi ${args.join(" ")} failed with exit code ${code}`))));
      });
    const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: app.clientId, clientSecretEnv: "ENTRA_MTO_DEMO_SECRET" });
    await pulumi(["stack", "select", "--create", stack, "--secrets-provider", "passphrase", "--non-interactive"]);
    await pulumi(["config", "set", "--stack", stack, "entra-mto:tenants", JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) })]);
    await pulumi(["up", "--yes", "--non-interactive", "--stack", stack]);
  } finally {
    await emulator.stop();
  }
}

main().catch((err: Error) => {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
});
