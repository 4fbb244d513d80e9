// `npm start`: the main job, offline. Starts the bundled Graph emulator on its realistic profile
// (Graph's documented durations: minutes to create an organization, an hour for a join), scaled so
// the whole run takes about a minute; runs `pulumi up` of the project in Pulumi.yaml (the seed
// walkthrough: Cairo owns the organization, Berlin and Athens join, each with its own credentials,
// and Cairo's "Sync pilots" group is synchronized into Berlin)
// with the real CLI; then shows the organization as Graph holds it and checks for drift with the
// package's own commands. The stack and the emulator keep their state in .pulumi-state/, so a second
// run reports no changes.
// Environment: ENTRA_MTO_DEMO_TIME_SCALE (default 0.0125: an hour in 45 s), PULUMI_ENTRA_MTO_STACK
// (default dev), PULUMI_ENTRA_MTO_STATE_DIR (default .pulumi-state in the clone).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_WORLD, builtInId, startEmulator } from "../emulator";
import { offlineEnv, repoRoot } from "./pulumi-env";

const stack = process.env.PULUMI_ENTRA_MTO_STACK ?? "dev";
const home = path.resolve(process.env.PULUMI_ENTRA_MTO_STATE_DIR ?? path.join(repoRoot, ".pulumi-state"));
const timeScale = Number(process.env.ENTRA_MTO_DEMO_TIME_SCALE ?? 0.0125);
const [CAIRO, BERLIN, ATHENS] = DEFAULT_WORLD.tenants.map((t) => t.id);
const app = DEFAULT_WORLD.apps[0];

/** Runs a command with the demo's environment and the terminal as its output; resolves its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: "inherit" });
    child.on("error", (err) => reject(new Error(`could not run ${command} ${args[0]}: ${err.message}`)));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function must(step: Promise<number>, what: string): Promise<void> {
  const code = await step;
  if (code !== 0) throw new Error(`${what} failed with exit code ${code}`);
}

async function main(): Promise<void> {
  if (!(timeScale > 0)) throw new Error(`ENTRA_MTO_DEMO_TIME_SCALE must be a positive number, got ${process.env.ENTRA_MTO_DEMO_TIME_SCALE}`);
  for (const dir of ["backend", "home", "emulator"]) fs.mkdirSync(path.join(home, dir), { recursive: true });
  const emulator = await startEmulator({ dataDir: path.join(home, "emulator"), profile: "realistic", timeScale });
  console.log(`Graph emulator: ${emulator.url} (realistic durations at ${timeScale}×: a join takes ${Math.round(3600 * timeScale)} s)\n`);
  try {
    const env = {
      ...process.env,
      ...offlineEnv({ stateDir: path.join(home, "backend"), pulumiHome: path.join(home, "home") }),
      // The endpoints and the secret come from the environment, so they never enter configuration
      // or state, and a new emulator port on each run is not a change to the stack.
      ...emulator.env,
      ENTRA_MTO_DEMO_SECRET: app.secrets![0],
      // Polling at the emulator's pace: the provider's schedule scaled as the jobs are; a progress
      // line every 5 s (every 15 s on real Graph).
      ENTRA_MTO_TIME_SCALE: String(timeScale),
      ENTRA_MTO_PROGRESS_MS: "5000",
    };
    const pulumi = (...args: string[]) => must(run("pulumi", args, env), `pulumi ${args[0]}`);
    const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: app.clientId, clientSecretEnv: "ENTRA_MTO_DEMO_SECRET" });
    await pulumi("stack", "select", "--create", stack, "--secrets-provider", "passphrase", "--non-interactive");
    await pulumi("config", "set", "--stack", stack, "entra-mto:tenants", JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) }));
    // Cairo's "Sync pilots" group (three people) into Berlin, waiting until they are there.
    await pulumi("config", "set", "--stack", stack, "peopleScope", JSON.stringify({ groups: [builtInId(CAIRO, "group", 1)] }));
    await pulumi("config", "set", "--stack", stack, "peopleWait", "synchronized");
    await pulumi("up", "--yes", "--non-interactive", "--stack", stack);

    const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);
    console.log("\nThe organization as Graph holds it now (entra-mto-organization):\n");
    await must(run(bin("entra-mto-organization"), ["--stack", stack], env), "entra-mto-organization");
    console.log("\nDrift check (entra-mto-drift):\n");
    const drift = await run(bin("entra-mto-drift"), ["--stack", stack], env);
    if (drift !== 0) throw new Error(drift === 2 ? "the drift check found drift (above)" : `the drift check failed with exit code ${drift}`);
  } finally {
    await emulator.stop();
  }
}

main().catch((err: Error) => {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
});
