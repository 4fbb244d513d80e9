// Request and response bodies of the trust APIs: the properties Graph fills, names and values
// checked at every depth, Graph's own normalisation of target lists, and read-only properties that
// SDK clients echo back.
import { ATHENS, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "./harness";

const MTO = "/tenantRelationships/multiTenantOrganization";
const XTAP = "/policies/crossTenantAccessPolicy";
const PARTNERS = `${XTAP}/partners`;
const GUID_A = "AAAAAAAA-0000-4000-8000-00000000000A";
const GUID_B = "bbbbbbbb-0000-4000-8000-00000000000b";

let em: TestEmulator;
beforeEach(async () => {
  em = await testEmulator();
});
afterEach(async () => em?.dispose());

const users = (accessType: string, ...targets: [string, string][]) => ({ accessType, targets: targets.map(([target, targetType]) => ({ target, targetType })) });

describe("server-filled properties", () => {
  test("an unconfigured partner carries every service-filled property, null", async () => {
    const created = await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      tenantId: BERLIN,
      inboundTrust: null,
      automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
      b2bCollaborationInbound: null,
      b2bCollaborationOutbound: null,
      b2bDirectConnectInbound: null,
      b2bDirectConnectOutbound: null,
      tenantRestrictions: null,
      m365CollaborationInbound: null,
      m365CollaborationOutbound: null,
      appServiceConnectInbound: null,
      isServiceProvider: null,
      isInMultiTenantOrganization: false,
    });
  });

  test("the default has the service's tenant restrictions, identity provider order, m365 and app-service settings", async () => {
    const d = (await em.call(CAIRO, "GET", `${XTAP}/default`)).body;
    expect(d).toMatchObject({
      isServiceDefault: true,
      tenantRestrictions: { devices: null, usersAndGroups: users("blocked", ["AllUsers", "user"]), applications: users("blocked", ["AllApplications", "application"]) },
      invitationRedemptionIdentityProviderConfiguration: {
        primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
        fallbackIdentityProvider: "defaultConfiguredIdp",
      },
      m365CollaborationInbound: { users: users("allowed", ["AllUsers", "user"]) },
      m365CollaborationOutbound: { usersAndGroups: users("allowed", ["AllUsers", "user"]) },
      appServiceConnectInbound: { applications: users("blocked", ["AllApplications", "application"]) },
    });
  });

  test("tenantRestrictions can be set on a partner (POST, PATCH) and on the default", async () => {
    const tr = { usersAndGroups: users("allowed", [GUID_B, "group"]), devices: { mode: "allowed", rule: "device.isCompliant -eq True" } };
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN, tenantRestrictions: tr });
    expect((await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body.tenantRestrictions).toEqual(tr);
    const patched = { applications: users("blocked", ["office365", "application"]) };
    expect((await em.call(CAIRO, "PATCH", `${PARTNERS}/${BERLIN}`, { tenantRestrictions: patched })).status).toBe(204);
    expect((await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body.tenantRestrictions).toEqual({ applications: users("blocked", ["Office365", "application"]) });
    expect((await em.call(CAIRO, "PATCH", `${XTAP}/default`, { tenantRestrictions: tr })).status).toBe(204);
    expect((await em.call(CAIRO, "GET", `${XTAP}/default`)).body).toMatchObject({ isServiceDefault: false, tenantRestrictions: tr });
  });

  test("groupSyncInbound exists under /beta only, on reads and writes", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    const sync = `${PARTNERS}/${BERLIN}/identitySynchronization`;
    const refused = await em.call(CAIRO, "PUT", sync, { userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: true } });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { message: "Property 'groupSyncInbound' does not exist on type 'microsoft.graph.crossTenantIdentitySyncPolicyPartner'." } },
    });
    expect((await em.call(CAIRO, "PUT", sync, { userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: true } }, "beta")).status).toBe(204);
    expect((await em.call(CAIRO, "GET", sync, undefined, "beta")).body).toEqual({
      tenantId: BERLIN,
      displayName: null,
      userSyncInbound: { isSyncAllowed: true },
      groupSyncInbound: { isSyncAllowed: true },
    });
    expect((await em.call(CAIRO, "GET", sync)).body).toEqual({ tenantId: BERLIN, displayName: null, userSyncInbound: { isSyncAllowed: true } });
    await em.call(CAIRO, "PATCH", sync, { groupSyncInbound: { isSyncAllowed: false } }, "beta");
    const expanded = (await em.call(CAIRO, "GET", `${PARTNERS}?$expand=identitySynchronization`, undefined, "beta")).body.value[0];
    expect(expanded.identitySynchronization.groupSyncInbound).toEqual({ isSyncAllowed: false });
    expect((await em.call(CAIRO, "GET", `${PARTNERS}?$expand=identitySynchronization`)).body.value[0].identitySynchronization).not.toHaveProperty("groupSyncInbound");
  });
});

