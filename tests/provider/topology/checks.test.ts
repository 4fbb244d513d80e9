// The topology's preview checks: each refused with the property and the rule, all together.
import { parseSettings } from "../../../provider/settings";
import { type MultiTenantOrganizationTopologyArgs, checkTopology } from "../../../provider/topology/args";

const id = (n: number) => `0000000${n}-0000-4000-8000-00000000000${n}`;
const config = (tenants: Record<string, object>, extra: Record<string, string> = {}) => parseSettings((key) => ({ tenants: JSON.stringify(tenants), ...extra })[key], {});
const app = { auth: "clientSecret", clientId: "a", clientSecretEnv: "S" };
const configured = config(
  { cairo: { tenantId: id(1), ...app }, berlin: { tenantId: id(2), ...app }, athens: { tenantId: id(3), ...app }, twin: { tenantId: id(2), ...app } },
  { maxActiveTenants: "3" },
);
const check = (args: Partial<MultiTenantOrganizationTopologyArgs>, c = configured) =>
  checkTopology({ displayName: "Org", owner: "cairo", tenants: { cairo: {} }, ...args } as MultiTenantOrganizationTopologyArgs, c.settings, c.problems);

test("a valid topology passes", () => {
  expect(check({ tenants: { cairo: {}, berlin: { displayName: "Berlin", role: "owner", syncUsersFrom: ["cairo"] } }, trust: { inboundTrust: { isMfaAccepted: true } } })).toEqual(
    [],
  );
});

test("no owner, and an owner that is not a tenant", () => {
  expect(check({ owner: "", tenants: { cairo: { displayName: "Cairo" } } })).toEqual([expect.stringMatching(/^owner: required/)]);
  expect(check({ owner: "denver", tenants: { cairo: { displayName: "Cairo" } } })).toEqual([expect.stringMatching(/^owner: 'denver' is not one of tenants \(cairo\)/)]);
});

test("a member that is also the owner", () => {
  expect(check({ tenants: { cairo: { role: "member" } } })).toEqual([expect.stringMatching(/^tenants.cairo.role: the owner tenant cannot be a member/)]);
});

test("duplicate tenants: two aliases for one tenant id", () => {
  expect(check({ tenants: { cairo: {}, berlin: { displayName: "B" }, twin: { displayName: "T" } } })).toEqual([
    expect.stringMatching(/^tenants.twin: the same tenant \(00000002-.*\) as 'berlin'/),
  ]);
});

test("more tenants than the active-tenant limit (a provider setting)", () => {
  const four = { cairo: {}, berlin: { displayName: "B" }, athens: { displayName: "A" }, denver: { displayName: "D" } };
  const c = config(
    { cairo: { tenantId: id(1), ...app }, berlin: { tenantId: id(2), ...app }, athens: { tenantId: id(3), ...app }, denver: { tenantId: id(4), ...app } },
    { maxActiveTenants: "3" },
  );
  expect(check({ tenants: four }, c)).toEqual([expect.stringMatching(/^tenants: 4 tenants, more than the 3 active tenants.*entra-mto:maxActiveTenants/)]);
  expect(config({}).settings.maxActiveTenants).toBe(100);
});

test("an alias with no credentials, or with no tenant id", () => {
  const c = config({ cairo: { tenantId: id(1), ...app }, berlin: { ...app } });
  expect(check({ tenants: { cairo: {}, berlin: { displayName: "B" }, denver: { displayName: "D" } } }, c)).toEqual([
    expect.stringMatching(/^tenants.berlin: entra-mto:tenants.berlin.tenantId: must be a tenant id/),
    expect.stringMatching(/^tenants.denver: alias 'denver' is not configured under entra-mto:tenants/),
  ]);
});

test("trust toward a tenant outside the organization unless intended; sync from outside or from itself", () => {
  expect(check({ tenants: { cairo: { partners: { athens: { inboundTrust: { isMfaAccepted: true } } }, syncUsersFrom: ["cairo", "athens"] } } })).toEqual([
    expect.stringMatching(/^tenants.cairo.partners.athens: 'athens' is not a tenant of this organization; .*outsideOrganization: true/),
    "tenants.cairo.syncUsersFrom: a tenant cannot synchronize users from itself",
    "tenants.cairo.syncUsersFrom: 'athens' is not a tenant of this organization",
  ]);
  expect(check({ tenants: { cairo: { partners: { athens: { outsideOrganization: true } }, syncUsersFrom: ["athens"] } } })).toEqual([]);
});

