// The topology's executor: observes the organization from its owner (two calls: the organization
// and its member list), plans (plan.ts), and carries out each phase with the membership
// resources' own handlers, so no Graph behaviour is implemented twice. Progress and errors name
// tenants as people know them: alias, display name and id.
import { setTimeout as sleep } from "node:timers/promises";
import type { MultiTenantOrganizationMember } from "../../contract/wire";
import { graph, learnTenantName, log, tenantIdOf, tenantName } from "../context";
import * as api from "../graph/mto-api";
import type { OperationTimeouts, WaitPolicy } from "../inputs/common";
import { classifyJoinFailure } from "../resources/organization/join-failures";
import { joinRequestHandler } from "../resources/organization/join-request";
import { memberHandler } from "../resources/organization/member";
import { organizationHandler } from "../resources/organization/organization";
import { defaultIntervals } from "../wait";
import { type DeclaredMember, type DeclaredOrganization, type ObservedOrganization, type Plan, type Step, plan } from "./plan";

export interface Acting {
  /** Alias of the owner tenant that created the organization. */
  owner: string;
  wait?: WaitPolicy;
  timeouts?: OperationTimeouts;
}

export interface Observation {
  observed: ObservedOrganization;
  /** Graph's member records, the owner's own included. */
  records: MultiTenantOrganizationMember[];
  organizationId: string | null;
}

export async function observe(owner: string): Promise<Observation> {
  const g = graph(owner);
  const ownerTenantId = tenantIdOf(owner)!;
  const org = await api.getOrganization(g);
  const records = org.state === "active" ? await api.listMembers(g) : [];
  for (const m of records) learnTenantName(m.tenantId, m.displayName);
  const members = records
    .filter((m) => m.tenantId.toLowerCase() !== ownerTenantId)
    .map((m) => {
      const t = m.transitionDetails;
      const pending = t && t.status !== "failed" ? t : null;
      return {
        tenantId: m.tenantId.toLowerCase(),
        displayName: m.displayName,
        role: m.role as "owner" | "member",
        state: m.state as "pending" | "active" | "removed",
        desiredRole: pending?.desiredState !== "removed" && pending?.desiredRole ? (pending.desiredRole as "owner" | "member") : undefined,
        removing: pending?.desiredState === "removed",
      };
    });
  return {
    observed: { active: org.state === "active", displayName: org.displayName, description: org.description, members },
    records,
    organizationId: org.id ?? null,
  };
}

/** Handlers throw either an Error or Pulumi's "created but not converged" record: one Error. */
function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error((err as { message?: string }).message ?? String(err));
}

/** Whom a step is about, as people know them. */
function subject(step: Step, acting: Acting): string {
  if (step.kind === "createOrganization" || step.kind === "updateOrganization") return `the organization of ${tenantName(acting.owner)}`;
  if (step.kind === "remove") return tenantName({ tenantId: step.tenantId, displayName: step.displayName });
  return memberName(step.member);
}

/** A declared member: "berlin (Berlin, 00000be1-…)". */
const memberName = (m: DeclaredMember) => tenantName({ alias: m.alias, tenantId: m.tenantId, displayName: m.displayName });

/** Carries out one step; a failure says which tenant it was about. */
async function run(step: Step, declared: DeclaredOrganization, acting: Acting, ownerTenantId: string, observation: Observation): Promise<void> {
  try {
    await perform(step, declared, acting, ownerTenantId, observation);
  } catch (err) {
    const e = asError(err);
    e.message = `${subject(step, acting)}: ${e.message}`;
    throw e;
  }
}

async function perform(step: Step, declared: DeclaredOrganization, acting: Acting, ownerTenantId: string, observation: Observation): Promise<void> {
  const common = { tenant: acting.owner, wait: acting.wait, timeouts: acting.timeouts };
  // Later phases rely on earlier ones having happened: departures and role changes are awaited
  // even under the accepted wait policy.
  const ordered = { ...common, wait: "converged" as const };
  const member = (m: DeclaredMember) => ({ ...common, memberTenantId: m.tenantId, displayName: m.displayName, role: m.role });
  const memberId = (tenantId: string) => `${ownerTenantId}/${tenantId}`;
  switch (step.kind) {
    case "createOrganization":
    case "updateOrganization":
      log(`organization '${declared.displayName}' of ${tenantName(acting.owner)}: ${step.kind === "createOrganization" ? "creating" : "updating"} it`);
      await organizationHandler.create({ ...common, displayName: declared.displayName, description: declared.description });
      return;
    case "promote":
    case "demote":
      log(`${memberName(step.member)}: ${step.kind === "promote" ? "promoting to owner" : "demoting to member"}`);
      await memberHandler.update!(memberId(step.member.tenantId), { ownerTenantId } as never, { ...member(step.member), wait: "converged" } as never);
      return;
    case "remove":
      log(`${subject(step, acting)}: leaving the organization${step.isOwner ? " (demoted first)" : ""}`);
      await memberHandler.delete!(memberId(step.tenantId), { ...ordered, memberTenantId: step.tenantId, ownerTenantId, displayName: step.displayName } as never);
      return;
    case "add":
      log(`${memberName(step.member)}: adding it as ${step.member.role}`);
      await memberHandler.create!(member(step.member) as never);
      return;
    case "join":
      log(`${memberName(step.member)}: joining with its own credentials`);
      return join(step.member, acting, ownerTenantId, observation);
  }
}

