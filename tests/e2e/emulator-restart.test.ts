// Graph restarts in the middle of an `up`: the emulator process is SIGKILLed (no graceful stop, no
// last write) while the topology (examples/walkthrough) waits for pending joins, and again while it
// waits for a tenant's departure; it is started again on the same port and data dir a moment later.
// The pending jobs are on disk before the kill, nothing is lost, and the very same `up` converges:
// no second `up` is needed (a no-change refreshing preview follows at once), and nothing is written
// twice (one join per tenant, one removal). Graph dying after it took a write and before it
// answered, and staying down past the provider's retries (made short here through
// ENTRA_MTO_RETRIES), fails the `up`; one more `up` then converges, adopting what Graph took.
import * as fs from "node:fs";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_WORLD } from "../../emulator";
import type { EmulatorState } from "../../emulator/model/state";
import { GraphProcess, type PulumiCli, stackOn, until } from "./interrupt";

jest.setTimeout(180_000);
const [CAIRO, BERLIN, ATHENS] = DEFAULT_WORLD.tenants.map((t) => t.id);
const MTO = "/tenantRelationships/multiTenantOrganization";
const UP = ["up", "--yes", "--skip-preview"];
/** How long Graph stays down while the provider waits (a wait polls through an outage). */
const DOWN_MS = 2_000;
let graph: GraphProcess;

beforeAll(async () => {
  graph = await GraphProcess.start();
});
afterAll(async () => graph?.dispose());
beforeEach(async () => graph.reset());

const memberPosts = (log: { method: string; path: string; status: number }[]) => log.filter((e) => e.method === "POST" && e.path === `${MTO}/tenants`);
const joins = (log: { method: string; path: string; tenantId?: string }[]) =>
  log
    .filter((e) => e.method === "PATCH" && e.path === `${MTO}/joinRequest`)
    .map((e) => e.tenantId)
    .sort();

/** The jobs in the emulator's state file, as a restart will find them. */
const jobsOnDisk = () => (JSON.parse(fs.readFileSync(path.join(graph.dataDir, "state.json"), "utf8")) as EmulatorState).jobs.map((j) => `${j.kind} ${j.tenantId}`).sort();

/**
 * Runs `up`; once `pending` shows in Graph's log and the clock holds the job, kills Graph, keeps it
 * down for DOWN_MS, starts it again, and lets the clock move once the provider is polling the new
 * process (`polling`). Returns the output of the `up`, which must succeed.
 */
async function upThroughRestart(
  cli: PulumiCli,
  expectedJobs: string[],
  pending: (log: Awaited<ReturnType<GraphProcess["log"]>>) => boolean,
  polling: (e: { method: string; path: string; tenantId?: string }) => boolean,
) {
  const run = cli.start(UP);
  await until("the pending job", async () => {
    if (run.child.exitCode !== null) throw new Error(`pulumi up ended too early:\n${run.output()}`);
    return graph.held && pending(await graph.log());
  });
  expect(jobsOnDisk()).toEqual(expectedJobs);
  const downAt = await graph.kill();
  await sleep(DOWN_MS);
  expect(run.child.exitCode).toBeNull(); // the up rides out the outage
  await graph.start();
  expect((await graph.state()).jobs.map((j) => `${j.kind} ${j.tenantId}`).sort()).toEqual(expectedJobs);
  await until("the provider polling the restarted Graph", async () => (await graph.log()).slice(downAt).some((e) => e.method === "GET" && polling(e)));
  graph.release();
  const result = await run.done;
  if (result.code !== 0) throw new Error(`pulumi up failed across the restart:\n${result.output}`);
  return result.output;
}