test("a member without a name, a bad role and bad trust settings are reported together", () => {
  const problems = check({
    tenants: { cairo: {}, berlin: { role: "admin" as never } },
    trust: { inboundTrust: { isMfaAccepted: "yes" as never } },
    templates: { partner: { templateApplicationLevel: ["everyone" as never] } },
  });
  expect(problems).toEqual([
    "tenants.berlin.role: must be 'owner' or 'member'",
    expect.stringMatching(/^tenants.berlin.displayName: required/),
    "trust.inboundTrust.isMfaAccepted: must be true or false",
    expect.stringMatching(/^templates.partner.templateApplicationLevel\[0\]: unknown flag 'everyone'/),
  ]);
});

test("an outside partner that is in fact a tenant of the organization", () => {
  expect(check({ tenants: { cairo: { partners: { [id(2)]: { outsideOrganization: true } } }, berlin: { displayName: "B" } } })).toEqual([
    expect.stringMatching(/^tenants.cairo.partners.00000002-.*: is the tenant 'berlin' of this organization; declare that partner as partners.berlin/),
  ]);
});

describe("syncUsersFrom with a scope", () => {
  const GROUP = "0000aaaa-0000-4000-8000-000000000001";
  const base = (berlin: object, cairo: object = {}) =>
    ({ displayName: "Org", owner: "cairo", tenants: { cairo, berlin: { displayName: "Berlin", ...berlin } } }) as unknown as MultiTenantOrganizationTopologyArgs;

  test("the map form passes; its parts are checked at every depth", () => {
    expect(checkTopology(base({ syncUsersFrom: { cairo: { scope: { groups: [GROUP] }, mappings: { userType: "Guest" } } } }), configured.settings)).toEqual([]);
    expect(checkTopology(base({ syncUsersFrom: { cairo: { scope: { groups: ["pilots"] }, mappings: { userType: "guest" } } } }), configured.settings)).toEqual([
      expect.stringMatching(/^tenants\.berlin\.syncUsersFrom\.cairo\.scope\.groups\[0\]: .*group's object id \(GUID\)/),
      expect.stringMatching(/^tenants\.berlin\.syncUsersFrom\.cairo\.mappings\.userType: /),
    ]);
    expect(checkTopology(base({ syncUsersFrom: "cairo" }), configured.settings)).toEqual([
      expect.stringMatching(/^tenants\.berlin\.syncUsersFrom: must be a list of tenant aliases, or an object by source alias/),
    ]);
  });

  test("a source outside the organization, the tenant itself, and a trust that forbids automatic redemption are refused", () => {
    expect(checkTopology(base({ syncUsersFrom: { athens: { scope: { users: [GROUP] } } } }), configured.settings)).toEqual([
      expect.stringMatching(/^tenants\.berlin\.syncUsersFrom\.athens: 'athens' is not a tenant of this organization/),
    ]);
    expect(checkTopology(base({ syncUsersFrom: { berlin: { scope: { users: [GROUP] } } } }), configured.settings)).toEqual([
      expect.stringMatching(/synchronize users from itself/),
    ]);
    // A partner outside the organization may be a source; with a scope, its credentials write its configuration.
    const outside = base({ syncUsersFrom: { [id(7)]: { scope: { users: [GROUP] } } }, partners: { [id(7)]: { outsideOrganization: true } } });
    expect(checkTopology(outside, configured.settings)).toEqual([expect.stringMatching(/configure '00000007-.*' under entra-mto:tenants, or list it without a scope/)]);
    const forbids = base(
      { syncUsersFrom: { cairo: { scope: { groups: [GROUP] } } }, partners: { cairo: { automaticUserConsentSettings: { inboundAllowed: false } } } },
      { trust: { automaticUserConsentSettings: { outboundAllowed: false } } },
    );
    expect(checkTopology(forbids, configured.settings)).toEqual([
      expect.stringMatching(/syncUsersFrom\.cairo: needs automatic redemption inbound from 'cairo'/),
      expect.stringMatching(/syncUsersFrom\.cairo: needs automatic redemption outbound in 'cairo' toward 'berlin'/),
    ]);
  });
});
