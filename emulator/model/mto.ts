// The multitenant organization: creation, members, join requests, role changes and removals, with
// Graph's asynchronous jobs. Pure functions over EmulatorState; `now` comes from the caller.
import {
  type JoinRequestRecord,
  type MemberRole,
  type MemberTransitionDetails,
  type MultiTenantOrganization,
  type MultiTenantOrganizationMember,
  type ProcessingStatus,
  GUID_PATTERN,
  ZERO_TENANT_ID,
} from "../../contract/wire";
import { badRequest, forbidden, memberNotFound } from "./errors";
import { type EmulatorState, type Job, type Organization, emptyJoinRequest, limits, nextId, tenantState } from "./state";
import { type Durations, type JobKind, NOT_STARTED_SHARE, type Profile, graphTime, jobDuration } from "./timing";
import { applyJoinToCrossTenantSettings, markPairsOutOfOrganization } from "./xtap/templates";

export interface Ctx {
  now: number;
  profile: Profile;
  timeScale: number;
  /** Per-kind durations replacing the profile's. */
  durations?: Durations;
}

function orgOf(state: EmulatorState, tenantId: string): Organization | undefined {
  const orgId = state.tenants[tenantId]?.orgId;
  return orgId ? state.orgs[orgId] : undefined;
}

function requireOrg(state: EmulatorState, tenantId: string): Organization {
  const org = orgOf(state, tenantId);
  if (!org) throw badRequest("The tenant is not part of a multi-tenant organization.");
  return org;
}

function requireOwner(state: EmulatorState, tenantId: string): Organization {
  const org = requireOrg(state, tenantId);
  if (org.members[tenantId]?.role !== "owner") {
    throw forbidden("Only owner tenants of the multi-tenant organization can perform this operation.");
  }
  return org;
}

const activeMembers = (org: Organization) => Object.values(org.members).filter((m) => m.state === "active");

/** Active owners other than `except` that no pending removal or role change is about to take away. */
function steadyOwners(state: EmulatorState, org: Organization, except: string) {
  return activeMembers(org).filter(
    (o) => o.role === "owner" && o.tenantId !== except && !pendingJob(state, org.id, o.tenantId, "removal") && !pendingJob(state, org.id, o.tenantId, "roleChange"),
  );
}

function pendingJob(state: EmulatorState, orgId: string, tenantId: string, kind?: JobKind): Job | undefined {
  return state.jobs.find((j) => j.orgId === orgId && j.tenantId === tenantId && (!kind || j.kind === kind));
}

