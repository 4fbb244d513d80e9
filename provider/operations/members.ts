// What an owner can ask Graph to do to the tenants of its organization: add one, change its role,
// remove it; and wait for each, since Graph carries role changes and removals out as jobs it
// reports in `transitionDetails`. Used by the MultiTenantOrganizationMember resource and by the
// topology's executor alike.
import type { MemberRole, MultiTenantOrganizationMember as GraphMember } from "../../contract/wire";
import type { ProviderContext } from "../context";
import { GraphRequestError } from "../graph/errors";
import * as api from "../graph/mto-api";
import { timeoutMs } from "../inputs/common";
import { waitFor } from "../wait";
import type { Pacing } from "./organization";

/** How long a role change or a removal may take by default. */
export const MEMBER_TIMEOUT_MS = 15 * 60_000;

export interface MemberDeclaration {
  tenantId: string;
  displayName: string;
  role: MemberRole;
}

/** "member berlin (Berlin, 00000be1-…) of the organization of cairo (Cairo, 00000ca1-…)". */
export const memberWhat = (ctx: ProviderContext, memberTenantId: string, owner: string, ownerTenantId?: string) =>
  `member ${ctx.tenantName(memberTenantId)} of the organization of ${ctx.tenantName({ alias: owner, tenantId: ownerTenantId })}`;

/** Converged: the role asked for is in place and no role change or removal is being processed. */
export function roleConverged(m: GraphMember, role: MemberRole): boolean {
  const t = m.transitionDetails;
  return m.role === role && (t == null || (t.desiredState !== "removed" && t.desiredRole === m.role));
}

const stateOf = (m: GraphMember) => {
  const t = m.transitionDetails;
  return `${m.state}, role ${m.role}${t ? `, ${t.desiredRole ?? ""} ${t.status}` : ""}`;
};

/**
 * Adds the tenant with its role. Looks first: a tenant already added (by a run that was interrupted
 * before Pulumi recorded it, or by hand) is adopted without a second POST, its role set if needed.
 */
export async function addMember(ctx: ProviderContext, owner: string, member: MemberDeclaration): Promise<void> {
  const g = ctx.graph(owner);
  ctx.learnTenantName(member.tenantId, member.displayName);
  const ownerName = ctx.tenantName(owner);
  let existing = await api.getMember(g, member.tenantId);
  if (existing && api.isLeaving(existing)) existing = undefined;
  try {
    if (!existing) await api.addMember(g, { tenantId: member.tenantId, displayName: member.displayName, role: member.role });
  } catch (err) {
    if (!(err instanceof GraphRequestError && err.kind === "conflict")) {
      throw new Error(`adding ${ctx.tenantName(member.tenantId)} to the organization of ${ownerName}: ${(err as Error).message}`, { cause: err });
    }
    // Adopt: Graph says the tenant is already being added or is active.
    existing = await api.getMember(g, member.tenantId, true);
    if (!existing) throw err;
  }
  if (existing) {
    ctx.log(`${ctx.tenantName(member.tenantId)} is already in the organization of ${ownerName} (${existing.state}): adopting it`);
    if (existing.role !== member.role && existing.transitionDetails?.desiredRole !== member.role) await api.patchMemberRole(g, member.tenantId, member.role);
  }
}

/** Asks for the role unless Graph has it or is already changing to it; the member must be there. */
export async function setRole(ctx: ProviderContext, owner: string, ownerTenantId: string, tenantId: string, role: MemberRole): Promise<void> {
  const g = ctx.graph(owner);
  const current = await api.getMember(g, tenantId);
  if (!current) {
    throw new Error(
      `${ctx.tenantName(tenantId)} is no longer in the organization of ${ctx.tenantName({ alias: owner, tenantId: ownerTenantId })}; run \`pulumi refresh\` to recreate it`,
    );
  }
  if (current.role !== role && current.transitionDetails?.desiredRole !== role) await api.patchMemberRole(g, tenantId, role);
}

