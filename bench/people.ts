// People (issue #17): `pulumi up` of examples/people from nothing (Cairo creates the organization,
// Berlin joins, Cairo's "Sync pilots" are synchronized into Berlin with wait: synchronized), on the
// emulator's realistic profile time-scaled, the provider's poll schedule scaled alike. Its wall time,
// and the time until the last of the people is visible in Berlin, are divided by the floor measured
// in the same run: the critical path of Graph's transitions (the organization's creation, then the
// join) plus what synchronization cannot go faster than (the new configuration's replication, then
// the first cycle). Also: how often the job was read while waiting, and Graph calls by route.
import type { ProvisioningObjectSummary, User } from "../contract/sync";
import { builtInId, criticalPathMs } from "../emulator";
import { jobDuration } from "../emulator/model/timing";
import { BERLIN, CAIRO, benchEmulator, callsByRoute, exampleStack, isGraphCall, seconds } from "./harness";
import type { Bench } from "./result";

/** Realistic durations times this: full, the 68.5-minute floor takes 82 s; smoke, 2 s. */
const scaleOf = (smoke: boolean) => (smoke ? 0.0005 : 0.02);
const RATIO_LIMIT = 1.25;
/** Reads of the job while waiting for a first cycle of 5 minutes: the poll schedule's 14 for 3 minutes, and a few more. */
const READS_LIMIT = 20;
/** A read of one job (its id, with dots, is in the route as the log shows it). */
const JOB_READ = /^GET \/servicePrincipals\/\{id\}\/synchronization\/jobs\/[^/]+$/;

export const bench: Bench = async ({ smoke, log }) => {
  const scale = scaleOf(smoke);
  const em = await benchEmulator({ profile: "realistic", timeScale: scale });
  const { stack, dispose } = await exampleStack({ example: "people", name: "people", em, scale, smoke, tenants: { cairo: CAIRO, berlin: BERLIN } }).catch(async (err) => {
    await em.dispose();
    throw err;
  });
  try {
    await stack.setAllConfig({
      scope: { value: JSON.stringify({ groups: [builtInId(CAIRO, "group", 1)] }) },
      wait: { value: "synchronized" },
    });
    em.emulator.clearLog();
    log(`people: pulumi up of examples/people, realistic durations × ${scale}`);
    const upStartedAt = Date.now();
    await stack.up();
    const upEndedAt = Date.now();
    const calls = [...em.emulator.log];

    // When the people arrived: the provisioning log's creations (whole seconds), and Berlin's users.
    const events = (await em.graph(CAIRO).call<{ value: ProvisioningObjectSummary[] }>({ method: "GET", path: "/auditLogs/provisioning", permissions: [] })).value;
    const created = events.filter((e) => e.provisioningAction === "create" && e.provisioningStatusInfo.status === "success");
    const visibleAt = Math.max(...created.map((e) => Date.parse(e.activityDateTime)));
    const arrived = (await em.graph(BERLIN).call<{ value: User[] }>({ method: "GET", path: "/users", permissions: [] })).value.filter(
      (u) => u.userPrincipalName.includes("#EXT#") && u.userType === "Member",
    );

    const transitions = criticalPathMs(em.emulator.jobs.records);
    const synchronization = jobDuration("realistic", scale, "replication") + jobDuration("realistic", scale, "initialCycle");
    const floor = transitions + synchronization;
    const wall = upEndedAt - upStartedAt;
    const reads = calls.filter((e) => JOB_READ.test(e.route)).length;
    const asGraph = (ms: number) => seconds(ms / scale);
    return {
      id: "people",
      title: "People: pulumi up until Cairo's pilots are members of Berlin, against the critical path (join, replication, first cycle)",
      goals: [
        { metric: "up wall time / critical path with the first cycle", value: Math.round((wall / floor) * 1000) / 1000, limit: RATIO_LIMIT, kind: "max", unit: "×" },
        { metric: "reads of the job while waiting for its first cycle", value: reads, limit: READS_LIMIT, kind: "max", unit: "reads" },
      ],
      details: [
        {
          columns: ["figure", "seconds", "as on Graph (÷ scale), s"],
          rows: [
            ["pulumi up, wall time", seconds(wall), asGraph(wall)],
            ["people visible in Berlin, after up began", seconds(visibleAt - upStartedAt), asGraph(visibleAt - upStartedAt)],
            ["floor: organization created, Berlin joined", seconds(transitions), asGraph(transitions)],
            ["floor: configuration replicated, first cycle", seconds(synchronization), asGraph(synchronization)],
          ],
        },
        {
          columns: ["people", "count"],
          rows: [
            ["created in Berlin by the first cycle", created.length],
            ["external members in Berlin after up", arrived.length],
          ],
        },
        { columns: ["Graph and identity calls by route", "calls"], rows: [...callsByRoute(calls), ["total", calls.length]] },
      ],
      notes: [
        `Realistic durations × ${scale}: 3 min creation, 60 min join, 30 s replication, 5 min first cycle; the provider polled on its schedule × ${scale}. The engine's own time does not shrink: a smaller scale inflates the ratio.`,
        `The people were visible ${seconds(upEndedAt - visibleAt)} s before up ended: the wait sees the cycle at its next poll, then the engine finishes. Provisioning-log times have whole seconds.`,
        `${calls.filter(isGraphCall).length} Graph calls in all.`,
      ],
    };
  } finally {
    await em.dispose();
    dispose();
  }
};
