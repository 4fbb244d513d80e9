// The job log: each asynchronous job with its submission, start (a join waits for its organization),
// due time and outcome; durations set per kind; the critical path; the admin API's view of it.
import { criticalPathMs } from "../../emulator";
import { ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";

const MTO = "/tenantRelationships/multiTenantOrganization";
const MIN = 60_000;
let em: TestEmulator;
beforeAll(async () => {
  // Realistic durations with the join set to 4 hours, at a tenth of their length.
  em = await testEmulator({ profile: "realistic", timeScale: 0.1, durations: { join: 240 * MIN } });
});
afterAll(async () => em?.dispose());

test("creation, a join that waits for it, a failed join and a cancelled role change, with their times", async () => {
  const t0 = em.emulator.clock.now();
  await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
  await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: BERLIN, displayName: "Berlin" });
  await em.advance(6_000);
  // Submitted before the organization is provisioned (3 min × 0.1 = 18 s): starts when it is.
  await em.call(BERLIN, "PATCH", `${MTO}/joinRequest`, { addedByTenantId: CAIRO });
  // Athens was never added: its join fails when it completes.
  await em.call(ATHENS, "PATCH", `${MTO}/joinRequest`, { addedByTenantId: CAIRO });
  const [create, join, refused] = em.emulator.jobs.records;
  expect(create).toMatchObject({ kind: "create", tenantId: CAIRO, submittedAt: t0, startedAt: t0, dueAt: t0 + 18_000, durationMs: 18_000, outcome: "pending" });
  expect(join).toMatchObject({
    kind: "join",
    tenantId: BERLIN,
    orgId: create.orgId,
    submittedAt: t0 + 6_000,
    startedAt: t0 + 18_000,
    durationMs: 24 * MIN,
    dueAt: t0 + 18_000 + 24 * MIN,
    outcome: "pending",
  });

  await em.advance(24 * MIN + 12_000);
  expect(create.outcome).toBe("completed");
  expect(join.outcome).toBe("completed");
  expect(refused).toMatchObject({ tenantId: ATHENS, outcome: "failed" });
  expect(refused.details).toMatch(/has not been added/);
  expect(criticalPathMs(em.emulator.jobs.records)).toBe(18_000 + 24 * MIN);

  // A role change asked back before it applied is cancelled, and not on the critical path.
  await em.call(CAIRO, "PATCH", `${MTO}/tenants/${BERLIN}`, { role: "owner" });
  await em.call(CAIRO, "PATCH", `${MTO}/tenants/${BERLIN}`, { role: "member" });
  const roleChange = em.emulator.jobs.records.find((r) => r.kind === "roleChange")!;
  await em.advance(60_000);
  expect(roleChange.outcome).toBe("cancelled");

  // The loopback admin API shows the same record.
  const body = (await (await fetch(`${em.url}/_emulator/jobs`)).json()) as { jobs: unknown; criticalPathMs: number; now: number };
  expect(body.jobs).toEqual(JSON.parse(JSON.stringify(em.emulator.jobs.records)));
  expect(body.criticalPathMs).toBe(18_000 + 24 * MIN);
  expect(body.now).toBe(em.emulator.clock.now());

  em.emulator.reset();
  expect(em.emulator.jobs.records).toEqual([]);
});

test("durations must be non-negative numbers", async () => {
  await expect(testEmulator({ durations: { join: -1 } })).rejects.toThrow(/duration of join jobs/);
});