describe("names and values as Graph spells them, at every depth", () => {
  test.each([
    [
      "a wrongly cased top-level name",
      { b2BCollaborationInbound: null },
      "Property 'b2BCollaborationInbound' does not exist on type 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner'.",
    ],
    [
      "a wrongly cased nested name",
      { inboundTrust: { IsMfaAccepted: true } },
      "Property 'inboundTrust.IsMfaAccepted' does not exist on type 'microsoft.graph.crossTenantAccessPolicyInboundTrust'.",
    ],
    [
      "an unknown name in a target",
      { b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user", kind: "x" }] } } },
      "Property 'b2bCollaborationInbound.usersAndGroups.targets[0].kind' does not exist on type 'microsoft.graph.crossTenantAccessPolicyTarget'.",
    ],
    [
      "a wrongly cased accessType",
      { b2bCollaborationInbound: { usersAndGroups: users("Allowed", ["AllUsers", "user"]) } },
      "Invalid value \"Allowed\" for property 'b2bCollaborationInbound.usersAndGroups.accessType' of enum type 'microsoft.graph.crossTenantAccessPolicyTargetConfigurationAccessType'; expected one of: allowed, blocked.",
    ],
    [
      "an unknown targetType",
      { b2bDirectConnectOutbound: { applications: users("allowed", [GUID_B, "app"]) } },
      "Invalid value \"app\" for property 'b2bDirectConnectOutbound.applications.targets[0].targetType'",
    ],
    [
      "an application among usersAndGroups",
      { b2bCollaborationOutbound: { usersAndGroups: users("allowed", [GUID_B, "application"]) } },
      "Property 'b2bCollaborationOutbound.usersAndGroups.targets[0].targetType' is 'application', but usersAndGroups targets must be of targetType user or group.",
    ],
    ["a user among applications", { b2bCollaborationOutbound: { applications: users("allowed", ["AllUsers", "user"]) } }, "applications targets must be of targetType application"],
    [
      "an empty target list",
      { b2bDirectConnectInbound: { usersAndGroups: { accessType: "blocked", targets: [] } } },
      "Property 'b2bDirectConnectInbound.usersAndGroups.targets' must list at least one target.",
    ],
    [
      "a keyword of the wrong type",
      { b2bCollaborationInbound: { usersAndGroups: users("allowed", ["AllApplications", "user"]) } },
      "the keyword 'AllApplications' takes targetType 'application'",
    ],
    [
      "a target that is neither an id nor a keyword",
      { b2bCollaborationInbound: { usersAndGroups: users("allowed", ["someone", "user"]) } },
      "'b2bCollaborationInbound.usersAndGroups.targets[0].target' is 'someone'",
    ],
    ["a repeated target", { b2bCollaborationInbound: { usersAndGroups: users("allowed", [GUID_A, "user"], [GUID_A.toLowerCase(), "user"]) } }, "more than once"],
    ["a string for a Boolean", { inboundTrust: { isMfaAccepted: "yes" } }, "Property 'inboundTrust.isMfaAccepted' must be true, false or null (Edm.Boolean), got a string."],
    ["a devices mode outside the access types", { tenantRestrictions: { devices: { mode: "include", rule: "x" } } }, "'tenantRestrictions.devices.mode'"],
    ["a navigation property", { identitySynchronization: { userSyncInbound: { isSyncAllowed: true } } }, "Property 'identitySynchronization' is a navigation property"],
    ["a wrong @odata.type", { "@odata.type": "#microsoft.graph.user" }, "expects 'microsoft.graph.crossTenantAccessPolicyConfigurationPartner'"],
  ])("%s is refused with 400 naming the property", async (_name, settings, message) => {
    const r = await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN, ...settings });
    expect(r).toMatchObject({ status: 400, body: { error: { code: "Request_BadRequest", message: expect.stringContaining(message) } } });
    expect((await em.call(CAIRO, "GET", PARTNERS)).body.value).toEqual([]);
  });

  test("every problem of a body is reported at once", async () => {
    const r = await em.call(CAIRO, "PATCH", `${XTAP}/default`, { InboundTrust: {}, automaticUserConsentSettings: { InboundAllowed: true } });
    expect(r.body.error.message).toMatch(/'InboundTrust' does not exist.*'automaticUserConsentSettings.InboundAllowed' does not exist/);
  });

  test("templates, identity synchronization and members are checked the same way", async () => {
    const template = `${XTAP}/templates/multiTenantOrganizationPartnerConfiguration`;
    expect((await em.call(CAIRO, "PATCH", template, { b2bCollaborationInbound: { usersAndGroups: users("allowed", ["AllUsers", "group"]) } })).status).toBe(400);
    expect((await em.call(CAIRO, "PATCH", `${XTAP}/templates/multiTenantOrganizationIdentitySynchronization`, { userSyncInbound: { IsSyncAllowed: true } })).status).toBe(400);
    await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
    expect((await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: BERLIN, displayName: "Berlin", role: "Owner" })).body.error.message).toContain(
      "Invalid value \"Owner\" for property 'role'",
    );
  });
});

