// The seed walkthrough with one resource per Graph object (examples/resources) through the real engine, across three tenants with
// their own credentials, against the emulator.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { type EngineStack, newEngineStack } from "./engine";
import { SecretScan } from "./secrets";

jest.setTimeout(600_000);
const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
let em: TestEmulator;

async function walkthroughStack(extraEnv: Record<string, string> = {}): Promise<EngineStack> {
  const engine = await newEngineStack({
    workDir: path.join(repoRoot, "examples", "resources"),
    extraEnv: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "500", [SECRET_ENV]: ADMIN_APP.secrets![0], ...extraEnv },
  });
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  // Cairo's secret comes from `config set --secret`, the others' from the environment.
  await engine.stack.setAllConfig({
    "entra-mto:tenants": {
      value: JSON.stringify({ cairo: { ...tenant(CAIRO), clientSecretEnv: undefined, clientSecret: ADMIN_APP.secrets![0] }, berlin: tenant(BERLIN), athens: tenant(ATHENS) }),
      secret: true,
    },
    "entra-mto:graphEndpoint": { value: em.url },
    "entra-mto:authorityHost": { value: em.url },
  });
  return engine;
}

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());
beforeEach(() => em.emulator.reset());

test("up until all are active, promote and demote Berlin, no-change preview, remove Athens, destroy", async () => {
  const engine = await walkthroughStack();
  const { stack } = engine;
  // Every output, error and the exported state are scanned for the secret and the tokens used.
  const scan = new SecretScan(em).add("client secret", ADMIN_APP.secrets![0]);
  scan.watch(stack);
  try {
    const up = await stack.up();
    expect(up.outputs.organizationState.value).toBe("active");
    expect(up.outputs.berlinState.value).toBe("active");
    expect(up.outputs.athensState.value).toBe("active");
    const members = (await em.graph(CAIRO).api("/tenantRelationships/multiTenantOrganization/tenants").get()).value;
    expect(members.map((m: { state: string }) => m.state)).toEqual(["active", "active", "active"]);

    await stack.setConfig("berlinRole", { value: "owner" });
    const promoted = await stack.up();
    expect(promoted.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(promoted.outputs.berlinRole.value).toBe("owner");
    await stack.setConfig("berlinRole", { value: "member" });
    expect((await stack.up()).outputs.berlinRole.value).toBe("member");

    await stack.preview({ expectNoChanges: true });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Drift: someone promotes Berlin by hand; a refreshing preview shows it, and up puts it back.
    const berlinPath = `/tenantRelationships/multiTenantOrganization/tenants/${BERLIN}`;
    await em.graph(CAIRO).api(berlinPath).patch({ role: "owner" });
    for (let i = 0; i < 50 && (await em.graph(CAIRO).api(berlinPath).get()).role !== "owner"; i++) await new Promise((r) => setTimeout(r, 100));
    const drift = await stack.preview({ refresh: true });
    expect(drift.changeSummary).toMatchObject({ update: 1 });
    expect((await stack.up({ refresh: true })).outputs.berlinRole.value).toBe("member");
    expect((await em.graph(CAIRO).api(berlinPath).get()).role).toBe("member");

    // Graph cannot rename a member: a new name is refused at preview, naming the deliberate way,
    // and nothing is written (it used to re-add Berlin, which then had to join again).
    await stack.setConfig("berlinName", { value: "Berlin GmbH" });
    const graphWrites = () => em.emulator.log.filter((e) => e.method !== "GET" && /^\/(tenantRelationships|policies)\//.test(e.path)).length;
    const writesBefore = graphWrites();
    const refused = String(await stack.up().catch((e: Error) => e));
    expect(refused).toMatch(/property displayName .*has a problem: Graph cannot rename a tenant of the organization: 'Berlin' would become 'Berlin GmbH'.*remove this resource/);
    expect(graphWrites()).toBe(writesBefore);
    expect((await em.graph(CAIRO).api(berlinPath).get()).displayName).toBe("Berlin");
    await stack.setConfig("berlinName", { value: "Berlin" });

    await stack.setConfig("includeAthens", { value: "false" });
    const removed = await stack.up();
    expect(removed.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect((await em.graph(ATHENS).api("/tenantRelationships/multiTenantOrganization").get()).state).toBe("inactive");

    // Credentials never reach state: inputs hold aliases, and the engine's copy of the config is
    // encrypted. (Exports decrypt, so read the backend's file.)
    const stateFiles = fs
      .readdirSync(engine.stateDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".json") && f.includes("stacks"));
    expect(stateFiles.length).toBeGreaterThan(0);
    for (const f of stateFiles) {
      const text = fs.readFileSync(path.join(engine.stateDir, f), "utf8");
      expect(text).not.toContain(ADMIN_APP.secrets![0]);
      expect(text).toContain("ciphertext");
    }
    const resources = (await stack.exportStack()).deployment.resources as { type: string; inputs?: { __provider?: string; tenant?: string } }[];
    for (const r of resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/entra-mto:"))) {
      expect(r.inputs!.__provider!.length).toBeLessThan(4096);
      expect(Object.keys(r.inputs!).sort()).not.toContain("clientSecret");
    }

    await scan.recordState(stack);
    await stack.destroy();
    expect(scan.assertClean().tokens).toBeGreaterThan(0); // the tokens of the run were there to look for
    expect(em.emulator.state.orgs).toEqual({});
    expect((await em.graph(CAIRO).api("/tenantRelationships/multiTenantOrganization").get()).state).toBe("inactive");
  } finally {
    await engine.dispose();
  }
});

test("a join left pending (accept-only policy) converges on the next up; the most verbose logs hold no secret", async () => {
  // The engine at its most verbose (--logtostderr -v=11 --debug --logflow), the Azure SDK's own
  // HTTP logging on (AZURE_LOG_LEVEL=verbose) in the provider: every line is scanned.
  const engine = await walkthroughStack({ AZURE_LOG_LEVEL: "verbose" });
  const { stack } = engine;
  // From -v=9 on, Pulumi itself logs the plain text of secret configuration values it passes to a
  // provider (the inner value of Configure's inputs): Cairo's secret is in the configuration here.
  // Those engine lines are left out and counted; everything else, ours included, must be clean.
  const ENGINE_CONFIGURE_LINE = /"msg":"Marshaling property for RPC\[Provider\[0x[0-9a-f]+\]\.Configure\(\)\.inputs\]: value=\{/;
  const scan = new SecretScan(em).add("client secret", ADMIN_APP.secrets![0]).allow(ENGINE_CONFIGURE_LINE, "Pulumi's -v=9 log of Configure's secret inputs");
  scan.watch(stack);
  const verbose = { logToStdErr: true, logVerbosity: 11, debug: true, logFlow: true };
  try {
    // Below -v=9 even the engine's lines are clean, configuration secrets included.
    const quieter = new SecretScan(em).add("client secret", ADMIN_APP.secrets![0]);
    quieter.record("preview -v=8", String((await stack.preview({ logToStdErr: true, logVerbosity: 8, debug: true, logFlow: true })).stderr));
    expect(quieter.findings()).toEqual([]);
    await stack.setAllConfig({ joinWait: { value: "accepted" }, includeAthens: { value: "false" } });
    const first = await stack.up(verbose);
    expect(first.outputs.berlinState.value).toBe("pending");
    await stack.removeConfig("joinWait");
    const second = await stack.up(verbose);
    expect(second.outputs.berlinState.value).toBe("active");
    await stack.preview({ expectNoChanges: true, ...verbose });
    await scan.recordState(stack);
    await stack.destroy(verbose);
    // The verbose logs were there to scan (engine, plugins' and Azure SDK's lines), and hold nothing.
    const logged = scan
      .recorded()
      .filter((t) => t.label.endsWith("stderr"))
      .reduce((n, t) => n + t.length, 0);
    expect(logged).toBeGreaterThan(100_000);
    expect(scan.assertClean().tokens).toBeGreaterThan(0); // the tokens of the run were there to look for
    expect(scan.excluded()[0].lines).toBeGreaterThan(0);
  } finally {
    await engine.dispose();
  }
});
