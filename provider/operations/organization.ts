// What Graph can be asked to do to an organization, as its owner: create or adopt it, rename it,
// wait for it to be ready, end it. Used by the MultiTenantOrganization resource and by the
// topology's executor alike; each returns what Graph shows or throws a typed error
// (GraphRequestError, WaitTimeoutError, or an Error that says which tenant and why).
import type { MultiTenantOrganization as GraphOrganization } from "../../contract/wire";
import type { ProviderContext } from "../context";
import { GraphRequestError } from "../graph/errors";
import * as api from "../graph/mto-api";
import { type OperationTimeouts, type WaitPolicy, sameValue, timeoutMs } from "../inputs/common";
import { waitFor } from "../wait";

/** How long creating or ending an organization may take by default. */
export const ORGANIZATION_TIMEOUT_MS = 15 * 60_000;

export interface OrganizationBody {
  displayName: string;
  /** Undefined: left as Graph holds it. */
  description?: string;
}

export interface Pacing {
  wait?: WaitPolicy;
  timeouts?: OperationTimeouts;
}

export interface OrganizationSeen {
  org: GraphOrganization;
  /** Active, and the owner's own membership set up. */
  converged: boolean;
}

/** What the program declares: an omitted description is left as Graph holds it. */
const declaredBody = (body: OrganizationBody) =>
  body.description === undefined ? { displayName: body.displayName } : { displayName: body.displayName, description: body.description };

/** Whether Graph's organization shows what the body declares. */
export const showsBody = (org: { displayName: string | null; description: string | null }, body: OrganizationBody) =>
  sameValue(org.displayName, body.displayName) && (body.description === undefined || sameValue(org.description, body.description));

/**
 * The organization and the owner's own membership. A refresh (`forRefresh`) finds the owner's
 * record in the member list the member resources' reads share (one request for them all); a
 * record missing there (Graph's lag) is read on its own.
 */
export async function observeOrganization(ctx: ProviderContext, owner: string, ownerTenantId: string, forRefresh = false): Promise<OrganizationSeen> {
  const g = ctx.graph(owner);
  const org = await api.getOrganization(g);
  const listed = org.state === "active" && forRefresh ? (await api.membersForRefresh(g)).find((m) => m.tenantId.toLowerCase() === ownerTenantId) : undefined;
  const own = org.state === "active" ? (listed ?? (await api.getMember(g, ownerTenantId, true))) : undefined;
  ctx.learnTenantName(ownerTenantId, own?.displayName);
  const converged = org.state === "active" && own?.state === "active" && own.transitionDetails === null;
  return { org, converged };
}

/**
 * Creates the tenant's organization, or adopts the one it already owns (Graph allows one per
 * tenant) and applies the declared name and description. Does not wait for it to converge.
 */
export async function ensureOrganization(ctx: ProviderContext, owner: string, ownerTenantId: string, body: OrganizationBody): Promise<void> {
  const g = ctx.graph(owner);
  ctx.learnTenantName(owner, body.displayName, { fallback: true });
  const existing = await api.getOrganization(g);
  if (existing.state !== "active") {
    await api.putOrganization(g, declaredBody(body));
    return;
  }
  // Only an owner's: a member tenant belongs to another tenant's organization. (A tenant in an
  // organization always has its own record: a 404 is Graph's read-after-write lag.)
  const own = await api.getMember(g, ownerTenantId, true);
  ctx.learnTenantName(ownerTenantId, own?.displayName);
  const tenant = ctx.tenantName({ alias: owner, tenantId: ownerTenantId });
  if (own?.role !== "owner") {
    throw new Error(
      `${tenant} is a ${own?.role ?? "pending"} tenant of the organization '${existing.displayName}', not its owner; it cannot create or adopt an organization of its own`,
    );
  }
  ctx.log(`${tenant} already has organization '${existing.displayName}': adopting it`);
  if (!showsBody(existing, body)) await api.patchOrganization(g, declaredBody(body));
}

/** Renames the organization, or changes its description, where Graph does not show the body yet. */
export async function updateOrganization(ctx: ProviderContext, owner: string, body: OrganizationBody): Promise<void> {
  const g = ctx.graph(owner);
  if (!showsBody(await api.getOrganization(g), body)) await api.patchOrganization(g, declaredBody(body));
}

/** Waits, under the wait policy, until the organization is active and its owner's membership set up. */
export async function awaitOrganization(ctx: ProviderContext, owner: string, ownerTenantId: string, op: "create" | "update", pacing: Pacing): Promise<OrganizationSeen> {
  let seen = await observeOrganization(ctx, owner, ownerTenantId);
  if (pacing.wait === "accepted" || seen.converged) return seen;
  await waitFor(
    async () => {
      seen = await observeOrganization(ctx, owner, ownerTenantId);
      return { done: seen.converged, state: seen.org.state === "active" ? "active, owner membership being set up" : seen.org.state };
    },
    { what: `organization of ${ctx.tenantName({ alias: owner, tenantId: ownerTenantId })}`, timeoutMs: timeoutMs(pacing.timeouts, op, ORGANIZATION_TIMEOUT_MS), log: ctx.log },
  );
  return seen;
}

/** Removes the owner tenant itself, which ends the organization once it is the last one. */
export async function endOrganization(ctx: ProviderContext, owner: string, ownerTenantId: string, pacing: Pacing): Promise<void> {
  const g = ctx.graph(owner);
  const name = ctx.tenantName({ alias: owner, tenantId: ownerTenantId });
  if ((await api.getOrganization(g)).state !== "active") return; // already ended
  try {
    await api.removeMember(g, ownerTenantId);
  } catch (err) {
    // Refused because the owner left already (the organization read behind Graph's lag): a tenant
    // that left sees no organization. Graph's state decides, not the refusal.
    const left = async () => {
      if ((await api.getOrganization(g)).state !== "active") return true;
      const own = await api.getMember(g, ownerTenantId);
      return own === undefined || api.isLeaving(own);
    };
    const refused = err instanceof GraphRequestError && (err.kind === "notFound" || err.kind === "invalid");
    if (!(refused && (err.kind === "notFound" || (await g.confirm(left))))) {
      throw new Error(`removing owner tenant ${name} to end its organization: ${(err as Error).message}`, { cause: err });
    }
  }
  if (pacing.wait === "accepted") return;
  await waitFor(
    async () => {
      const org = await api.getOrganization(g);
      return { done: org.state !== "active", state: org.state };
    },
    { what: `end of the organization of ${name}`, timeoutMs: timeoutMs(pacing.timeouts, "delete", ORGANIZATION_TIMEOUT_MS), log: ctx.log },
  );
}
