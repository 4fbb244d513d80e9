// Import of every custom resource kind, through the plugin's provider in this process against the
// emulator: a read with the id alone returns inputs and outputs, and a program declaring exactly
// those inputs passes check and has no diff, so an imported resource previews clean.
import { applyVariables } from "../../provider/plugin/configure";
import { provider } from "../../provider/plugin/provider";
import type { ResourceKind } from "../../provider/dynamic";
import { ADMIN_APP, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";

jest.setTimeout(120_000);
const SECRET_ENV = "ENTRA_MTO_IMPORT_TEST_SECRET";
const urn = (kind: string) => `urn:pulumi:dev::p::entra-mto:index:${kind}::x`;
let em: TestEmulator;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
  Object.assign(process.env, { [SECRET_ENV]: ADMIN_APP.secrets![0], ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300" });
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  applyVariables(
    new Map([
      ["entra-mto:config:tenants", JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN) })],
      ["entra-mto:config:graphEndpoint", em.url],
      ["entra-mto:config:authorityHost", em.url],
    ]),
  );
  // An organization with Berlin joined, trust set by hand in one partner configuration, and a user
  // synchronization policy: made through the provider, then imported as if found in Graph.
  await provider.create!(urn("MultiTenantOrganizationMembership"), {
    tenant: "cairo",
    displayName: "Cairo",
    members: { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" } },
  });
  await provider.create!(urn("CrossTenantAccessPartner"), { tenant: "cairo", partnerTenantId: BERLIN, inboundTrust: { isMfaAccepted: true } });
  await provider.create!(urn("CrossTenantIdentitySync"), { tenant: "berlin", partnerTenantId: CAIRO, userSyncInbound: { isSyncAllowed: true } });
});
afterAll(async () => em?.dispose());

const CASES: [ResourceKind, string, string][] = [
  ["MultiTenantOrganization", "cairo", CAIRO],
  ["MultiTenantOrganizationMembership", "cairo", CAIRO],
  ["MultiTenantOrganizationMember", `cairo/${BERLIN}`, `${CAIRO}/${BERLIN}`],
  ["MultiTenantOrganizationJoinRequest", BERLIN, BERLIN],
  ["MultiTenantOrganizationPartnerConfigurationTemplate", "cairo", CAIRO],
  ["MultiTenantOrganizationIdentitySyncPolicyTemplate", "berlin", BERLIN],
  ["CrossTenantAccessDefaults", "cairo", CAIRO],
  ["CrossTenantAccessPartner", `cairo/${BERLIN}`, `${CAIRO}/${BERLIN}`],
  ["CrossTenantIdentitySync", `berlin/${CAIRO}`, `${BERLIN}/${CAIRO}/identitySynchronization`],
];

test.each(CASES)("%s imported as '%s' reads inputs and outputs that diff clean", async (kind, given, id) => {
  const read = await provider.read!(given, urn(kind), {});
  expect(read.id).toBe(id);
  expect(read.inputs).toMatchObject({ tenant: expect.stringMatching(/^(cairo|berlin)$/) });
  expect(Object.keys(read.props).length).toBeGreaterThan(Object.keys(read.inputs).length);
  const checked = await provider.check!(urn(kind), {}, read.inputs);
  expect(checked.failures ?? []).toEqual([]);
  const diff = await provider.diff!(id, urn(kind), read.props, checked.inputs);
  expect(diff).toMatchObject({ changes: false });
});

test("what import takes over: the members by alias, the settings Graph holds a value for", async () => {
  const membership = await provider.read!("cairo", urn("MultiTenantOrganizationMembership"), {});
  expect(membership.props.members).toMatchObject({ berlin: { tenantId: BERLIN, state: "active" } });
  const partner = await provider.read!(`cairo/${BERLIN}`, urn("CrossTenantAccessPartner"), {});
  expect(partner.inputs.inboundTrust).toEqual({ isMfaAccepted: true });
  expect(partner.props.managedProperties).toContain("inboundTrust.isMfaAccepted");
  const sync = await provider.read!(`berlin/${CAIRO}`, urn("CrossTenantIdentitySync"), {});
  expect(sync.inputs.userSyncInbound).toEqual({ isSyncAllowed: true });
});

test("an object Graph does not have is refused, naming it", async () => {
  await expect(provider.read!(`cairo/00000000-0000-4000-8000-00000000abcd`, urn("CrossTenantAccessPartner"), {})).rejects.toThrow(/Graph shows no such object/);
});