const NOT_VISIBLE_RETRIES = 3;

/**
 * A join names the owner that added the tenant (a co-owner, in an adopted organization). Graph may
 * refuse it as "not added" while the addition is not yet visible to the join job: only the owner
 * can tell, so while the owner sees the member, the join is submitted again a few times.
 */
async function join(member: DeclaredMember, acting: Acting, ownerTenantId: string, observation: Observation): Promise<void> {
  const addedBy = observation.records.find((r) => r.tenantId.toLowerCase() === member.tenantId)?.addedByTenantId?.toLowerCase() ?? ownerTenantId;
  for (let attempt = 1; ; attempt++) {
    try {
      await joinRequestHandler.create!({ tenant: member.alias, addedByTenantId: addedBy, wait: acting.wait, timeouts: acting.timeouts } as never);
      return;
    } catch (err) {
      const e = asError(err);
      const cause = classifyJoinFailure(e.message).cause;
      if (cause === "notAddedByOwner" && attempt <= NOT_VISIBLE_RETRIES && (await api.getMember(graph(acting.owner), member.tenantId))) {
        log(`${memberName(member)}: Graph does not see the addition yet; submitting the join again`);
        await sleep(defaultIntervals().initialIntervalMs * attempt);
        continue;
      }
      throw cause === "activeTenantLimit" ? await withActiveTenants(e, acting.owner) : e;
    }
  }
}

/** For a join refused at the limit, say which tenants are active now. */
async function withActiveTenants(err: Error, owner: string): Promise<Error> {
  const now = await observe(owner).catch(() => undefined);
  const active = (now?.records ?? []).filter((m) => m.state === "active").map((m) => tenantName({ tenantId: m.tenantId.toLowerCase(), displayName: m.displayName }));
  if (active.length) err.message += ` Active tenants: ${active.join(", ")} (${active.length}).`;
  return err;
}

/** Plans and carries out the declared member set; returns Graph's state afterwards. */
export async function reconcile(declared: DeclaredOrganization, acting: Acting): Promise<Observation> {
  const ownerTenantId = tenantIdOf(acting.owner)!;
  for (const m of declared.members) learnTenantName(m.tenantId, m.displayName);
  const before = await observe(acting.owner);
  const phases: Plan = plan(declared, before.observed);
  if (phases.length) log(`organization of ${tenantName(acting.owner)}: ${phases.flat().map(describe).join("; ")}`);
  for (const phase of phases) {
    const results = await Promise.allSettled(phase.map((step) => run(step, declared, acting, ownerTenantId, before)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => asError(r.reason));
    if (failed.length === 1) throw failed[0];
    if (failed.length) throw new Error(failed.map((e) => e.message).join("\n"));
  }
  return observe(acting.owner);
}

function describe(step: Step): string {
  if (step.kind === "createOrganization" || step.kind === "updateOrganization") return step.kind === "createOrganization" ? "create the organization" : "update the organization";
  if (step.kind === "remove") return `remove ${tenantName({ tenantId: step.tenantId, displayName: step.displayName })}`;
  return `${step.kind} ${memberName(step.member)}`;
}

/** Removes every member (owners demoted first), then the owner itself: the organization ends. */
export async function dissolve(acting: Acting): Promise<void> {
  const ownerTenantId = tenantIdOf(acting.owner)!;
  const { observed, records } = await observe(acting.owner);
  if (!observed.active) return;
  const empty: DeclaredOrganization = { displayName: observed.displayName ?? "", members: [] };
  for (const phase of plan(empty, observed)) {
    await Promise.all(phase.map((step) => run(step, empty, acting, ownerTenantId, { observed, records, organizationId: null })));
  }
  await organizationHandler.delete!(ownerTenantId, { tenant: acting.owner, wait: acting.wait, timeouts: acting.timeouts } as never);
}
