// The member set, as an owner sees and edits it: listing members with any transition in flight,
// adding a tenant (a pending invitation until that tenant's join request completes), changing a
// role and removing a tenant. Role changes and removals are scheduled jobs, applied by jobs.ts.
import { GUID_PATTERN, type MemberRole, type MemberTransitionDetails, type MultiTenantOrganizationMember } from "../../../contract/wire";
import { badRequest, forbidden, memberNotFound } from "../errors";
import { type EmulatorState, type Organization, tenantState } from "../state";
import { NOT_STARTED_SHARE, graphTime } from "../timing";
import { type Ctx, activeMembers, orgOf, pendingJob, requireOrg, requireOwner, schedule, status } from "./shared";

/** Active owners other than `except` that no pending removal or role change is about to take away. */
function steadyOwners(state: EmulatorState, org: Organization, except: string) {
  return activeMembers(org).filter(
    (o) => o.role === "owner" && o.tenantId !== except && !pendingJob(state, org.id, o.tenantId, "removal") && !pendingJob(state, org.id, o.tenantId, "roleChange"),
  );
}

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