describe("Graph's normalisation of what it stores", () => {
  test("targets come back in the service's order, keywords canonical, ids in lower case", async () => {
    await em.call(CAIRO, "POST", PARTNERS, {
      tenantId: BERLIN.toUpperCase(),
      b2bCollaborationInbound: {
        usersAndGroups: users("allowed", [GUID_A, "user"], ["allusers", "user"], [GUID_B, "group"]),
        applications: users("blocked", ["OFFICE365", "application"], ["allmicrosoftapps", "application"], ["AllApplications", "application"]),
      },
    });
    const p = (await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body;
    expect(p.tenantId).toBe(BERLIN);
    expect(p.b2bCollaborationInbound).toEqual({
      usersAndGroups: users("allowed", [GUID_B, "group"], [GUID_A.toLowerCase(), "user"], ["AllUsers", "user"]),
      applications: users("blocked", ["AllApplications", "application"], ["AllMicrosoftApps", "application"], ["Office365", "application"]),
    });
  });

  test("objects of Booleans come back with every property; B2B halves that were not sent stay absent", async () => {
    await em.call(CAIRO, "POST", PARTNERS, {
      tenantId: BERLIN,
      inboundTrust: { isMfaAccepted: true },
      b2bDirectConnectInbound: { applications: users("allowed", ["Office365", "application"]) },
    });
    const p = (await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body;
    expect(p.inboundTrust).toEqual({ isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null });
    expect(p.b2bDirectConnectInbound).toEqual({ applications: users("allowed", ["Office365", "application"]) });
  });
});

describe("read-only properties echoed back by SDK clients", () => {
  test("a partner read back and sent whole is accepted; only the writable properties apply", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    const read = (await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body;
    const whole = {
      ...read,
      "@odata.context": "x",
      "@odata.type": "#microsoft.graph.crossTenantAccessPolicyConfigurationPartner",
      isInMultiTenantOrganization: true,
      deletedDateTime: null,
      inboundTrust: { isMfaAccepted: true },
    };
    expect((await em.call(CAIRO, "PATCH", `${PARTNERS}/${BERLIN}`, whole)).status).toBe(204);
    expect((await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body).toMatchObject({ isInMultiTenantOrganization: false, inboundTrust: { isMfaAccepted: true } });
  });

  test("a tenantId other than the object's own is refused", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    const r = await em.call(CAIRO, "PATCH", `${PARTNERS}/${BERLIN}`, { tenantId: ATHENS });
    expect(r).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("Property 'tenantId' is the key") } } });
    await em.call(CAIRO, "PUT", `${PARTNERS}/${BERLIN}/identitySynchronization`, { tenantId: BERLIN.toUpperCase(), displayName: "Berlin" });
    expect((await em.call(CAIRO, "PATCH", `${PARTNERS}/${BERLIN}/identitySynchronization`, { tenantId: DENVER })).status).toBe(400);
  });

  test("the default, the organization, a member and the join request accept their own read-only properties", async () => {
    const d = (await em.call(CAIRO, "GET", `${XTAP}/default`)).body;
    expect((await em.call(CAIRO, "PATCH", `${XTAP}/default`, { ...d, id: "x", inboundTrust: { isMfaAccepted: true } })).status).toBe(204);
    expect((await em.call(CAIRO, "GET", `${XTAP}/default`)).body.isServiceDefault).toBe(false);

    const created = (await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" })).body;
    expect((await em.call(CAIRO, "PATCH", MTO, { ...created, displayName: "Cairo 2" })).status).toBe(204);
    expect((await em.call(CAIRO, "PUT", MTO, { ...created, state: "inactive", displayName: "Cairo 3" })).status).toBe(200);
    expect((await em.call(CAIRO, "GET", MTO)).body).toMatchObject({ displayName: "Cairo 3", state: "active", createdDateTime: created.createdDateTime });

    const member = (await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: BERLIN, displayName: "Berlin" })).body;
    const echo = {
      ...member,
      "@odata.type": "#microsoft.graph.multiTenantOrganizationMember",
      id: "x",
      deletedDateTime: null,
      displayName: "Renamed",
      role: "owner",
      state: "active",
      addedByTenantId: BERLIN,
    };
    expect((await em.call(CAIRO, "PATCH", `${MTO}/tenants/${BERLIN}`, echo)).status).toBe(204);
    expect((await em.call(CAIRO, "GET", `${MTO}/tenants/${BERLIN}`)).body).toMatchObject({
      displayName: "Berlin",
      state: "pending",
      addedByTenantId: CAIRO,
      transitionDetails: { desiredRole: "owner" },
    });
    expect((await em.call(CAIRO, "PATCH", `${MTO}/tenants/${BERLIN}`, { tenantId: ATHENS, role: "owner" })).status).toBe(400);

    const jr = (await em.call(BERLIN, "GET", `${MTO}/joinRequest`)).body;
    expect((await em.call(BERLIN, "PATCH", `${MTO}/joinRequest`, { ...jr, addedByTenantId: CAIRO })).status).toBe(204);
  });

  test("PATCH on a tenant with no organization creates one, as PUT does", async () => {
    expect((await em.call(CAIRO, "PATCH", MTO, { displayName: "By PATCH" })).status).toBe(204);
    expect((await em.call(CAIRO, "GET", MTO)).body).toMatchObject({ state: "active", displayName: "By PATCH" });
    expect((await em.call(BERLIN, "PATCH", MTO, { description: "no name" })).status).toBe(400);
  });
});
