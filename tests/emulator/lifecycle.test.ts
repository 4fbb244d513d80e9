// The seed walkthrough against the emulator, through real credentials and the Graph client, in
// deterministic-clock mode: Cairo creates, adds Berlin and Athens, they join, a role changes, a
// tenant leaves, the organization ends.
import { ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";

const MTO = "/tenantRelationships/multiTenantOrganization";
let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator();
});
afterAll(async () => em?.dispose());

test("the seed walkthrough, from creation to the end of the organization", async () => {
  const cairo = em.graph(CAIRO);
  const berlin = em.graph(BERLIN);
  const athens = em.graph(ATHENS);

  expect(await cairo.api(MTO).get()).toEqual({ createdDateTime: null, displayName: null, description: null, state: "inactive" });

  const created = await cairo.api(MTO).put({ displayName: "Cairo", description: "seed walkthrough" });
  expect(created).toMatchObject({
    displayName: "Cairo",
    state: "active",
    "@odata.context": expect.stringMatching(/\$metadata#tenantRelationships\/multiTenantOrganization\/\$entity$/),
  });

  const addedBerlin = await cairo.api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  expect(addedBerlin).toMatchObject({ tenantId: BERLIN, role: "member", state: "pending", addedByTenantId: CAIRO, joinedDateTime: null, transitionDetails: null });
  await cairo.api(`${MTO}/tenants`).post({ tenantId: ATHENS, displayName: "Athens" });
  await expect(cairo.api(`${MTO}/tenants`).post({ tenantId: ATHENS, displayName: "Athens" })).rejects.toMatchObject({ statusCode: 400, code: "Request_BadRequest" });

  await em.advance(1000); // creation finished
  await berlin.api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  await athens.api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  expect(await berlin.api(`${MTO}/joinRequest`).get()).toMatchObject({
    addedByTenantId: CAIRO,
    memberState: "pending",
    role: null,
    transitionDetails: { desiredMemberState: "active", status: "notStarted" },
  });
  await em.advance(150);
  expect((await berlin.api(`${MTO}/joinRequest`).get()).transitionDetails.status).toBe("running");
  await em.advance(1000);
  expect(await berlin.api(`${MTO}/joinRequest`).get()).toMatchObject({ memberState: "active", role: "member", transitionDetails: null });

  const members = (await cairo.api(`${MTO}/tenants`).get()).value;
  expect(members.map((m: { tenantId: string; state: string }) => [m.tenantId, m.state]).sort()).toEqual(
    [
      [ATHENS, "active"],
      [BERLIN, "active"],
      [CAIRO, "active"],
    ].sort(),
  );
  expect(members.find((m: { tenantId: string }) => m.tenantId === BERLIN).joinedDateTime).toEqual(expect.any(String));
  expect((await berlin.api(MTO).get()).displayName).toBe("Cairo");

  // Joins generate partner configurations for every new pair, flagged as in the organization.
  const partners = (await berlin.api("/policies/crossTenantAccessPolicy/partners").get()).value;
  expect(partners.map((p: { tenantId: string }) => p.tenantId).sort()).toEqual([ATHENS, CAIRO].sort());
  expect(partners.every((p: { isInMultiTenantOrganization: boolean }) => p.isInMultiTenantOrganization)).toBe(true);

  // Promote Berlin: the change shows in transitionDetails before it applies.
  await cairo.api(`${MTO}/tenants/${BERLIN}`).patch({ role: "owner" });
  expect(await cairo.api(`${MTO}/tenants/${BERLIN}`).get()).toMatchObject({ role: "member", transitionDetails: { desiredRole: "owner", status: "notStarted" } });
  await em.advance(500);
  expect(await cairo.api(`${MTO}/tenants/${BERLIN}`).get()).toMatchObject({ role: "owner", transitionDetails: null });

  // Athens leaves; after the removal finishes its member object is gone.
  await athens.api(`${MTO}/tenants/${ATHENS}`).delete();
  expect((await cairo.api(`${MTO}/tenants/${ATHENS}`).get()).transitionDetails).toMatchObject({ desiredState: "removed" });
  await em.advance(500);
  await expect(cairo.api(`${MTO}/tenants/${ATHENS}`).get()).rejects.toMatchObject({ statusCode: 404, code: "Directory_ObjectNotFound" });
  expect((await athens.api(MTO).get()).state).toBe("inactive");

  // Cairo cannot remove Berlin while it is an owner; demote it, remove it, then Cairo leaves last.
  await expect(cairo.api(`${MTO}/tenants/${BERLIN}`).delete()).rejects.toMatchObject({ statusCode: 400 });
  await cairo.api(`${MTO}/tenants/${BERLIN}`).patch({ role: "member" });
  await em.advance(500);
  await cairo.api(`${MTO}/tenants/${BERLIN}`).delete();
  await em.advance(500);
  await cairo.api(`${MTO}/tenants/${CAIRO}`).delete();
  await em.advance(500);
  expect((await cairo.api(MTO).get()).state).toBe("inactive");
  expect(em.emulator.state.orgs).toEqual({});
});
