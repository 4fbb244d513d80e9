// Every handler of the three resources against the emulator, in the order of the seed walkthrough,
// plus adoption, failure recovery, owner removal and coalesced reads.
import { joinRequestHandler } from "../../provider/resources/organization/join-request";
import { memberHandler } from "../../provider/resources/organization/member";
import { organizationHandler } from "../../provider/resources/organization/organization";
import type { TestEmulator } from "../emulator/harness";
import { ATHENS, BERLIN, CAIRO, DENVER, calls, providerEmulator } from "./fixture";

jest.setTimeout(60_000);
const MTO = "/tenantRelationships/multiTenantOrganization";
let em: TestEmulator;
let org: ReturnType<typeof organizationHandler>;
let member: ReturnType<typeof memberHandler>;
let join: ReturnType<typeof joinRequestHandler>;
beforeEach(async () => {
  const started = await providerEmulator();
  em = started;
  org = organizationHandler(started.ctx);
  member = memberHandler(started.ctx);
  join = joinRequestHandler(started.ctx);
});
afterEach(async () => em?.dispose());

test("organization, members and joins: create, read, update, delete", async () => {
  const o = await org.create({ tenant: "cairo", displayName: "Cairo", description: "walkthrough" });
  expect(o).toMatchObject({ id: CAIRO, outs: { state: "active", converged: true, tenantId: CAIRO, displayName: "Cairo" } });

  const b = await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
  const a = await member.create!({ tenant: "cairo", memberTenantId: ATHENS, displayName: "Athens" });
  expect(b).toMatchObject({ id: `${CAIRO}/${BERLIN}`, outs: { state: "pending", role: "member", converged: true } });

  const jb = await join.create!({ tenant: "berlin", addedByTenantId: CAIRO });
  const ja = await join.create!({ tenant: "athens", addedByTenantId: CAIRO });
  expect(jb.outs).toMatchObject({ memberState: "active", role: "member", transitionStatus: null });

  // Refresh of both members costs one list call, not two.
  const before = calls(em, `GET ${MTO}/tenants`);
  const [rb, ra] = await Promise.all([member.read!(b.id, b.outs as never), member.read!(a.id, a.outs as never)]);
  expect(calls(em, `GET ${MTO}/tenants`) - before).toBe(1);
  expect(rb.props).toMatchObject({ state: "active", joinedDateTime: expect.any(String) });
  expect(ra.props).toMatchObject({ state: "active" });

  // Promote Berlin and demote it back: update waits for the role to apply.
  const promote = await member.diff!(b.id, rb.props as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "owner" });
  expect(promote).toMatchObject({ changes: true, replaces: [] });
  const promoted = await member.update!(b.id, rb.props as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "owner" });
  expect(promoted.outs).toMatchObject({ role: "owner", converged: true });
  const demoted = await member.update!(b.id, promoted.outs as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "member" });
  expect(demoted.outs).toMatchObject({ role: "member", converged: true });

  // No change: diff says so.
  expect(await member.diff!(b.id, demoted.outs as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "member" })).toMatchObject({ changes: false });
  // A new name is no replacement: Graph cannot rename a member, and check refuses it.
  expect((await member.check!(demoted.outs as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin 2" } as never)).failures).toEqual([
    { property: "displayName", reason: expect.stringMatching(/Graph cannot rename a tenant/) },
  ]);

  // Organization update and read.
  const renamed = await org.update!(CAIRO, o.outs as never, { tenant: "cairo", displayName: "Cairo group" });
  expect(renamed.outs).toMatchObject({ displayName: "Cairo group" });
  expect((await org.read!(CAIRO, renamed.outs as never)).props).toMatchObject({ displayName: "Cairo group", state: "active" });

  // Athens leaves (its join request goes first), then the owner's member resource finds it gone.
  await join.delete!(ATHENS, ja.outs as never);
  expect((await join.read!(ATHENS, ja.outs as never)).id).toBe("");
  await member.delete!(a.id, a.outs as never);
  expect((await member.read!(a.id, a.outs as never)).id).toBe("");

  // Teardown in dependency order ends the organization.
  await join.delete!(BERLIN, jb.outs as never);
  await member.delete!(b.id, demoted.outs as never);
  await org.delete!(CAIRO, renamed.outs as never);
  expect(em.emulator.state.orgs).toEqual({});
  expect((await org.read!(CAIRO, renamed.outs as never)).id).toBe("");
  // Deleting what is already gone succeeds.
  await org.delete!(CAIRO, renamed.outs as never);
  await member.delete!(b.id, demoted.outs as never);
});

test("create adopts what exists: the organization, an added member, an active join", async () => {
  const cairo = em.graph(CAIRO);
  await cairo.api(MTO).put({ displayName: "Made by hand" });
  // A member tenant cannot adopt the organization it belongs to as its own.
  await cairo.api(`${MTO}/tenants`).post({ tenantId: ATHENS, displayName: "Athens" });
  await join.create!({ tenant: "athens", addedByTenantId: CAIRO });
  await expect(org.create({ tenant: "athens", displayName: "Athens" })).rejects.toThrow(/member tenant of the organization 'Made by hand', not its owner/);
  await cairo.api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  const o = await org.create({ tenant: "cairo", displayName: "Cairo" });
  expect(o.outs).toMatchObject({ displayName: "Cairo", state: "active" });
  // Results must be plain JSON: Pulumi's protobuf structs reject undefined (no description here).
  expect(o.outs).toEqual(JSON.parse(JSON.stringify(o.outs)));
  const m = await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "owner" });
  expect(m.outs).toMatchObject({ role: "owner", state: "pending" });
  await em.graph(BERLIN).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  const j = await join.create!({ tenant: "berlin", addedByTenantId: CAIRO });
  expect(j.outs).toMatchObject({ memberState: "active" });
});

