// State written by earlier releases keeps working: the deployment each release recorded (its
// fixture) is imported into a new stack, then refreshed, previewed, updated and destroyed with this
// build. The serialized providers in it reach the handlers by package name, so they run today's
// code. A release records its own with `node dist/scripts/record-state-fixture.js <version>`.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";
import * as os from "node:os";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { newEngineStack } from "./engine";

jest.setTimeout(300_000);
const MTO = "/tenantRelationships/multiTenantOrganization";
const FIXTURE = path.join(__dirname, "fixtures", "walkthrough-state-v0.1.0.json");
let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
}

test("a 0.1.0 state refreshes, previews without changes and destroys", async () => {
  // The tenants as the 0.1.0 stack left them: Cairo's organization, Berlin joined.
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo", description: "Cairo, Berlin and Athens" });
  await em.graph(CAIRO).api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin", role: "member" });
  await until(async () => (await em.graph(CAIRO).api(`${MTO}/tenants/${CAIRO}`).get()).transitionDetails === null);
  await em.graph(BERLIN).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  await until(async () => (await em.graph(BERLIN).api(`${MTO}/joinRequest`).get()).memberState === "active");

  const engine = await newEngineStack({
    workDir: path.join(repoRoot, "examples", "resources"),
    extraEnv: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_SECRET: ADMIN_APP.secrets![0] },
  });
  const { stack } = engine;
  try {
    const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: "ENTRA_MTO_SECRET" });
    await stack.setAllConfig({
      "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN) }) },
      "entra-mto:graphEndpoint": { value: em.url },
      "entra-mto:authorityHost": { value: em.url },
      includeAthens: { value: "false" },
    });
    // Refresh and destroy configure the provider from the configuration stored in state.
    // The 0.1.0 program is examples/resources today (then named mto-walkthrough).
    const text = fs.readFileSync(FIXTURE, "utf8").split("__STACK__").join(stack.name).split("__EMULATOR__").join(em.url);
    const state = JSON.parse(text.split("mto-walkthrough").join("mto-resources"));
    await stack.importStack(state);

    const refresh = await stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    const resources = (await stack.exportStack()).deployment.resources as { type: string; outputs: Record<string, unknown> }[];
    const byType = (t: string) => resources.find((r) => r.type === `pulumi-nodejs:dynamic/entra-mto:${t}`)!.outputs;
    expect(byType("MultiTenantOrganization")).toMatchObject({ state: "active", tenantId: CAIRO });
    expect(byType("MultiTenantOrganizationMember")).toMatchObject({ state: "active", memberTenantId: BERLIN });
    expect(byType("MultiTenantOrganizationJoinRequest")).toMatchObject({ memberState: "active" });

    const preview = await stack.preview();
    expect(preview.changeSummary).not.toHaveProperty("create");
    expect(preview.changeSummary).not.toHaveProperty("delete");
    expect(preview.changeSummary).not.toHaveProperty("replace");

    // An update of resources written by 0.1.0 (the member's role; the join also takes the
    // memberAddedDateTime input 0.1.0 did not have).
    await stack.setConfig("berlinRole", { value: "owner" });
    expect((await stack.up()).summary.resourceChanges).toMatchObject({ update: 2 });
    expect((await em.graph(CAIRO).api(`${MTO}/tenants/${BERLIN}`).get()).role).toBe("owner");

    await stack.destroy();
    expect((await em.graph(CAIRO).api(MTO).get()).state).toBe("inactive");
  } finally {
    await engine.dispose();
  }
});

test("a 0.2.0 state (the walkthrough topology) refreshes, previews without changes, updates and destroys", async () => {
  const fixture = path.join(__dirname, "fixtures", "v0.2.0");
  // Graph as the 0.2.0 run left it: the emulator's recorded state.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-upgrade-"));
  fs.copyFileSync(path.join(fixture, "emulator-state.json"), path.join(dataDir, "state.json"));
  const graph = await testEmulator({ dataDir, manualClock: false, profile: "fast" });
  const engine = await newEngineStack({
    workDir: path.join(repoRoot, "examples", "walkthrough"),
    extraEnv: { NODE_EXTRA_CA_CERTS: graph.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_SECRET: ADMIN_APP.secrets![0] },
  });
  const { stack } = engine;
  try {
    const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: "ENTRA_MTO_SECRET" });
    await stack.setAllConfig({
      "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) }) },
      "entra-mto:graphEndpoint": { value: graph.url },
      "entra-mto:authorityHost": { value: graph.url },
    });
    const text = fs.readFileSync(path.join(fixture, "stack.json"), "utf8").split("__STACK__").join(stack.name).split("__EMULATOR__").join(graph.url);
    await stack.importStack(JSON.parse(text));

    expect((await stack.refresh()).summary.result).toBe("succeeded");
    await stack.preview({ expectNoChanges: true });
    await stack.setConfig("members", { value: JSON.stringify({ berlin: { displayName: "Berlin", role: "owner" }, athens: { displayName: "Athens" } }) });
    expect((await stack.up()).summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await graph.graph(CAIRO).api(`${MTO}/tenants/${BERLIN}`).get()).role).toBe("owner");
    await stack.destroy();
    expect(graph.emulator.state.orgs).toEqual({});
  } finally {
    await engine.dispose();
    await graph.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
