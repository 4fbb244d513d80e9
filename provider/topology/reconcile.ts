// The topology's executor: observes the organization from its owner (two calls: the organization
// and its member list), plans (plan.ts), and carries out each phase with the operations the
// membership resources use too (provider/operations/), so no Graph behaviour is implemented twice.
// Each step runs with its own resource's timeout. Progress and errors name tenants as people know
// them: alias, display name and id.
import type { MultiTenantOrganizationMember } from "../../contract/wire";
import type { ProviderContext } from "../context";
import { withDeadline } from "../graph/deadline";
import * as api from "../graph/mto-api";
import { type OperationTimeouts, type WaitPolicy, timeoutMs } from "../inputs/common";
import { JOIN_TIMEOUT_MS, join as joinOrganization } from "../operations/joins";
import { MEMBER_TIMEOUT_MS, addMember, awaitRole, removeMember, setRole } from "../operations/members";
import { ORGANIZATION_TIMEOUT_MS, awaitOrganization, endOrganization, ensureOrganization, updateOrganization } from "../operations/organization";
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

export async function observe(ctx: ProviderContext, owner: string): Promise<Observation> {
  const g = ctx.graph(owner);
  const ownerTenantId = ctx.tenantIdOf(owner)!;
  const org = await api.getOrganization(g);
  const records = org.state === "active" ? await api.listMembers(g) : [];
  for (const m of records) ctx.learnTenantName(m.tenantId, m.displayName);
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

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Whom a step is about, as people know them. */
function subject(ctx: ProviderContext, step: Step, acting: Acting): string {
  if (step.kind === "createOrganization" || step.kind === "updateOrganization") return `the organization of ${ctx.tenantName(acting.owner)}`;
  if (step.kind === "remove") return ctx.tenantName({ tenantId: step.tenantId, displayName: step.displayName });
  return memberName(ctx, step.member);
}

/** A declared member: "berlin (Berlin, 00000be1-…)". */
const memberName = (ctx: ProviderContext, m: DeclaredMember) => ctx.tenantName({ alias: m.alias, tenantId: m.tenantId, displayName: m.displayName });

/** Carries out one step; a failure says which tenant it was about. */
async function run(ctx: ProviderContext, step: Step, declared: DeclaredOrganization, acting: Acting, ownerTenantId: string, observation: Observation): Promise<void> {
  try {
    await perform(ctx, step, declared, acting, ownerTenantId, observation);
  } catch (err) {
    throw new Error(`${subject(ctx, step, acting)}: ${asError(err).message}`, { cause: err });
  }
}

async function perform(ctx: ProviderContext, step: Step, declared: DeclaredOrganization, acting: Acting, ownerTenantId: string, observation: Observation): Promise<void> {
  // Later phases rely on earlier ones having happened: departures and role changes are awaited
  // even under the accepted wait policy.
  const ordered = { timeouts: acting.timeouts, wait: "converged" as const };
  const body = { displayName: declared.displayName, description: declared.description };
  // Each step is an operation of its own resource, bounded by that resource's timeout.
  const within = (fallbackMs: number, op: "create" | "update" | "delete", fn: () => Promise<unknown>) =>
    withDeadline(Date.now() + timeoutMs(acting.timeouts, op, fallbackMs), ctx.log, fn);
  switch (step.kind) {
    case "createOrganization":
    case "updateOrganization":
      ctx.log(`organization '${declared.displayName}' of ${ctx.tenantName(acting.owner)}: ${step.kind === "createOrganization" ? "creating" : "updating"} it`);
      await within(ORGANIZATION_TIMEOUT_MS, "create", async () => {
        if (step.kind === "createOrganization") await ensureOrganization(ctx, acting.owner, ownerTenantId, body);
        else await updateOrganization(ctx, acting.owner, body);
        await awaitOrganization(ctx, acting.owner, ownerTenantId, "create", acting);
      });
      return;
    case "promote":
    case "demote":
      ctx.log(`${memberName(ctx, step.member)}: ${step.kind === "promote" ? "promoting to owner" : "demoting to member"}`);
      await within(MEMBER_TIMEOUT_MS, "update", async () => {
        await setRole(ctx, acting.owner, ownerTenantId, step.member.tenantId, step.member.role);
        await awaitRole(ctx, acting.owner, ownerTenantId, step.member.tenantId, step.member.role, "update", ordered);
      });
      return;
    case "remove":
      ctx.log(`${subject(ctx, step, acting)}: leaving the organization${step.isOwner ? " (demoted first)" : ""}`);
      await within(MEMBER_TIMEOUT_MS, "delete", () => removeMember(ctx, acting.owner, ownerTenantId, step.tenantId, step.displayName, ordered));
      return;
    case "add":
      ctx.log(`${memberName(ctx, step.member)}: adding it as ${step.member.role}`);
      await within(MEMBER_TIMEOUT_MS, "create", async () => {
        await addMember(ctx, acting.owner, step.member);
        await awaitRole(ctx, acting.owner, ownerTenantId, step.member.tenantId, step.member.role, "create", acting);
      });
      return;
    case "join": {
      ctx.log(`${memberName(ctx, step.member)}: joining with its own credentials`);
      // A join names the owner that added the tenant (a co-owner, in an adopted organization); it
      // judges its own failures by what the owner and the joining tenant show (join-failures.ts).
      const addedBy = observation.records.find((r) => r.tenantId.toLowerCase() === step.member.tenantId)?.addedByTenantId?.toLowerCase() ?? ownerTenantId;
      await within(JOIN_TIMEOUT_MS, "create", () => joinOrganization(ctx, step.member.alias, step.member.tenantId, addedBy, "create", acting));
      return;
    }
  }
}

/** Plans and carries out the declared member set; returns Graph's state afterwards. */
export async function reconcile(ctx: ProviderContext, declared: DeclaredOrganization, acting: Acting): Promise<Observation> {
  const ownerTenantId = ctx.tenantIdOf(acting.owner)!;
  for (const m of declared.members) ctx.learnTenantName(m.tenantId, m.displayName);
  const before = await observe(ctx, acting.owner);
  const phases: Plan = plan(declared, before.observed);
  if (phases.length)
    ctx.log(
      `organization of ${ctx.tenantName(acting.owner)}: ${phases
        .flat()
        .map((s) => describe(ctx, s))
        .join("; ")}`,
    );
  for (const phase of phases) {
    const results = await Promise.allSettled(phase.map((step) => run(ctx, step, declared, acting, ownerTenantId, before)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => asError(r.reason));
    if (failed.length === 1) throw failed[0];
    if (failed.length) throw new Error(failed.map((e) => e.message).join("\n"));
  }
  return observe(ctx, acting.owner);
}

function describe(ctx: ProviderContext, step: Step): string {
  if (step.kind === "createOrganization" || step.kind === "updateOrganization") return step.kind === "createOrganization" ? "create the organization" : "update the organization";
  if (step.kind === "remove") return `remove ${ctx.tenantName({ tenantId: step.tenantId, displayName: step.displayName })}`;
  return `${step.kind} ${memberName(ctx, step.member)}`;
}

/** Removes every member (owners demoted first), then the owner itself: the organization ends. */
export async function dissolve(ctx: ProviderContext, acting: Acting): Promise<void> {
  const ownerTenantId = ctx.tenantIdOf(acting.owner)!;
  const { observed, records } = await observe(ctx, acting.owner);
  if (!observed.active) return;
  const empty: DeclaredOrganization = { displayName: observed.displayName ?? "", members: [] };
  for (const phase of plan(empty, observed)) {
    await Promise.all(phase.map((step) => run(ctx, step, empty, acting, ownerTenantId, { observed, records, organizationId: null })));
  }
  await withDeadline(Date.now() + timeoutMs(acting.timeouts, "delete", ORGANIZATION_TIMEOUT_MS), ctx.log, () => endOrganization(ctx, acting.owner, ownerTenantId, acting));
}
