// Records the upgrade fixture of a release: `node dist/scripts/record-state-fixture.js <version>`
// runs `pulumi up` of the walkthrough topology against a fresh emulator and writes, under
// tests/e2e/fixtures/<version>/, the exported stack (stack name and emulator URL replaced by
// placeholders) and the emulator's state, so tests/e2e/upgrade.test.ts can check that state written
// by this release refreshes, updates and destroys with later code.
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_WORLD, startEmulator } from "../emulator";
import { offlineEnv, pulumiCliDir, repoRoot, scratchPulumiDirs } from "./pulumi-env";

/** The variable the recorded configuration names for the client secret, as the upgrade test sets it. */
const SECRET_ENV = "ENTRA_MTO_SECRET";

async function main(version: string | undefined): Promise<void> {
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error("usage: record-state-fixture <version>, e.g. 0.2.0");
  const out = path.join(repoRoot, "tests", "e2e", "fixtures", `v${version}`);
  const dirs = scratchPulumiDirs("entra-mto-fixture");
  const emulator = await startEmulator({ dataDir: path.join(dirs.stateDir, "..", "emulator"), profile: "fast" });
  try {
    const app = DEFAULT_WORLD.apps[0];
    const [cairo, berlin, athens] = DEFAULT_WORLD.tenants.map((t) => t.id);
    const command = await PulumiCommand.get({ root: path.dirname(pulumiCliDir()) });
    const envVars = offlineEnv({
      stateDir: dirs.stateDir,
      pulumiHome: dirs.pulumiHome,
      extra: { ...emulator.env, [SECRET_ENV]: app.secrets![0], ENTRA_MTO_POLL_INITIAL_MS: "100" },
    });
    const stack = await LocalWorkspace.createStack(
      { stackName: "fixture", workDir: path.join(repoRoot, "examples", "walkthrough") },
      { pulumiCommand: command, pulumiHome: dirs.pulumiHome, envVars, secretsProvider: "passphrase" },
    );
    const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: app.clientId, clientSecretEnv: SECRET_ENV });
    await stack.setAllConfig({
      "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(cairo), berlin: tenant(berlin), athens: tenant(athens) }) },
      "entra-mto:graphEndpoint": { value: emulator.url },
      "entra-mto:authorityHost": { value: emulator.url },
    });
    await stack.up();
    const exported = JSON.stringify(await stack.exportStack(), null, 1)
      .split(emulator.url)
      .join("__EMULATOR__")
      .split("fixture")
      .join("__STACK__");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "stack.json"), `${exported}\n`);
    await emulator.stop();
    fs.copyFileSync(path.join(dirs.stateDir, "..", "emulator", "state.json"), path.join(out, "emulator-state.json"));
    await stack.workspace.removeStack("fixture", { force: true });
    fs.rmSync(path.join(repoRoot, "examples", "walkthrough", "Pulumi.fixture.yaml"), { force: true });
    console.log(`recorded ${out}`);
  } finally {
    await emulator.stop().catch(() => undefined);
    dirs.dispose();
  }
}

main(process.argv[2]).catch((err: Error) => {
  console.error(`record-state-fixture: ${err.message}`);
  process.exit(1);
});
