// A job as a clocked state machine. Cycles are computed lazily when time is settled (before each
// request, and when the manual clock moves): every cycle due by `now` runs at its own instant. A
// cycle checks the policies first; failing, the job is quarantined and retried on Graph's widening
// schedule; passing, the scope is synchronized and the next cycle is due one interval later. Between
// two settlements nothing but time changes, so once a cycle has found nothing to export the due
// cycles after it are skipped to the last one (the clock may jump days without spinning).
import { NEVER, type SynchronizationError, type TaskExecution } from "../../../contract/sync";
import { type EmulatorState, type ServicePrincipalRecord, type SyncJobRecord, nextId } from "../state";
import { graphTime } from "../timing";
import { entryCounts, scopeOf, synchronize } from "./engine";
import type { LogContext } from "./logs";
import { type CheckFailure, companyId, policyFailure } from "./policy";
import { objectMapping } from "./schema";

/** Graph disables a job left in quarantine more than four weeks: 28 days in units of the first retry (6 h). */
const QUARANTINE_LIMIT_UNITS = (28 * 24) / 6;

/** Offsets of quarantine retries from the series' start, in units of the first retry: 6 h, 12 h, 24 h, then daily. */
export function retryOffsetUnits(attempt: number): number {
  return attempt === 0 ? 1 : attempt === 1 ? 2 : 4 * (attempt - 1);
}

export function execution(at: number, fields: Partial<TaskExecution>): TaskExecution {
  return {
    activityIdentifier: null,
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: 0,
    countExports: 0,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    error: null,
    state: "Succeeded",
    timeBegan: graphTime(at),
    timeEnded: graphTime(at),
    ...fields,
  };
}

export function logContext(state: EmulatorState, tenantId: string, sp: ServicePrincipalRecord, rec: SyncJobRecord, at: number, target: string, onDemand = false): LogContext {
  return { id: () => nextId(state), at, jobId: rec.job.id, cycleId: nextId(state), sourceTenantId: tenantId, targetTenantId: target, sp, onDemand };
}

/** Runs the cycle due at `at`; returns how many objects it exported (-1 when the checks failed). */
export function runCycle(state: EmulatorState, tenantId: string, sp: ServicePrincipalRecord, rec: SyncJobRecord, at: number): number {
  rec.cycles += 1;
  const target = companyId(sp.secrets);
  const failure = policyFailure(state, tenantId, target);
  if (failure) {
    quarantine(rec, at, failure);
    return -1;
  }
  const status = rec.job.status;
  const scope = scopeOf(state, tenantId, sp);
  const initial = rec.initial;
  const log = logContext(state, tenantId, sp, rec, at, target!);
  const exported = synchronize({ state, log, rec }, scope, initial);
  const run = execution(at, {
    activityIdentifier: log.cycleId,
    countEntitled: scope.users.length,
    countEntitledForProvisioning: scope.users.length,
    countImported: initial ? scope.users.length + scope.groups.length : exported,
    countImportedDeltas: initial ? 0 : exported,
    countExported: exported,
    countExports: exported,
  });
  status.code = "Active";
  status.quarantine = null;
  rec.quarantineSince = null;
  status.countSuccessiveCompleteFailures = 0;
  status.lastExecution = run;
  status.lastSuccessfulExecution = run;
  if (exported > 0) status.lastSuccessfulExecutionWithExports = run;
  if (status.steadyStateFirstAchievedTime === NEVER) status.steadyStateFirstAchievedTime = graphTime(at);
  status.steadyStateLastAchievedTime = graphTime(at);
  status.synchronizedEntryCountByType = entryCounts(state, target!, rec.job.id, !!objectMapping(rec.schema, "Group")?.enabled);
  rec.initial = false;
  rec.nextRunAt = at + rec.intervalMs;
  return exported;
}

function quarantine(rec: SyncJobRecord, at: number, failure: CheckFailure): void {
  const status = rec.job.status;
  const error: SynchronizationError = { code: failure.code, message: failure.message, tenantActionable: true };
  const previous = status.quarantine;
  const seriesBegan = previous && rec.quarantineSince !== null ? rec.quarantineSince : at;
  rec.quarantineSince = seriesBegan;
  const attempt = previous ? previous.seriesCount + 1 : 0;
  const nextAttempt = seriesBegan + retryOffsetUnits(attempt) * rec.quarantineRetryMs;
  status.code = "Quarantine";
  status.quarantine = {
    currentBegan: graphTime(at),
    nextAttempt: graphTime(nextAttempt),
    reason: "EncounteredQuarantineException",
    seriesBegan: graphTime(seriesBegan),
    seriesCount: attempt,
    error,
  };
  status.countSuccessiveCompleteFailures += 1;
  status.lastExecution = execution(at, { state: "Failed", error, activityIdentifier: null });
  if (nextAttempt - seriesBegan > QUARANTINE_LIMIT_UNITS * rec.quarantineRetryMs) {
    // More than four weeks in quarantine: Graph disables the job.
    rec.job.schedule.state = "Disabled";
    rec.nextRunAt = null;
    return;
  }
  rec.nextRunAt = nextAttempt;
}

/** Every cycle due by `now`, in every tenant. */
export function settleSync(state: EmulatorState, now: number): void {
  for (const [tenantId, t] of Object.entries(state.tenants)) {
    for (const sp of Object.values(t.servicePrincipals ?? {})) {
      for (const rec of Object.values(sp.jobs)) {
        while (rec.nextRunAt !== null && rec.nextRunAt <= now) {
          const exported = runCycle(state, tenantId, sp, rec, rec.nextRunAt);
          // Nothing changed and nothing will until the next request: jump to the last due cycle.
          if (exported === 0 && rec.nextRunAt !== null && rec.nextRunAt <= now) {
            rec.nextRunAt += Math.floor((now - rec.nextRunAt) / rec.intervalMs) * rec.intervalMs;
          }
        }
      }
    }
  }
}
