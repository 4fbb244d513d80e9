// What the organization's operations share: the request context, finding a tenant's organization and
// checking the caller's standing in it, and scheduling the asynchronous jobs by which Graph applies
// joins, role changes and removals some time after the request that asked for them.
import type { ProcessingStatus } from "../../../contract/wire";
import { badRequest, forbidden } from "../errors";
import { type EmulatorState, type Job, type Organization, nextId } from "../state";
import { type Durations, type JobKind, NOT_STARTED_SHARE, type Profile, jobDuration } from "../timing";

export interface Ctx {
  now: number;
  profile: Profile;
  timeScale: number;
  /** Per-kind durations replacing the profile's. */
  durations?: Durations;
}

export function orgOf(state: EmulatorState, tenantId: string): Organization | undefined {
  const orgId = state.tenants[tenantId]?.orgId;
  return orgId ? state.orgs[orgId] : undefined;
}

export function requireOrg(state: EmulatorState, tenantId: string): Organization {
  const org = orgOf(state, tenantId);
  if (!org) throw badRequest("The tenant is not part of a multi-tenant organization.");
  return org;
}

export function requireOwner(state: EmulatorState, tenantId: string): Organization {
  const org = requireOrg(state, tenantId);
  if (org.members[tenantId]?.role !== "owner") {
    throw forbidden("Only owner tenants of the multi-tenant organization can perform this operation.");
  }
  return org;
}

export const activeMembers = (org: Organization) => Object.values(org.members).filter((m) => m.state === "active");

export function pendingJob(state: EmulatorState, orgId: string, tenantId: string, kind?: JobKind): Job | undefined {
  return state.jobs.find((j) => j.orgId === orgId && j.tenantId === tenantId && (!kind || j.kind === kind));
}

export function schedule(state: EmulatorState, ctx: Ctx, job: Omit<Job, "id" | "createdAt" | "runningAt" | "dueAt">, notBefore = ctx.now): Job {
  const start = Math.max(ctx.now, notBefore);
  const duration = jobDuration(ctx.profile, ctx.timeScale, job.kind, ctx.durations);
  const full: Job = {
    ...job,
    id: nextId(state),
    createdAt: ctx.now,
    runningAt: start + Math.round(duration * NOT_STARTED_SHARE),
    dueAt: start + duration,
  };
  state.jobs.push(full);
  return full;
}

export function status(job: Job, now: number): ProcessingStatus {
  return now < job.runningAt ? "notStarted" : "running";
}