function schedule(state: EmulatorState, ctx: Ctx, job: Omit<Job, "id" | "createdAt" | "runningAt" | "dueAt">, notBefore = ctx.now): Job {
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

function status(job: Job, now: number): ProcessingStatus {
  return now < job.runningAt ? "notStarted" : "running";
}

// ---- jobs whose time has come ----

/** Applies every job due at or before `now`, in order. */
export function applyDueJobs(state: EmulatorState, now: number): void {
  for (;;) {
    const due = state.jobs.filter((j) => j.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
    if (due.length === 0) return;
    const job = due[0];
    state.jobs = state.jobs.filter((j) => j !== job);
    const org = state.orgs[job.orgId] as Organization | undefined;
    if (job.kind === "join") completeJoin(state, org, job);
    else if (org && job.kind === "roleChange") completeRoleChange(org, job);
    else if (org && job.kind === "removal") completeRemoval(state, org, job);
  }
}

/** The documented text of every failed join (the API page's example); see World.joinFailureDetails. */
export const DOCUMENTED_JOIN_FAILURE = "DirectoryService Exception";

function joinFailure(state: EmulatorState, org: Organization | undefined, job: Job): string | null {
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

function completeJoin(state: EmulatorState, org: Organization | undefined, job: Job): void {
  const joiner = state.tenants[job.tenantId];
  const failure = joinFailure(state, org, job);
  if (failure || !org) {
    joiner.joinRequest.failure = failure;
    return;
  }
  const member = org.members[job.tenantId];
  member.state = "active";
  member.joinedDateTime = graphTime(job.dueAt);
  joiner.orgId = org.id;
  joiner.mtoObjectId = nextId(state);
  applyJoinToCrossTenantSettings(state, org, job.tenantId);
}

function completeRoleChange(org: Organization, job: Job): void {
  const member = org.members[job.tenantId];
  if (member && job.desiredRole) member.role = job.desiredRole;
}

function completeRemoval(state: EmulatorState, org: Organization, job: Job): void {
  const member = org.members[job.tenantId];
  if (!member) return;
  delete org.members[job.tenantId];
  state.jobs = state.jobs.filter((j) => !(j.orgId === org.id && j.tenantId === job.tenantId));
  if (member.state === "active") leave(state, org, job.tenantId);
  // The organization ends when its last active tenant leaves; pending invitations go with it.
  if (activeMembers(org).length === 0) {
    for (const tid of Object.keys(org.members)) leave(state, org, tid);
    state.jobs = state.jobs.filter((j) => j.orgId !== org.id);
    delete state.orgs[org.id];
  }
}

function leave(state: EmulatorState, org: Organization, tenantId: string): void {
  const t = state.tenants[tenantId];
  if (t.orgId !== org.id) return; // a pending invitation: nothing was joined
  markPairsOutOfOrganization(state, org, tenantId);
  t.orgId = null;
  t.mtoObjectId = null;
  t.joinRequest = emptyJoinRequest(t.joinRequest.id);
}

// ---- the organization ----

export function getOrganization(state: EmulatorState, tenantId: string): MultiTenantOrganization {
  tenantState(state, tenantId);
  const org = orgOf(state, tenantId);
  if (!org) return { createdDateTime: null, displayName: null, description: null, state: "inactive" };
  return {
    id: state.tenants[tenantId].mtoObjectId!,
    createdDateTime: org.createdDateTime,
    displayName: org.displayName,
    description: org.description,
    state: "active",
  };
}

/** PUT creates the organization with the caller as owner, or updates it (PUT is also Graph's update). */
export function putOrganization(
  state: EmulatorState,
  ctx: Ctx,
  tenantId: string,
  body: { displayName?: string; description?: string | null },
): { created: boolean; org: MultiTenantOrganization } {
  const tenant = tenantState(state, tenantId);
  const existing = orgOf(state, tenantId);
  if (existing) {
    requireOwner(state, tenantId);
    if (body.displayName !== undefined) existing.displayName = body.displayName;
    if (body.description !== undefined) existing.description = body.description;
    return { created: false, org: getOrganization(state, tenantId) };
  }
  if (typeof body.displayName !== "string" || body.displayName.trim() === "") {
    throw badRequest("Property 'displayName' is required to create a multi-tenant organization.", "Request_BadRequest");
  }
  const created = graphTime(ctx.now);
  const org: Organization = {
    id: nextId(state),
    displayName: body.displayName,
    description: body.description ?? null,
    createdDateTime: created,
    createdAt: ctx.now,
    creatorTenantId: tenantId,
    provisionedAt: ctx.now + jobDuration(ctx.profile, ctx.timeScale, "create", ctx.durations),
    members: {
      [tenantId]: {
        tenantId,
        displayName: state.world.tenants.find((t) => t.id === tenantId)!.displayName,
        addedDateTime: created,
        joinedDateTime: null,
        addedByTenantId: tenantId,
        role: "owner",
        state: "active",
      },
    },
  };
  state.orgs[org.id] = org;
  tenant.orgId = org.id;
  tenant.mtoObjectId = nextId(state);
  return { created: true, org: getOrganization(state, tenantId) };
}

/**
 * PATCH updates; on a tenant with no organization it creates one, as PUT does: Microsoft's Python
 * SDK offers only PATCH here, and the Entra how-to creates with an Update (PATCH) cmdlet.
 */
export function patchOrganization(state: EmulatorState, ctx: Ctx, tenantId: string, body: { displayName?: string; description?: string | null }): void {
  if (!orgOf(state, tenantId)) {
    putOrganization(state, ctx, tenantId, body);
    return;
  }
  const org = requireOwner(state, tenantId);
  if (body.displayName !== undefined) {
    if (typeof body.displayName !== "string" || body.displayName.trim() === "") {
      throw badRequest("Property 'displayName' must be a non-empty string.");
    }
    org.displayName = body.displayName;
  }
  if (body.description !== undefined) org.description = body.description;
}

// ---- members, as the owner sees them ----

function memberView(state: EmulatorState, org: Organization, tenantId: string, now: number): MultiTenantOrganizationMember {
  const m = org.members[tenantId];
  let transitionDetails: MemberTransitionDetails | null = null;
  const removal = pendingJob(state, org.id, tenantId, "removal");
  const roleChange = pendingJob(state, org.id, tenantId, "roleChange");
  const join = pendingJob(state, org.id, tenantId, "join");
  if (removal) {
    transitionDetails = { desiredState: "removed", desiredRole: m.role, status: status(removal, now), details: null };
  } else if (roleChange) {
    transitionDetails = { desiredState: "active", desiredRole: roleChange.desiredRole!, status: status(roleChange, now), details: null };
  } else if (join) {
    transitionDetails = { desiredState: "active", desiredRole: m.role, status: status(join, now), details: null };
  } else if (m.tenantId === org.creatorTenantId && now < org.provisionedAt) {
    const runningAt = org.createdAt + (org.provisionedAt - org.createdAt) * NOT_STARTED_SHARE;
    transitionDetails = { desiredState: "active", desiredRole: "owner", status: now < runningAt ? "notStarted" : "running", details: null };
  }
  return { ...m, transitionDetails };
}

export function listMembers(state: EmulatorState, ctx: Ctx, tenantId: string): MultiTenantOrganizationMember[] {
  tenantState(state, tenantId);
  const org = orgOf(state, tenantId);
  if (!org) return [];
  return Object.keys(org.members).map((tid) => memberView(state, org, tid, ctx.now));
}

export function getMember(state: EmulatorState, ctx: Ctx, tenantId: string, memberId: string): MultiTenantOrganizationMember {
  const org = orgOf(state, tenantId);
  const key = Object.keys(org?.members ?? {}).find((k) => k.toLowerCase() === memberId.toLowerCase());
  if (!org || !key) throw memberNotFound();
  return memberView(state, org, key, ctx.now);
}

export function addMember(state: EmulatorState, ctx: Ctx, tenantId: string, body: { tenantId?: string; displayName?: string; role?: MemberRole }): MultiTenantOrganizationMember {
  const org = requireOwner(state, tenantId);
  const problems: string[] = [];
  if (typeof body.tenantId !== "string" || !GUID_PATTERN.test(body.tenantId)) problems.push("Property 'tenantId' must be a tenant id (GUID).");
  if (typeof body.displayName !== "string" || body.displayName.trim() === "") problems.push("Property 'displayName' is required.");
  if (body.role !== undefined && body.role !== "owner" && body.role !== "member") problems.push("Property 'role' must be 'owner' or 'member'.");
  if (problems.length) throw badRequest(problems.join(" "));
  const target = body.tenantId!.toLowerCase();
  if (!state.tenants[target]) throw badRequest(`Tenant ${body.tenantId} does not exist.`);
  if (org.members[target]) throw badRequest("Tenant is already being added in Multi-Tenant Organization.");
  org.members[target] = {
    tenantId: target,
    displayName: body.displayName!,
    addedDateTime: graphTime(ctx.now),
    joinedDateTime: null,
    addedByTenantId: tenantId,
    role: body.role ?? "member",
    state: "pending",
  };
  return memberView(state, org, target, ctx.now);
}

export function changeRole(state: EmulatorState, ctx: Ctx, tenantId: string, memberId: string, body: { role?: unknown; tenantId?: unknown }): void {
  const org = requireOwner(state, tenantId);
  const m = org.members[memberId.toLowerCase()];
  if (!m || pendingJob(state, org.id, m.tenantId, "removal")) throw memberNotFound();
  if (body.tenantId !== undefined && String(body.tenantId).toLowerCase() !== m.tenantId) {
    throw badRequest(`Property 'tenantId' is the key of the member and is read-only: '${String(body.tenantId)}' does not match '${m.tenantId}'.`);
  }
  if (body.role !== "owner" && body.role !== "member") throw badRequest("Property 'role' must be 'owner' or 'member'.");
  if (body.role === "member" && m.role === "owner") {
    if (steadyOwners(state, org, m.tenantId).length === 0) throw badRequest("A multi-tenant organization must have at least one active owner tenant.");
  }
  state.jobs = state.jobs.filter((j) => !(j.orgId === org.id && j.tenantId === m.tenantId && j.kind === "roleChange"));
  if (body.role === m.role) return;
  schedule(state, ctx, { kind: "roleChange", orgId: org.id, tenantId: m.tenantId, desiredRole: body.role });
}

/**
 * Removal rules. The API page and the Entra how-to disagree; the emulator enforces the stricter
 * union: a member removes only itself; an owner removes other tenants but not other owners (demote
 * first) nor the creator; an owner removes itself only while another active owner remains or when it
 * is the last active tenant, which ends the organization.
 */
export function removeMember(state: EmulatorState, ctx: Ctx, tenantId: string, memberId: string): void {
  const org = requireOrg(state, tenantId);
  const caller = org.members[tenantId];
  const m = org.members[memberId.toLowerCase()];
  if (!m) throw memberNotFound();
  if (pendingJob(state, org.id, m.tenantId, "removal")) return; // already on its way out
  const self = m.tenantId === tenantId;
  if (!self && caller.role !== "owner") throw forbidden("Member tenants can only remove themselves.");
  if (!self && m.role === "owner") throw badRequest("Owner tenants cannot be removed by another tenant; change their role to member first.");
  if (!self && m.tenantId === org.creatorTenantId) throw badRequest("The tenant that created the multi-tenant organization cannot be removed by another tenant.");
  if (self && m.role === "owner") {
    const others = activeMembers(org).filter((o) => o.tenantId !== tenantId && !pendingJob(state, org.id, o.tenantId, "removal"));
    if (others.length > 0 && steadyOwners(state, org, tenantId).length === 0) {
      throw badRequest("The last owner tenant cannot leave while other tenants are active; designate another owner first.");
    }
  }
  state.jobs = state.jobs.filter((j) => !(j.orgId === org.id && j.tenantId === m.tenantId));
  schedule(state, ctx, { kind: "removal", orgId: org.id, tenantId: m.tenantId });
}

// ---- the join request, as the joining tenant sees it ----

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
  schedule(state, ctx, { kind: "join", orgId: target?.id ?? "none", tenantId, addedByTenantId: ownerId }, target?.provisionedAt);
}
