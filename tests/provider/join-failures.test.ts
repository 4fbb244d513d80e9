// Which join failures end the operation at once, and which are resubmitted: judged by what Graph
// shows the joining tenant and the owner, with the failure's text a hint only. The emulator's
// `documented` join failures say "DirectoryService Exception" whatever the cause, as Graph's page
// does: the provider must still tell the causes apart.
import { DEFAULT_WORLD } from "../../emulator";
import type { MultiTenantOrganizationMember } from "../../contract/wire";
import { joinRequestHandler } from "../../provider/resources/organization/join-request";
import { type JoinEvidence, judgeJoinFailure } from "../../provider/operations/join-failures";
import { type TestEmulator, testEmulator } from "../emulator/harness";
import { ATHENS, BERLIN, CAIRO, DENVER, contextFrom, tenantsConfig } from "./fixture";

const member = (tenantId: string, extra: Partial<MultiTenantOrganizationMember> = {}): MultiTenantOrganizationMember => ({
  tenantId,
  displayName: tenantId.slice(0, 8),
  role: "member",
  state: "active",
  addedByTenantId: CAIRO,
  addedDateTime: "2026-01-01T00:00:00Z",
  joinedDateTime: "2026-01-01T00:00:00Z",
  transitionDetails: null,
  ...extra,
});
const owner = member(CAIRO, { role: "owner" });
const evidence = (extra: Partial<JoinEvidence>): JoinEvidence => ({
  details: "DirectoryService Exception",
  joiningTenantId: ATHENS,
  ownerTenantId: CAIRO,
  maxActiveTenants: 100,
  ...extra,
});

describe("judged by state, whatever the text", () => {
  // Texts the provider has never seen, Graph's documented one among them.
  const TEXTS = ["DirectoryService Exception", "", null, "Operation failed with error code 0x80004005", "Une erreur s'est produite."];

  test.each(TEXTS)("details %p: a full organization is refused at once, naming its active tenants", (details) => {
    const j = judgeJoinFailure(evidence({ details, ownerMembers: [owner, member(BERLIN), member(ATHENS, { state: "pending" })], maxActiveTenants: 2 }));
    expect(j).toMatchObject({ cause: "activeTenantLimit", healable: false, basis: "state" });
    expect(j.advice).toMatch(/2 active tenants, its limit of 2/);
  });

  test.each(TEXTS)("details %p: a tenant the owner never added is refused at once", (details) => {
    expect(judgeJoinFailure(evidence({ details, ownerMembers: [owner, member(BERLIN)] }))).toMatchObject({ cause: "notAddedByOwner", healable: false, basis: "state" });
    // Added, but by another owner: the join must name that one.
    const byBerlin = judgeJoinFailure(evidence({ details, ownerMembers: [owner, member(ATHENS, { state: "pending", addedByTenantId: BERLIN })] }));
    expect(byBerlin).toMatchObject({ cause: "notAddedByOwner", healable: false });
    expect(byBerlin.advice).toContain(BERLIN);
  });

  test.each(TEXTS)("details %p: a tenant active in another organization is refused at once, naming that one's owner", (details) => {
    const j = judgeJoinFailure(
      evidence({ details, joining: { active: true, members: [member(DENVER, { role: "owner", displayName: "Denver" }), member(ATHENS)] }, ownerMembers: [owner] }),
    );
    expect(j).toMatchObject({ cause: "inAnotherOrganization", healable: false, basis: "state" });
    expect(j.advice).toContain("Denver");
  });

  test.each(TEXTS)("details %p: nothing observed explains it: resubmitted", (details) => {
    const j = judgeJoinFailure(evidence({ details, joining: { active: false, members: [] }, ownerMembers: [owner, member(ATHENS, { state: "pending" })] }));
    expect(j).toMatchObject({ cause: "transient", healable: true });
  });
});

