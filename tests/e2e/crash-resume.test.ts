// Crash and resume with the pinned Pulumi CLI: `pulumi up` is killed (SIGKILL for the CLI, its
// language host, the program and the dynamic-provider process) at three moments, each found from
// the emulator's request log and held by its clock: after Graph took the POSTs of the members but
// before Pulumi heard back; while the topology waits for the joins; while a tenant's departure runs.
// Then the user's steps (README, "Crash and resume"): `pulumi cancel`, `pulumi refresh
// --clear-pending-creates`, `pulumi up`. The resumed run converges with no second write of what
// the killed run already asked Graph for: no second POST of a member, no second join, no second
// removal; Graph holds each tenant once, and Pulumi one resource per Graph object, none pending.
import { DEFAULT_WORLD } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/emulator";
import { type Deployment, GraphProcess, type PulumiCli, stackOn, until } from "./interrupt";

jest.setTimeout(180_000);
const [CAIRO, BERLIN, ATHENS] = DEFAULT_WORLD.tenants.map((t) => t.id);
const MTO = "/tenantRelationships/multiTenantOrganization";
const TYPE = "pulumi-nodejs:dynamic/entra-mto:";
const UP = ["up", "--yes", "--skip-preview"];
/** What docs/reliability.md tells the user to run after a killed `up`, before `pulumi up`. */
const RECOVER = [
  ["cancel", "--yes"],
  ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"],
];
let graph: GraphProcess;

beforeAll(async () => {
  graph = await GraphProcess.start();
});
afterAll(async () => graph?.dispose());
beforeEach(async () => graph.reset());

const memberPosts = (log: RequestLogEntry[]) => log.filter((e) => e.method === "POST" && e.path === `${MTO}/tenants`);
/** Tenants that submitted a join (PATCH of their join request with an owner), sorted. */
const joinsBy = (log: RequestLogEntry[]) =>
  log
    .filter((e) => e.method === "PATCH" && e.path === `${MTO}/joinRequest`)
    .map((e) => e.tenantId)
    .sort();
const removalsOf = (log: RequestLogEntry[], tenantId: string) => log.filter((e) => e.method === "DELETE" && e.path === `${MTO}/tenants/${tenantId}`);
const pending = (d: Deployment) => (d.pending_operations ?? []).map((op) => `${op.type} ${op.resource.type}::${op.resource.urn.split("::").pop()}`).sort();
const count = (d: Deployment, type: string) => d.resources.filter((r) => r.type === `${TYPE}${type}`).length;

/** Graph: one organization of Cairo holding exactly `members` (tenant ids), every one active. */
async function expectOrganization(members: string[]) {
  const s = await graph.state();
  const orgs = Object.values(s.orgs);
  expect(orgs).toHaveLength(1);
  expect(orgs[0].creatorTenantId).toBe(CAIRO);
  expect(Object.keys(orgs[0].members).sort()).toEqual([CAIRO, ...members].sort());
  expect(Object.values(orgs[0].members).map((m) => m.state)).toEqual(Object.keys(orgs[0].members).map(() => "active"));
  for (const id of [CAIRO, ...members]) expect(s.tenants[id].orgId).toBe(orgs[0].id);
  expect(s.jobs).toEqual([]);
}

async function killWhen(cli: PulumiCli, what: string, moment: () => Promise<boolean>) {
  const run = cli.start(UP);
  await until(what, async () => {
    if (run.child.exitCode !== null) throw new Error(`pulumi up ended before ${what}:\n${run.output()}`);
    return moment();
  });
  const killed = await run.kill();
  // The CLI, the language host, the program and the provider (a shell and its node) were running.
  expect(killed.length).toBeGreaterThanOrEqual(4);
  return run.output();
}

test("killed after Graph took the members' POSTs, before Pulumi heard back: the resumed up adopts them, no second POST", async () => {
  const { engine, cli } = await stackOn(graph, "resources");
  try {
    // Graph applies each member's POST at once and holds its answer: Pulumi never learns of it.
    await graph.admin("PUT", "/faults", { seed: 1, rules: [{ kind: "latency", match: `^POST ${MTO}/tenants$`, rate: 1, ms: 20_000, times: 2 }] });
    await killWhen(cli, "both members' POSTs", async () => memberPosts(await graph.log()).filter((e) => e.status === 201).length === 2);
    await graph.admin("DELETE", "/faults");

    // Graph has both members (pending); Pulumi has them only as pending creates.
    expect(Object.keys(Object.values((await graph.state()).orgs)[0].members).sort()).toEqual([CAIRO, BERLIN, ATHENS].sort());
    expect(pending(await cli.deployment())).toEqual([`creating ${TYPE}MultiTenantOrganizationMember::athens`, `creating ${TYPE}MultiTenantOrganizationMember::berlin`]);

    // The killed run's lock stays: the stack refuses every update until `pulumi cancel`.
    const locked = await cli.run(UP);
    expect(locked.code).not.toBe(0);
    expect(locked.output).toMatch(/the stack is currently locked by 1 lock\(s\)[\s\S]*pulumi cancel/);

    for (const step of RECOVER) await cli.ok(step);
    expect(pending(await cli.deployment())).toEqual([]);
    const mark = (await graph.log()).length;
    const out = await cli.ok(UP);
    expect(out).not.toMatch(/pending operations/);

    const resumed = (await graph.log()).slice(mark);
    expect(memberPosts(resumed)).toEqual([]);
    expect(out).toMatch(/already in the organization of .*: adopting it/);
    expect(joinsBy(resumed)).toEqual([ATHENS, BERLIN].sort());
    expect(memberPosts(await graph.log())).toHaveLength(2);
    await expectOrganization([BERLIN, ATHENS]);
    const d = await cli.deployment();
    expect([count(d, "MultiTenantOrganization"), count(d, "MultiTenantOrganizationMember"), count(d, "MultiTenantOrganizationJoinRequest")]).toEqual([1, 2, 2]);
    expect(pending(d)).toEqual([]);
    await cli.ok(["preview", "--refresh", "--expect-no-changes"]);
  } finally {
    await cli.stopAll();
    await engine.dispose();
  }
});