test("Graph restarts while joins and then a departure are pending: the same up converges, nothing lost or repeated", async () => {
  const { engine, cli } = await stackOn(graph, "walkthrough");
  try {
    // From nothing: Graph goes down while Berlin's and Athens' joins are pending.
    graph.holdWhen((s) => s.jobs.some((j) => j.kind === "join"));
    await upThroughRestart(
      cli,
      [`join ${ATHENS}`, `join ${BERLIN}`].sort(),
      (log) => joins(log).length === 2,
      (e) => e.path === `${MTO}/joinRequest`,
    );
    let s = await graph.state();
    const org = Object.values(s.orgs)[0];
    expect(
      Object.values(org.members)
        .map((m) => `${m.tenantId} ${m.state}`)
        .sort(),
    ).toEqual([CAIRO, BERLIN, ATHENS].map((t) => `${t} active`).sort());
    expect(joins(await graph.log())).toEqual([ATHENS, BERLIN].sort());
    for (const id of [CAIRO, BERLIN, ATHENS]) expect(Object.keys(s.tenants[id].partners).sort()).toEqual([CAIRO, BERLIN, ATHENS].filter((x) => x !== id).sort());
    await cli.ok(["preview", "--refresh", "--expect-no-changes"]);

    // Athens leaves: Graph goes down while its removal is pending.
    await engine.stack.setConfig("members", { value: JSON.stringify({ berlin: { displayName: "Berlin" } }) });
    graph.holdWhen((st) => st.jobs.some((j) => j.kind === "removal"));
    const removals = (log: { method: string; path: string }[]) => log.filter((e) => e.method === "DELETE" && e.path === `${MTO}/tenants/${ATHENS}`);
    await upThroughRestart(
      cli,
      [`removal ${ATHENS}`],
      (log) => removals(log).length === 1,
      (e) => e.path === `${MTO}/tenants/${ATHENS}`,
    );
    s = await graph.state();
    expect(Object.keys(Object.values(s.orgs)[0].members).sort()).toEqual([CAIRO, BERLIN].sort());
    expect(s.tenants[ATHENS].orgId).toBeNull();
    expect(s.jobs).toEqual([]);
    expect(removals(await graph.log())).toHaveLength(1);
    await cli.ok(["preview", "--refresh", "--expect-no-changes"]);
    const d = await cli.deployment();
    expect(d.pending_operations ?? []).toEqual([]);
    expect(d.resources.filter((r) => r.urn.includes("athens"))).toEqual([]);
  } finally {
    await cli.stopAll();
    await engine.dispose();
  }
});

test("Graph dies after taking the members' POSTs and stays down past the provider's retries: the up fails; one more up adopts them", async () => {
  // One quick retry instead of six with backoff up to 30 s, so the outage outlasts them at once.
  const { engine, cli } = await stackOn(graph, "resources", { ENTRA_MTO_RETRIES: "1", ENTRA_MTO_RETRY_MIN_MS: "100", ENTRA_MTO_RETRY_MAX_MS: "200", ENTRA_MTO_CONFIRM_MS: "500" });
  try {
    // Graph applies each member's POST and holds its answer; it dies before answering.
    await graph.admin("PUT", "/faults", { seed: 1, rules: [{ kind: "latency", match: `^POST ${MTO}/tenants$`, rate: 1, ms: 20_000, times: 2 }] });
    const run = cli.start(UP);
    await until("both members' POSTs", async () => {
      if (run.child.exitCode !== null) throw new Error(`pulumi up ended too early:\n${run.output()}`);
      return memberPosts(await graph.log()).filter((e) => e.status === 201).length === 2;
    });
    const downAt = await graph.kill();
    const failed = await run.done;
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/adding (berlin|athens) \(.*\) to the organization of cairo \(.*\): .* network error/);
    // A failed run, unlike a killed one, leaves no lock and no pending operation.
    expect((await cli.deployment()).pending_operations ?? []).toEqual([]);
    await graph.start();
    const members = Object.keys(Object.values((await graph.state()).orgs)[0].members).sort();
    expect(members).toEqual([CAIRO, BERLIN, ATHENS].sort());

    // One more up: the members Graph took are adopted, not added again.
    const out = await cli.ok(UP);
    expect(out).toMatch(/already in the organization of .*: adopting it/);
    const log = await graph.log();
    expect(memberPosts(log.slice(downAt))).toEqual([]);
    expect(joins(log)).toEqual([ATHENS, BERLIN].sort());
    const s = await graph.state();
    expect(
      Object.values(Object.values(s.orgs)[0].members)
        .map((m) => `${m.tenantId} ${m.state}`)
        .sort(),
    ).toEqual([CAIRO, BERLIN, ATHENS].map((t) => `${t} active`).sort());
    await cli.ok(["preview", "--refresh", "--expect-no-changes"]);
  } finally {
    await cli.stopAll();
    await engine.dispose();
  }
});