describe("the text is a hint only", () => {
  test("a text the state contradicts is not believed, or believed with what was seen", () => {
    const room = { joining: { active: false, members: [] }, ownerMembers: [owner, member(ATHENS, { state: "pending" })] };
    // A limit the text speaks of below the configured one: said so, with the count, not resubmitted for hours.
    const limit = judgeJoinFailure(evidence({ ...room, details: "The multitenant organization would exceed the maximum of 3 active tenants." }));
    expect(limit).toMatchObject({ cause: "activeTenantLimit", healable: false, basis: "text" });
    expect(limit.advice).toMatch(/has 1 active tenants, below entra-mto:maxActiveTenants \(100\): Graph's limit may be lower than the setting/);
    expect(judgeJoinFailure(evidence({ ...room, details: "The tenant is already part of a different multitenant organization." }))).toMatchObject({
      cause: "transient",
      healable: true,
    });
    // "Not added" while the owner shows it added: the join job has not seen the addition yet.
    expect(judgeJoinFailure(evidence({ ...room, details: "The tenant has not been added to the multitenant organization of tenant y." }))).toMatchObject({
      cause: "additionNotVisible",
      healable: true,
    });
  });

  test.each([
    ["The multitenant organization would exceed the maximum of 3 active tenants.", "activeTenantLimit"],
    ["Tenant x exceeds the maximum of 100000 internal users per tenant.", "internalUserLimit"],
    ["The tenant has not been added to the multitenant organization of tenant y.", "notAddedByOwner"],
  ])("with no view of the owner, %s decides: %s, not healable, said to be Graph's text", (details, cause) => {
    const j = judgeJoinFailure(evidence({ details }));
    expect(j).toMatchObject({ cause, healable: false, basis: "text" });
    expect(j.advice).toMatch(/Graph.s text says so/);
  });

  test("with no view and no hint: resubmitted", () => {
    expect(judgeJoinFailure(evidence({ details: "DirectoryService Exception" }))).toEqual({ cause: "transient", healable: true, basis: "nothing" });
  });
});

describe("against the emulator answering every failed join with Graph's documented text", () => {
  jest.setTimeout(60_000);
  let em: TestEmulator;
  let join: ReturnType<typeof joinRequestHandler>;
  beforeEach(async () => {
    process.env.ENTRA_MTO_POLL_INITIAL_MS = "50";
    process.env.ENTRA_MTO_POLL_MAX_MS = "200";
    em = await testEmulator({ manualClock: false, profile: "fast", world: { ...DEFAULT_WORLD, joinFailureDetails: "documented", limits: { maxActiveTenants: 2 } } });
    const config: Record<string, string> = { ...tenantsConfig(em.url, { cairo: CAIRO, berlin: BERLIN, athens: ATHENS, denver: DENVER }), "entra-mto:maxActiveTenants": "2" };
    join = joinRequestHandler(contextFrom(config));
  });
  afterEach(async () => em?.dispose());

  const MTO = "/tenantRelationships/multiTenantOrganization";
  const joinsSubmitted = (tenantId: string) => em.emulator.log.filter((e) => e.method === "PATCH" && e.path === `${MTO}/joinRequest` && e.tenantId === tenantId).length;
  const failureOf = async (op: Promise<unknown>) =>
    String(
      (
        (await op.then(
          () => undefined,
          (e) => e,
        )) as { message?: string }
      )?.message ?? "",
    );

  test("at the active-tenant limit the join fails at once, with the active tenants named, after one submission", async () => {
    await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
    await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: BERLIN, displayName: "Berlin" });
    await join.create!({ tenant: "berlin", addedByTenantId: CAIRO } as never);
    await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: ATHENS, displayName: "Athens" });
    em.emulator.clearLog();
    const message = await failureOf(join.create!({ tenant: "athens", addedByTenantId: CAIRO, timeouts: { create: "20s" } } as never));
    expect(message).toContain("DirectoryService Exception");
    expect(message).toMatch(/has 2 active tenants, its limit of 2: .*Cairo.*Berlin/);
    expect(joinsSubmitted(ATHENS)).toBe(1);
  });

  test("a tenant that owns an organization of its own is refused at once, naming it", async () => {
    await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
    await em.call(DENVER, "PUT", MTO, { displayName: "Denver" });
    await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: DENVER, displayName: "Denver" });
    const message = await failureOf(join.create!({ tenant: "denver", addedByTenantId: CAIRO, timeouts: { create: "20s" } } as never));
    expect(message).toMatch(/active in another organization owned by denver/);
    expect(joinsSubmitted(DENVER)).toBe(1);
  });

  test("a tenant the owner never added is refused at once", async () => {
    await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
    const message = await failureOf(join.create!({ tenant: "athens", addedByTenantId: CAIRO, timeouts: { create: "20s" } } as never));
    expect(message).toMatch(/owner's member list does not show the tenant/);
    expect(joinsSubmitted(ATHENS)).toBe(1);
  });
});