test("killed while the topology waits for the joins: the resumed up waits for the same joins, no second join", async () => {
  const { engine, cli } = await stackOn(graph, "walkthrough");
  try {
    // Both joins are submitted; Graph's clock stops before either completes.
    graph.holdWhen((s) => s.jobs.some((j) => j.kind === "join"));
    await killWhen(cli, "both joins submitted and held", async () => graph.held && joinsBy(await graph.log()).length === 2);
    expect(
      (await graph.state()).jobs
        .filter((j) => j.kind === "join")
        .map((j) => j.tenantId)
        .sort(),
    ).toEqual([ATHENS, BERLIN].sort());
    expect(pending(await cli.deployment())).toEqual([`creating ${TYPE}MultiTenantOrganizationMembership::seed-membership`]);

    for (const step of RECOVER) await cli.ok(step);
    expect(pending(await cli.deployment())).toEqual([]);
    const mark = (await graph.log()).length;
    const run = cli.start(UP);
    // The resumed run reads both joins as still being processed and waits; only then does Graph's
    // clock move on.
    await until("the resumed up reading both joins", async () => {
      const reads = (await graph.log()).slice(mark).filter((e) => e.method === "GET" && e.path === `${MTO}/joinRequest`);
      return [BERLIN, ATHENS].every((t) => reads.some((e) => e.tenantId === t));
    });
    graph.release();
    const result = await run.done;
    expect(result.code).toBe(0);

    const log = await graph.log();
    expect(joinsBy(log.slice(mark))).toEqual([]);
    expect(joinsBy(log)).toEqual([ATHENS, BERLIN].sort());
    expect(memberPosts(log)).toHaveLength(2);
    await expectOrganization([BERLIN, ATHENS]);
    // Trust is in place: a partner configuration in each tenant toward each other one, once.
    const s = await graph.state();
    for (const id of [CAIRO, BERLIN, ATHENS]) expect(Object.keys(s.tenants[id].partners).sort()).toEqual([CAIRO, BERLIN, ATHENS].filter((x) => x !== id).sort());
    const d = await cli.deployment();
    expect(pending(d)).toEqual([]);
    expect([count(d, "MultiTenantOrganizationMembership"), count(d, "CrossTenantAccessPartner")]).toEqual([1, 6]);
    await cli.ok(["preview", "--refresh", "--expect-no-changes"]);
  } finally {
    await cli.stopAll();
    await engine.dispose();
  }
});

test("killed while a tenant leaves: the resumed up waits for the same departure, no second removal", async () => {
  const { engine, cli } = await stackOn(graph, "resources");
  try {
    await cli.ok(UP);
    await engine.stack.setConfig("includeAthens", { value: "false" });
    const mark0 = (await graph.log()).length;
    graph.holdWhen((s) => s.jobs.some((j) => j.kind === "removal"));
    await killWhen(cli, "Athens' departure submitted and held", async () => graph.held && removalsOf((await graph.log()).slice(mark0), ATHENS).length === 1);
    expect((await graph.state()).jobs.map((j) => `${j.kind} ${j.tenantId}`)).toEqual([`removal ${ATHENS}`]);
    expect(pending(await cli.deployment())).toEqual([`deleting ${TYPE}MultiTenantOrganizationJoinRequest::athens-join`]);

    for (const step of RECOVER) await cli.ok(step);
    expect(pending(await cli.deployment())).toEqual([]);
    const mark = (await graph.log()).length;
    const run = cli.start(UP);
    // The resumed run sees the departure under way (Athens reads its own member record) and waits.
    await until("the resumed up reading Athens' departure", async () =>
      (await graph.log()).slice(mark).some((e) => e.method === "GET" && e.path === `${MTO}/tenants/${ATHENS}` && e.tenantId === ATHENS),
    );
    graph.release();
    const result = await run.done;
    expect(result.code).toBe(0);

    const log = (await graph.log()).slice(mark0);
    expect(removalsOf(log, ATHENS).map((e) => e.tenantId)).toEqual([ATHENS]);
    await expectOrganization([BERLIN]);
    expect((await graph.state()).tenants[ATHENS].orgId).toBeNull();
    const d = await cli.deployment();
    expect(pending(d)).toEqual([]);
    expect(d.resources.filter((r) => r.urn.includes("athens"))).toEqual([]);
    await cli.ok(["preview", "--refresh", "--expect-no-changes"]);
  } finally {
    await cli.stopAll();
    await engine.dispose();
  }
});
