// A synchronization job's health as users read it: what it is doing, its last cycle, the users it
// holds in the target, and a quarantine with Graph's reason, since when, the next attempt and what
// to do about it.
import { NEVER, type Quarantine, type QuarantineReason, type SynchronizationJob } from "../../contract/sync";

export interface JobHealth {
  /** NotRun, Active, Paused, Quarantine (Graph's status code). */
  code: string;
  /** Active, Paused or Disabled: whether cycles are scheduled. */
  scheduleState: string;
  lastCycle: { state: string; began: string; ended: string; exported: number } | null;
  /** When a cycle last found nothing more to do, or null if none has yet. */
  steadyStateLastAchieved: string | null;
  /** Users the job holds in the target (Graph's count of "user to User" entries). */
  usersSynchronized: number;
  quarantine: { reason: string; since: string; nextAttempt: string; error: string | null } | null;
}

export function quarantineOf(job: SynchronizationJob): Quarantine | undefined {
  return job.status.code === "Quarantine" || job.status.quarantine ? (job.status.quarantine ?? undefined) : undefined;
}

const never = (t: string | null | undefined) => !t || t === NEVER;

export function healthOf(job: SynchronizationJob): JobHealth {
  const last = job.status.lastExecution;
  const users = job.status.synchronizedEntryCountByType.find((e) => /^user to user$/i.test(e.key))?.value ?? 0;
  const q = quarantineOf(job);
  return {
    code: job.status.code,
    scheduleState: job.schedule.state,
    lastCycle: last && !never(last.timeBegan) ? { state: last.state, began: last.timeBegan, ended: last.timeEnded, exported: last.countExported } : null,
    steadyStateLastAchieved: never(job.status.steadyStateLastAchievedTime) ? null : job.status.steadyStateLastAchievedTime,
    usersSynchronized: users,
    quarantine: q ? { reason: q.reason, since: q.seriesBegan || q.currentBegan, nextAttempt: q.nextAttempt, error: q.error ? `${q.error.code}: ${q.error.message}` : null } : null,
  };
}

/** One line for progress: "Active (schedule Active, last cycle Succeeded at …, 3 user(s) synchronized)". */
export const describeJob = (job: SynchronizationJob): string => describeHealth(healthOf(job));

export function describeHealth(h: JobHealth): string {
  const cycle = h.lastCycle ? `, last cycle ${h.lastCycle.state} at ${h.lastCycle.ended}` : ", no cycle yet";
  const quarantine = h.quarantine ? `, in quarantine (${h.quarantine.reason}) since ${h.quarantine.since}` : "";
  return `${h.code} (schedule ${h.scheduleState}${cycle}, ${h.usersSynchronized} user(s) synchronized${quarantine})`;
}

/** What to do about each documented reason. */
const REMEDY: Partial<Record<QuarantineReason, string>> = {
  EncounteredQuarantineException:
    "the connection or a policy check fails: make sure the target still allows users to be synchronized in (identitySynchronization.userSyncInbound) and automatic redemption inbound, and the source automatic redemption outbound; then `pulumi up` (start clears the quarantine) or wait for Graph's next attempt",
  EncounteredEscrowProportionThreshold:
    "more than 40 % of the cycle's changes failed: read the provisioning logs of the job, fix the users' data or the mappings, then `pulumi up`",
  EncounteredBaseEscrowThreshold: "too many changes failed: read the provisioning logs of the job, fix them, then `pulumi up`",
  EncounteredTotalEscrowThreshold: "too many changes failed: read the provisioning logs of the job, fix them, then `pulumi up`",
  TooManyDeletes:
    "a cycle would delete more users than the accidental-deletion threshold allows: check the scope; if the deletions are meant, restart the job allowing them (criteria ForceDeletes)",
  QuarantinedOnDemand: "Microsoft quarantined the job: open a support case",
};

export class SyncQuarantinedError extends Error {
  constructor(
    readonly what: string,
    readonly quarantine: Quarantine,
    /** The target tenant, named as progress lines name it. */
    target: string,
  ) {
    const error = quarantine.error ? ` Graph's error: ${quarantine.error.code}: ${quarantine.error.message}.` : "";
    const remedy = REMEDY[quarantine.reason] ?? "read the provisioning logs of the job";
    super(
      `${what} is in quarantine (${quarantine.reason}) since ${quarantine.seriesBegan || quarantine.currentBegan}; Graph tries again at ${quarantine.nextAttempt} ` +
        `(attempt ${quarantine.seriesCount + 1} of this series).${error} What to do: ${remedy}. Target: ${target}.`,
    );
    this.name = "SyncQuarantinedError";
  }
}
