// $filter, $count, $top and $skip on the two collections, and soft delete: the 30-day bin under
// /beta/policies/deletedItems, what application tokens may do with it, and how it meets re-creation,
// identity synchronization, joins and a restart.
import * as fs from "node:fs";
import * as path from "node:path";
import { ATHENS, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "./harness";

const MTO = "/tenantRelationships/multiTenantOrganization";
const PARTNERS = "/policies/crossTenantAccessPolicy/partners";
const DELETED = "/policies/deletedItems";
const DAY = 24 * 60 * 60 * 1000;

let em: TestEmulator;
beforeEach(async () => {
  em = await testEmulator();
});
afterEach(async () => em?.dispose());

async function organization(...joiners: string[]) {
  await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
  for (const t of [BERLIN, ATHENS, DENVER]) await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: t, displayName: t });
  await em.advance(1000);
  for (const t of joiners) await em.call(t, "PATCH", `${MTO}/joinRequest`, { addedByTenantId: CAIRO });
  await em.advance(2000);
}
const ids = (r: { body: { value: { tenantId: string }[] } }) => r.body.value.map((m) => m.tenantId).sort();

describe("$filter and $count on tenants", () => {
  test("role, state and tenantId, values in any case, combined with and", async () => {
    await organization(BERLIN, ATHENS);
    const list = (filter: string) => em.call(CAIRO, "GET", `${MTO}/tenants?$filter=${encodeURIComponent(filter)}`);
    expect(ids(await list("role eq 'owner'"))).toEqual([CAIRO]);
    expect(ids(await list("state eq 'ACTIVE'"))).toEqual([ATHENS, BERLIN, CAIRO].sort());
    expect(ids(await list("state eq 'pending'"))).toEqual([DENVER]);
    expect(ids(await list(`tenantId eq '${BERLIN.toUpperCase()}'`))).toEqual([BERLIN]);
    expect(ids(await list(`role eq 'member' and state eq 'active' and tenantId eq '${ATHENS}'`))).toEqual([ATHENS]);
  });

  test.each([
    ["an unsupported property", "displayName eq 'Berlin'", "Invalid filter clause 'displayName eq 'Berlin''"],
    ["an unsupported operator", "role ne 'owner'", "Invalid filter clause 'role ne 'owner''"],
    ["or", "role eq 'owner' or state eq 'active'", "Invalid filter clause 'or state eq 'active''"],
    ["a value outside the enum", "state eq 'gone'", "'gone' is not a value of 'state' (pending, active, removed)"],
    ["a wrongly cased property", "Role eq 'owner'", "Invalid filter clause 'Role eq 'owner''"],
  ])("%s is refused with 400 saying what is supported", async (_name, filter, message) => {
    await organization();
    const r = await em.call(CAIRO, "GET", `${MTO}/tenants?$filter=${encodeURIComponent(filter)}`);
    expect(r).toMatchObject({ status: 400, body: { error: { code: "BadRequest", message: expect.stringContaining(message) } } });
  });

  test("$count answers text/plain, honours $filter, and $count=true adds @odata.count", async () => {
    await organization(BERLIN);
    expect(await em.call(CAIRO, "GET", `${MTO}/tenants/$count`)).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/plain/), body: "4" });
    expect((await em.call(CAIRO, "GET", `${MTO}/tenants/%24count?$filter=state eq 'pending'`)).body).toBe("2");
    const counted = await em.call(CAIRO, "GET", `${MTO}/tenants?$count=true&$filter=state eq 'active'`);
    expect(Object.keys(counted.body)).toEqual(["@odata.context", "@odata.count", "value"]);
    expect(counted.body["@odata.count"]).toBe(2);
    expect((await em.call(CAIRO, "GET", `${MTO}/tenants?$count=maybe`)).status).toBe(400);
    // The CSDL marks tenants as neither Top- nor Skip-supported.
    expect((await em.call(CAIRO, "GET", `${MTO}/tenants?$top=1`)).status).toBe(400);
  });
});

describe("$filter, $count, $top and $skip on partners", () => {
  test("counts, pages and filters", async () => {
    for (const t of [BERLIN, ATHENS, DENVER]) await em.call(CAIRO, "POST", PARTNERS, { tenantId: t, isServiceProvider: t === DENVER });
    expect((await em.call(CAIRO, "GET", `${PARTNERS}/$count`)).body).toBe("3");
    const page = await em.call(CAIRO, "GET", `${PARTNERS}?$count=true&$top=2&$skip=1`);
    expect(page.body["@odata.count"]).toBe(3);
    expect(page.body.value).toHaveLength(2);
    expect(ids(await em.call(CAIRO, "GET", `${PARTNERS}?$filter=isServiceProvider eq true`))).toEqual([DENVER]);
    expect((await em.call(CAIRO, "GET", `${PARTNERS}?$top=-1`)).status).toBe(400);
    expect((await em.call(CAIRO, "GET", `${PARTNERS}?$filter=isServiceProvider eq 'true'`)).status).toBe(400);
  });
});

