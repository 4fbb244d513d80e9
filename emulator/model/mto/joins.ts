// The join request, as the joining tenant sees it: submitting one (a join job, which jobs.ts
// completes once due and once the target organization is provisioned), resetting it, and the causes
// for which a due join fails. A failure stays on the request until the tenant resets it.
import { GUID_PATTERN, type JoinRequestRecord, ZERO_TENANT_ID } from "../../../contract/wire";
import { badRequest } from "../errors";
import { type EmulatorState, type Job, type Organization, emptyJoinRequest, limits, tenantState } from "../state";
import { type Ctx, activeMembers, orgOf, schedule, status } from "./shared";

/** The documented text of every failed join (the API page's example); see World.joinFailureDetails. */
export const DOCUMENTED_JOIN_FAILURE = "DirectoryService Exception";

/** Why the due join `job` fails, or null when it succeeds; worded per World.joinFailureDetails. */
export function joinFailure(state: EmulatorState, org: Organization | undefined, job: Job): string | null {
  const cause = joinFailureCause(state, org, job);
  return cause !== null && state.world.joinFailureDetails === "documented" ? DOCUMENTED_JOIN_FAILURE : cause;
}

function joinFailureCause(state: EmulatorState, org: Organization | undefined, job: Job): string | null {
  const member = org?.members[job.tenantId];
  if (!org || !member) {
    return `The tenant has not been added to the multitenant organization of tenant ${job.addedByTenantId}.`;
  }
  if (member.addedByTenantId !== job.addedByTenantId) {
    return `The tenant was added by tenant ${member.addedByTenantId}, not by ${job.addedByTenantId}.`;
  }
  const current = orgOf(state, job.tenantId);
  if (current && current.id !== org.id) return "The tenant is already part of a different multitenant organization.";
  const max = limits(state);
  if (activeMembers(org).length >= max.maxActiveTenants) {
    return `The multitenant organization would exceed the maximum of ${max.maxActiveTenants} active tenants.`;
  }
  for (const tid of [job.tenantId, job.addedByTenantId!]) {
    const users = state.world.tenants.find((t) => t.id === tid)?.internalUserCount ?? 0;
    if (users > max.maxInternalUsers) {
      return `Tenant ${tid} exceeds the maximum of ${max.maxInternalUsers} internal users per tenant.`;
    }
  }
  return null;
}

export function getJoinRequest(state: EmulatorState, ctx: Ctx, tenantId: string): JoinRequestRecord {
  const t = tenantState(state, tenantId);
  const jr = t.joinRequest;
  const job = state.jobs.find((j) => j.kind === "join" && j.tenantId === tenantId);
  if (job) {
    return {
      id: jr.id,
      addedByTenantId: jr.addedByTenantId,
      memberState: "pending",
      role: null,
      transitionDetails: { desiredMemberState: "active", status: status(job, ctx.now), details: "" },
    };
  }
  if (jr.failure) {
    return {
      id: jr.id,
      addedByTenantId: jr.addedByTenantId,
      memberState: "pending",
      role: null,
      transitionDetails: { desiredMemberState: "active", status: "failed", details: jr.failure },
    };
  }
  const org = orgOf(state, tenantId);
  if (org && jr.addedByTenantId !== ZERO_TENANT_ID) {
    return { id: jr.id, addedByTenantId: jr.addedByTenantId, memberState: "active", role: org.members[tenantId].role, transitionDetails: null };
  }
  return { id: jr.id, addedByTenantId: ZERO_TENANT_ID, memberState: null, role: null, transitionDetails: null };
}

export function patchJoinRequest(state: EmulatorState, ctx: Ctx, tenantId: string, body: { addedByTenantId?: unknown }): void {
  const t = tenantState(state, tenantId);
  const owner = body.addedByTenantId;
  if (typeof owner !== "string" || !GUID_PATTERN.test(owner)) {
    throw badRequest("Property 'addedByTenantId' is required and must be a tenant id (GUID).");
  }
  const inFlight = state.jobs.some((j) => j.kind === "join" && j.tenantId === tenantId);
  if (owner === ZERO_TENANT_ID) {
    if (inFlight) throw badRequest("A join request is being processed and cannot be reset now.");
    if (orgOf(state, tenantId) && !t.joinRequest.failure) {
      throw badRequest("The tenant is an active member; remove it from the organization instead of resetting.");
    }
    // Resetting a failed join of a tenant that is active elsewhere keeps its active record.
    const current = orgOf(state, tenantId);
    t.joinRequest = current ? { id: t.joinRequest.id, addedByTenantId: current.members[tenantId].addedByTenantId, failure: null } : emptyJoinRequest(t.joinRequest.id);
    return;
  }
  const ownerId = owner.toLowerCase();
  if (inFlight) throw badRequest("A join request is already being processed.");
  if (t.joinRequest.failure) throw badRequest("The previous join request failed; reset it before submitting a new one.");
  const current = orgOf(state, tenantId);
  if (current && current.members[ownerId]?.role === "owner") return; // already joined there
  const target = orgOf(state, ownerId);
  t.joinRequest = { id: t.joinRequest.id, addedByTenantId: ownerId, failure: null };
  // A join waits for the target organization's asynchronous creation to finish.
  schedule(state, ctx, { kind: "join", orgId: target?.id ?? "none", tenantId, addedByTenantId: ownerId }, target?.provisionedAt);
}