test("a join refused for a reason resubmitting cannot fix fails at once with the reason; fixed, it converges", async () => {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  // Denver submits before Cairo adds it: Graph refuses; no resubmission loop for the timeout.
  const started = Date.now();
  const err = await join.create!({ tenant: "denver", addedByTenantId: CAIRO, timeouts: { create: "10m" } }).catch((e) => e);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(err).toMatchObject({ id: DENVER, properties: { transitionStatus: "failed" } });
  expect(err.message).toMatch(/refused by Graph \(The tenant has not been added.*must first add this tenant/);
  expect(calls(em, `PATCH ${MTO}/joinRequest`)).toBe(1);
  // The owner adds it: the next attempt resets the failed record and joins.
  await member.create!({ tenant: "cairo", memberTenantId: DENVER, displayName: "Denver" });
  const j = await join.update!(DENVER, err.properties, { tenant: "denver", addedByTenantId: CAIRO });
  expect(j.outs).toMatchObject({ memberState: "active" });
  expect(calls(em, `PATCH ${MTO}/joinRequest`)).toBe(3); // join, reset, join
});

test("a join that cannot converge in time is recorded as created and pending, with Graph's words", async () => {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  await member.create!({ tenant: "cairo", memberTenantId: DENVER, displayName: "Denver" });
  const err = await join.create!({ tenant: "denver", addedByTenantId: CAIRO, timeouts: { create: "100ms" } }).catch((e) => e);
  expect(err).toMatchObject({ id: DENVER, properties: { memberState: "pending" } });
  expect(err.message).toMatch(/timed out .*Graph last reported: pending \((notStarted|running)\).*run `pulumi up` again/);
});

test("the accepted wait policy returns at once; diff then reports the pending join as a change", async () => {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
  const j = await join.create!({ tenant: "berlin", addedByTenantId: CAIRO, wait: "accepted" });
  expect(j.outs).toMatchObject({ memberState: "pending", transitionStatus: "notStarted" });
  expect(await join.diff!(BERLIN, j.outs as never, { tenant: "berlin", addedByTenantId: CAIRO, wait: "accepted" })).toMatchObject({ changes: true });
  const done = await join.update!(BERLIN, j.outs as never, { tenant: "berlin", addedByTenantId: CAIRO });
  expect(done.outs).toMatchObject({ memberState: "active" });
});

test("removing an owner member demotes it first", async () => {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  const m = await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
  await join.create!({ tenant: "berlin", addedByTenantId: CAIRO });
  const owner = await member.update!(m.id, m.outs as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "owner" });
  await member.delete!(m.id, owner.outs as never);
  expect((await em.graph(CAIRO).api(`${MTO}/tenants`).get()).value.map((x: { tenantId: string }) => x.tenantId)).toEqual([CAIRO]);
  expect(calls(em, `PATCH ${MTO}/tenants/{id}`)).toBe(2); // promote, then demote before removal
});

test("join request edge branches: a failed join is reset on delete; a tenant active elsewhere is refused", async () => {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  // Denver was never added: its join fails and stays recorded as pending.
  const failed = await join.create!({ tenant: "denver", addedByTenantId: CAIRO, timeouts: { create: "1s" } }).catch((e) => e);
  expect((await em.graph(DENVER).api(`${MTO}/joinRequest`).get()).transitionDetails.status).toBe("failed");
  await join.delete!(DENVER, failed.properties);
  expect(await em.graph(DENVER).api(`${MTO}/joinRequest`).get()).toMatchObject({ memberState: null, transitionDetails: null });

  // Berlin is active in Cairo's organization; a join toward Denver's is refused with the reason.
  await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
  await join.create!({ tenant: "berlin", addedByTenantId: CAIRO });
  await expect(join.create!({ tenant: "berlin", addedByTenantId: DENVER })).rejects.toThrow(
    new RegExp(
      `^berlin \\(Berlin, ${BERLIN}\\) is already active in the organization of cairo \\(Cairo, ${CAIRO}\\); remove it there before joining denver \\((Denver, )?${DENVER}\\)$`,
    ),
  );
});

test("updating a member someone removed by hand says how to recover", async () => {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  const m = await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
  await em.graph(CAIRO).api(`${MTO}/tenants/${BERLIN}`).delete();
  await new Promise((r) => setTimeout(r, 500));
  await expect(member.update!(m.id, m.outs as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "owner" })).rejects.toThrow(
    /no longer in the organization.*pulumi refresh/,
  );
});

test("an undeclared organization description is not managed: not drift, not cleared", async () => {
  const o = await org.create({ tenant: "cairo", displayName: "Cairo" });
  await em.graph(CAIRO).api(MTO).patch({ description: "set by hand" });
  const read = await org.read!(CAIRO, o.outs as never);
  expect(read.props).toMatchObject({ description: "set by hand" });
  expect(await org.diff!(CAIRO, read.props as never, { tenant: "cairo", displayName: "Cairo" })).toMatchObject({ changes: false });
  await org.update!(CAIRO, read.props as never, { tenant: "cairo", displayName: "Cairo 2" });
  expect(await em.graph(CAIRO).api(MTO).get()).toMatchObject({ displayName: "Cairo 2", description: "set by hand" });
});