describe("soft delete of partner configurations and identity synchronization", () => {
  test("a deleted partner waits 30 days in the bin; applications can neither restore nor purge it", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN, inboundTrust: { isMfaAccepted: true } });
    expect((await em.call(CAIRO, "DELETE", `${PARTNERS}/${BERLIN}`)).status).toBe(204);
    expect((await em.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).status).toBe(404);

    const bin = await em.call(CAIRO, "GET", `${DELETED}/crossTenantPartners`, undefined, "beta");
    expect(bin.body.value).toEqual([
      expect.objectContaining({
        tenantId: BERLIN,
        isInMultiTenantOrganization: false,
        inboundTrust: expect.objectContaining({ isMfaAccepted: true }),
        deletedDateTime: "2026-01-01T00:00:00Z",
      }),
    ]);
    expect((await em.call(CAIRO, "GET", `${DELETED}/crossTenantPartners/${BERLIN}`, undefined, "beta")).body.tenantId).toBe(BERLIN);
    expect((await em.call(CAIRO, "GET", `${DELETED}/crossTenantPartners`)).status).toBe(400); // /v1.0 has no bin

    for (const [method, url] of [
      ["POST", `${DELETED}/crossTenantPartners/${BERLIN}/restore`],
      ["DELETE", `${DELETED}/crossTenantPartners/${BERLIN}`],
    ]) {
      const r = await em.call(CAIRO, method, url, undefined, "beta");
      expect(r).toMatchObject({
        status: 403,
        body: { error: { code: "Authorization_RequestDenied", message: expect.stringContaining("application permissions can neither restore nor permanently delete") } },
      });
    }

    const again = await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      /was deleted on 2026-01-01T00:00:00Z and is kept as a deleted item for 30 days \(until 2026-01-31T00:00:00Z\).*restore.*delete it permanently.*application permissions can do neither/,
    );

    await em.advance(30 * DAY - 1);
    expect((await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN })).status).toBe(409);
    await em.advance(1);
    expect((await em.call(CAIRO, "GET", `${DELETED}/crossTenantPartners`, undefined, "beta")).body.value).toEqual([]);
    expect((await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN })).body.inboundTrust).toBeNull();
  });

  test("a partner with identity synchronization cannot go; the synchronization policy goes to its own bin, and a new PUT works", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    const sync = `${PARTNERS}/${BERLIN}/identitySynchronization`;
    await em.call(CAIRO, "PUT", sync, { displayName: "Berlin", userSyncInbound: { isSyncAllowed: true } });
    const blocked = await em.call(CAIRO, "DELETE", `${PARTNERS}/${BERLIN}`);
    expect(blocked).toMatchObject({ status: 400, body: { error: { code: "Request_BadRequest", message: expect.stringContaining("delete it first") } } });

    expect((await em.call(CAIRO, "DELETE", sync)).status).toBe(204);
    expect((await em.call(CAIRO, "GET", sync)).status).toBe(404);
    const syncBin = `${DELETED}/crossTenantSyncPolicyPartners`;
    expect((await em.call(CAIRO, "GET", syncBin, undefined, "beta")).body.value).toEqual([
      { tenantId: BERLIN, displayName: "Berlin", userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: null, deletedDateTime: "2026-01-01T00:00:00Z" },
    ]);
    expect((await em.call(CAIRO, "POST", `${syncBin}/${BERLIN}/restore`, undefined, "beta")).status).toBe(403);

    expect((await em.call(CAIRO, "PUT", sync, { displayName: "Berlin again" })).status).toBe(204);
    expect((await em.call(CAIRO, "GET", syncBin, undefined, "beta")).body.value).toEqual([]);
    await em.call(CAIRO, "DELETE", sync);
    expect((await em.call(CAIRO, "DELETE", `${PARTNERS}/${BERLIN}`)).status).toBe(204);
    await em.advance(30 * DAY);
    expect((await em.call(CAIRO, "GET", syncBin, undefined, "beta")).body.value).toEqual([]);
  });

  test("a join generates a fresh partner configuration and drops the soft-deleted one", async () => {
    await em.call(BERLIN, "POST", PARTNERS, { tenantId: CAIRO, inboundTrust: { isMfaAccepted: true } });
    await em.call(BERLIN, "DELETE", `${PARTNERS}/${CAIRO}`);
    await organization(BERLIN);
    const generated = (await em.call(BERLIN, "GET", `${PARTNERS}/${CAIRO}`)).body;
    expect(generated).toMatchObject({ isInMultiTenantOrganization: true, inboundTrust: null });
    expect((await em.call(BERLIN, "GET", `${DELETED}/crossTenantPartners`, undefined, "beta")).body.value).toEqual([]);
  });

  test("a state saved by an emulator without the bin or the service-filled properties loads", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    const dataDir = em.dataDir;
    await em.stop();
    const file = path.join(dataDir, "state.json");
    const old = JSON.parse(fs.readFileSync(file, "utf8"));
    const cairo = old.tenants[CAIRO];
    delete cairo.deletedPartners;
    delete cairo.deletedSyncPolicies;
    delete cairo.partners[BERLIN].tenantRestrictions;
    delete cairo.defaultConfiguration.invitationRedemptionIdentityProviderConfiguration;
    fs.writeFileSync(file, JSON.stringify(old));
    const again = await testEmulator({ dataDir });
    try {
      expect((await again.call(CAIRO, "GET", `${PARTNERS}/${BERLIN}`)).body.tenantRestrictions).toBeNull();
      expect((await again.call(CAIRO, "GET", "/policies/crossTenantAccessPolicy/default")).body.invitationRedemptionIdentityProviderConfiguration).not.toBeNull();
      expect((await again.call(CAIRO, "DELETE", `${PARTNERS}/${BERLIN}`)).status).toBe(204);
    } finally {
      await again.dispose();
    }
  });

  test("the bin survives a restart", async () => {
    await em.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN });
    await em.call(CAIRO, "DELETE", `${PARTNERS}/${BERLIN}`);
    const dataDir = em.dataDir;
    await em.stop();
    const again = await testEmulator({ dataDir });
    try {
      expect((await again.call(CAIRO, "GET", `${DELETED}/crossTenantPartners`, undefined, "beta")).body.value).toHaveLength(1);
      expect((await again.call(CAIRO, "POST", PARTNERS, { tenantId: BERLIN })).status).toBe(409);
    } finally {
      await again.dispose();
    }
  });
});