/** Waits, under the wait policy, for the member to hold the role with no job pending; returns it as Graph shows it. */
export async function awaitRole(
  ctx: ProviderContext,
  owner: string,
  ownerTenantId: string,
  tenantId: string,
  role: MemberRole,
  op: "create" | "update",
  pacing: Pacing,
): Promise<GraphMember> {
  const g = ctx.graph(owner);
  const what = memberWhat(ctx, tenantId, owner, ownerTenantId);
  let member = await api.getMember(g, tenantId, true);
  if (!member) throw new Error(`${what}: Graph does not show the member after adding it`);
  if (pacing.wait === "accepted" || roleConverged(member, role)) return member;
  await waitFor(
    async () => {
      member = await api.getMember(g, tenantId, true);
      if (!member) throw new Error(`${what}: the member was removed while waiting for its role`);
      const t = member.transitionDetails;
      return { done: roleConverged(member, role), failed: t?.status === "failed" ? (t.details ?? "failed") : undefined, state: stateOf(member) };
    },
    { what: `role ${role} for ${what}`, timeoutMs: timeoutMs(pacing.timeouts, op, MEMBER_TIMEOUT_MS), log: ctx.log },
  );
  return member!;
}

/**
 * Demotes an owner before its removal and waits for the role to apply; returns the member as Graph
 * then shows it (being removed, possibly), or undefined once it is gone. Graph answers the demotion
 * 404 when the owner already left or is leaving (a read behind Graph's lag showed it staying): no
 * failure, Graph's state decides what remains to do.
 */
async function demoteBeforeRemoval(ctx: ProviderContext, owner: string, tenantId: string, what: string, timeout: number): Promise<GraphMember | undefined> {
  const g = ctx.graph(owner);
  try {
    await api.patchMemberRole(g, tenantId, "member");
  } catch (err) {
    if (!(err instanceof GraphRequestError && err.kind === "notFound")) throw err;
    ctx.log(`${what}: Graph no longer shows it as an owner to demote; checking whether it left`);
  }
  let member: GraphMember | undefined;
  await waitFor(
    async () => {
      member = await api.getMember(g, tenantId);
      if (!member || api.isLeaving(member)) return { done: true, state: member ? "being removed" : "removed" };
      const t = member.transitionDetails;
      return {
        done: member.role === "member" && api.roleToBe(member) === "member",
        failed: t?.status === "failed" ? (t.details ?? "failed") : undefined,
        state: stateOf(member),
      };
    },
    { what: `role member for ${what} before its removal`, timeoutMs: timeout, log: ctx.log },
  );
  return member;
}

/**
 * Removes a tenant from the organization: an owner is demoted first (Graph lets no owner remove
 * another), the creator is refused before any write (Graph lets no other tenant remove it), and a
 * removal Graph is already processing is only awaited. Already gone counts as done.
 */
export async function removeMember(ctx: ProviderContext, owner: string, ownerTenantId: string, tenantId: string, displayName: string | undefined, pacing: Pacing): Promise<void> {
  const g = ctx.graph(owner);
  ctx.learnTenantName(tenantId, displayName);
  const what = memberWhat(ctx, tenantId, owner, ownerTenantId);
  const timeout = timeoutMs(pacing.timeouts, "delete", MEMBER_TIMEOUT_MS);
  let m = await api.getMember(g, tenantId);
  if (!m) return; // already gone
  if (m.addedByTenantId?.toLowerCase() === m.tenantId.toLowerCase() && m.tenantId.toLowerCase() !== ownerTenantId) {
    throw new Error(
      `removing ${what}: ${ctx.tenantName({ tenantId: m.tenantId.toLowerCase(), displayName: m.displayName })} created the organization, and Graph lets no other tenant remove it; nothing was changed. ` +
        "It leaves by itself (delete its MultiTenantOrganization resource, in its own tenant); to stop managing it from here, put the resource back in the program, or `pulumi state delete` it.",
    );
  }
  if ((m.role === "owner" || api.roleToBe(m) === "owner") && !api.isLeaving(m)) {
    ctx.log(`${what} is an owner: demoting it to member before removing it`);
    const demoted = await demoteBeforeRemoval(ctx, owner, tenantId, what, timeout);
    if (!demoted) return; // it left meanwhile
    m = demoted;
  }
  try {
    if (!api.isLeaving(m)) await api.removeMember(g, tenantId);
  } catch (err) {
    if (err instanceof GraphRequestError && err.kind === "notFound") return;
    throw new Error(`removing ${what}: ${(err as Error).message}`, { cause: err });
  }
  if (pacing.wait === "accepted") return;
  await waitFor(
    async () => {
      const now = await api.getMember(g, tenantId);
      return { done: now === undefined, state: now ? `${now.state}, removal ${now.transitionDetails?.status ?? "pending"}` : "removed" };
    },
    { what: `removal of ${what}`, timeoutMs: timeout, log: ctx.log },
  );
}
