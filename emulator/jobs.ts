// The emulator's record of Graph's asynchronous jobs, for benchmarks and tests: when each was
// submitted, when Graph started it (a join submitted early waits for its organization), when it was
// due, and how it ended. Read off the state after each request (creations from the organizations,
// the rest from the pending jobs), so the model stays as it is. Kept in memory, cleared by a reset.
import type { EmulatorState } from "./model/state";
import type { JobKind } from "./model/timing";

export interface JobRecord {
  /** The job's id; for a creation, the organization's. */
  id: string;
  kind: JobKind;
  orgId: string;
  /** Whom it is about: the creator, the joining tenant, the member changing role or leaving. */
  tenantId: string;
  /** Times in milliseconds of the emulator's clock (the epoch under the real clock). */
  submittedAt: number;
  /** When Graph started it: at submission, or once the organization is provisioned. */
  startedAt: number;
  /** When it completed, or will. */
  dueAt: number;
  durationMs: number;
  outcome: "pending" | "completed" | "failed" | "cancelled";
  /** A failed join: Graph's details. */
  details?: string;
}

export class JobLog {
  records: JobRecord[] = [];
  private pending = new Map<string, JobRecord>();
  private seen = new Set<string>();

  /** Notes new jobs and ended ones; `duration` is how long a job of each kind takes now. */
  update(state: EmulatorState, now: number, duration: (kind: JobKind) => number): void {
    const add = (r: JobRecord) => {
      this.records.push(r);
      this.pending.set(r.id, r);
      this.seen.add(r.id);
    };
    const known = (id: string) => this.seen.has(id);
    for (const org of Object.values(state.orgs)) {
      if (known(org.id)) continue;
      const durationMs = org.provisionedAt - org.createdAt;
      add({
        id: org.id,
        kind: "create",
        orgId: org.id,
        tenantId: org.creatorTenantId,
        submittedAt: org.createdAt,
        startedAt: org.createdAt,
        dueAt: org.provisionedAt,
        durationMs,
        outcome: "pending",
      });
    }
    for (const job of state.jobs) {
      if (known(job.id)) continue;
      const durationMs = duration(job.kind);
      add({
        id: job.id,
        kind: job.kind,
        orgId: job.orgId,
        tenantId: job.tenantId,
        submittedAt: job.createdAt,
        startedAt: job.dueAt - durationMs,
        dueAt: job.dueAt,
        durationMs,
        outcome: "pending",
      });
    }
    const live = new Set(state.jobs.map((j) => j.id));
    for (const r of this.pending.values()) {
      // A creation has no job of its own: it is done when its time has come.
      const gone = r.kind === "create" ? now >= r.dueAt || !state.orgs[r.orgId] : !live.has(r.id);
      if (!gone) continue;
      this.pending.delete(r.id);
      const failure = r.kind === "join" ? state.tenants[r.tenantId]?.joinRequest.failure : null;
      r.outcome = now < r.dueAt ? "cancelled" : failure ? "failed" : "completed";
      if (r.outcome === "failed") r.details = failure!;
    }
  }

  clear(): void {
    this.records = [];
    this.pending.clear();
    this.seen.clear();
  }
}

/**
 * The critical path of Graph's transitions: the longest chain of job durations, each job after its
 * organization's creation (Graph starts a join only once the organization is provisioned). How long
 * the work would take if every request were made the moment it could be and seen done at once.
 */
export function criticalPathMs(records: JobRecord[]): number {
  const creation = new Map(records.filter((r) => r.kind === "create").map((r) => [r.orgId, r.durationMs]));
  let longest = 0;
  for (const r of records) {
    if (r.outcome === "cancelled") continue;
    longest = Math.max(longest, (r.kind === "create" ? 0 : (creation.get(r.orgId) ?? 0)) + r.durationMs);
  }
  return longest;
}
