// `pulumi import` through the plugin: a member Cairo added by hand is imported by its id (the owner
// given by alias), the import reads its inputs and outputs from Graph, and the YAML program that
// declares it (fixtures/member) then previews with no change, refreshed too.
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { newPluginStack } from "./engine";

jest.setTimeout(300_000);
const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
const MTO = "/tenantRelationships/multiTenantOrganization";
const MEMBER = "entra-mto:index:MultiTenantOrganizationMember";
let em: TestEmulator;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());

test("a member added outside Pulumi is imported by id and the program declaring it previews clean", async () => {
  // Cairo's organization, with Berlin added (pending until it joins), made without Pulumi.
  expect((await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" })).status).toBeLessThan(300);
  expect((await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: BERLIN, displayName: "Berlin" })).status).toBeLessThan(300);

  const engine = await newPluginStack({
    workDir: path.join(repoRoot, "tests", "plugin", "fixtures", "member"),
    hosts: ["yaml"],
    extraEnv: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300", [SECRET_ENV]: ADMIN_APP.secrets![0] },
  });
  const { stack } = engine;
  await stack.setAllConfig({
    "entra-mto:tenants": { value: JSON.stringify({ cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV } }) },
    "entra-mto:graphEndpoint": { value: em.url },
    "entra-mto:authorityHost": { value: em.url },
    memberTenantId: { value: BERLIN },
  });
  try {
    // A wrong id is refused with the format it should have.
    const wrong = await stack.import({ resources: [{ type: MEMBER, name: "berlin-member", id: BERLIN }], protect: false, generateCode: false }).catch((e: Error) => e);
    expect(String(wrong)).toMatch(/the id must be <owner>\/<memberTenantId>/);

    const imported = await stack.import({ resources: [{ type: MEMBER, name: "berlin-member", id: `cairo/${BERLIN}` }], protect: false });
    // The code Pulumi generates for the program holds the inputs the import read from Graph.
    expect(imported.generatedCode).toMatch(/memberTenantId: 00000be1/);
    const member = ((await stack.exportStack()).deployment.resources as { type: string; id: string; inputs: object; outputs: object }[]).find((r) => r.type === MEMBER)!;
    expect(member.id).toBe(`${CAIRO}/${BERLIN}`);
    expect(member.inputs).toMatchObject({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "member" });
    expect(member.outputs).toMatchObject({ ownerTenantId: CAIRO, state: "pending", addedByTenantId: CAIRO, converged: true });

    await stack.preview({ expectNoChanges: true });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Managed now: destroying the stack removes Berlin from the organization.
    await stack.destroy();
    expect((await em.call(CAIRO, "GET", `${MTO}/tenants/${BERLIN}`)).status).toBe(404);
  } finally {
    await engine.dispose();
  }
});
