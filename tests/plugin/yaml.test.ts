// The seed walkthrough written in Pulumi YAML (examples/yaml), through the real engine with the
// entra-mto provider plugin and the YAML language host: `up` builds the organization, a refreshed
// preview shows no change, `destroy` leaves nothing; every resource is one of the plugin's own types,
// and the topology's checks reach the YAML program as its error.
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { newPluginStack } from "./engine";

jest.setTimeout(600_000);
const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
const XTAP = "/policies/crossTenantAccessPolicy";
let em: TestEmulator;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());

test("the YAML walkthrough: up, a clean refreshed preview, destroy", async () => {
  const engine = await newPluginStack({
    workDir: path.join(repoRoot, "examples", "yaml"),
    hosts: ["yaml"],
    extraEnv: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300", [SECRET_ENV]: ADMIN_APP.secrets![0] },
  });
  const { stack } = engine;
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  const configure = (tenants: object) =>
    stack.setAllConfig({
      "entra-mto:tenants": { value: JSON.stringify(tenants) },
      "entra-mto:graphEndpoint": { value: em.url },
      "entra-mto:authorityHost": { value: em.url },
    });
  try {
    // The component's checks run in the plugin at preview and come back as the program's error.
    await configure({ cairo: tenant(CAIRO), berlin: tenant(BERLIN) });
    expect(String(await stack.preview().catch((e: Error) => e))).toMatch(/tenants.athens: alias 'athens' is not configured under entra-mto:tenants/);
    expect(em.emulator.state.orgs).toEqual({});

    await configure({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) });
    const up = await stack.up();
    expect(up.outputs.tenantStates.value).toMatchObject({
      cairo: { role: "owner", state: "active" },
      berlin: { role: "member", state: "active" },
      athens: { role: "member", state: "active" },
    });
    expect((await em.graph(CAIRO).api(`${XTAP}/partners/${BERLIN}`).get()).inboundTrust).toMatchObject({ isMfaAccepted: true, isCompliantDeviceAccepted: true });
    expect(await em.graph(BERLIN).api(`${XTAP}/partners/${CAIRO}/identitySynchronization`).get()).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });

    // The component and its children are the plugin's types; nothing is a dynamic resource.
    const types = ((await stack.exportStack()).deployment.resources as { type: string }[]).map((r) => r.type);
    expect(types).toContain("entra-mto:index:MultiTenantOrganizationTopology");
    expect(types).toContain("entra-mto:index:MultiTenantOrganizationMembership");
    expect(types.filter((t) => t === "entra-mto:index:CrossTenantAccessPartner")).toHaveLength(6);
    expect(types.filter((t) => t.startsWith("pulumi-nodejs"))).toEqual([]);

    await stack.preview({ refresh: true, expectNoChanges: true });

    await stack.destroy();
    expect(em.emulator.state.orgs).toEqual({});
    expect((await em.graph(CAIRO).api(`${XTAP}/partners`).get()).value).toEqual([]);
  } finally {
    await engine.dispose();
  }
});
