// Applying the organization's jobs whose time has come (settle.ts calls applyDueJobs before each
// request and when the manual clock moves): a join makes the tenant active or records why it failed,
// a role change takes effect, a removal takes the tenant out, and the last active tenant leaving
// ends the organization.
import { type EmulatorState, type Job, type Organization, emptyJoinRequest, nextId } from "../state";
import { graphTime } from "../timing";
import { applyJoinToCrossTenantSettings, markPairsOutOfOrganization } from "../xtap/templates";
import { joinFailure } from "./joins";
import { activeMembers } from "./shared";

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
