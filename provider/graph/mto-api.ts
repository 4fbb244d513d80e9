// Typed calls of the multitenant-organization API, each with the permissions Graph requires. Every
// write carries the check of Graph's state that tells whether it was applied (client.ts): after an
// ambiguous outcome, a write Graph shows is never sent again.
import type { GraphClient } from "./client";
import { unlessNotFound } from "./errors";
import { type JoinRequestRecord, type MemberRole, type MultiTenantOrganization, type MultiTenantOrganizationMember, Permission, ZERO_TENANT_ID } from "../../contract/wire";

const MTO = "/tenantRelationships/multiTenantOrganization";
const READ = [Permission.MtoRead, Permission.MtoReadWrite];
const WRITE = [Permission.MtoReadWrite];

/** How long a read right after a write may see Graph's previous state (404 for a new object). */
export const READ_AFTER_WRITE_GRACE_MS = 30_000;

export const getOrganization = (g: GraphClient) => g.call<MultiTenantOrganization>({ method: "GET", path: MTO, permissions: [Permission.MtoReadBasic, ...READ] });

/** The organization is active and shows the name and description the body sets. */
const organizationShows = (g: GraphClient, body: { displayName?: string; description?: string | null }) => async () => {
  const org = await getOrganization(g);
  return (
    org.state === "active" &&
    (body.displayName === undefined || org.displayName === body.displayName) &&
    (body.description === undefined || (org.description ?? null) === (body.description ?? null))
  );
};

/** Creates the organization (or updates the tenant's own). Undefined when confirmed after an ambiguous outcome. */
export const putOrganization = (g: GraphClient, body: { displayName: string; description?: string }) =>
  g.call<MultiTenantOrganization | undefined>({ method: "PUT", path: MTO, body, permissions: WRITE, applied: organizationShows(g, body) });

export const patchOrganization = (g: GraphClient, body: { displayName?: string; description?: string | null }) =>
  g.call<void>({ method: "PATCH", path: MTO, body, permissions: WRITE, applied: organizationShows(g, body) });

/** Every member, following `@odata.nextLink` should Graph page the list. */
export async function listMembers(g: GraphClient): Promise<MultiTenantOrganizationMember[]> {
  const members: MultiTenantOrganizationMember[] = [];
  let path: string | undefined = `${MTO}/tenants`;
  while (path) {
    const page: { value: MultiTenantOrganizationMember[]; "@odata.nextLink"?: string } = await g.call({ method: "GET", path, permissions: READ });
    members.push(...page.value);
    path = page["@odata.nextLink"];
  }
  return members;
}

/**
 * The member list as refresh reads it: every member resource of an owner (and the owner's
 * organization) finds its record in one list, so N members cost one request, not N. The list is
 * shared while in flight and reused for up to REFRESH_LIST_REUSE_MS after, never once this process
 * has started a write since it was asked for (client.ts counts them); a list that failed is not
 * kept. Operations that write, and their waits, read Graph directly (getMember).
 */
export async function membersForRefresh(g: GraphClient): Promise<MultiTenantOrganizationMember[]> {
  const hit = g.cache.get(REFRESH_LIST) as RefreshList | undefined;
  if (hit && hit.writes === g.writesSoFar && (hit.at === undefined || Date.now() - hit.at < REFRESH_LIST_REUSE_MS)) return hit.list;
  const entry: RefreshList = { writes: g.writesSoFar, list: listMembers(g) };
  g.cache.set(REFRESH_LIST, entry);
  entry.list.then(
    () => (entry.at = Date.now()),
    () => g.cache.get(REFRESH_LIST) === entry && g.cache.delete(REFRESH_LIST),
  );
  return entry.list;
}

/** A refresh runs in seconds, even for hundreds of members; a list this old is read again. */
export const REFRESH_LIST_REUSE_MS = 30_000;

interface RefreshList {
  /** The client's writesSoFar when the list was asked for. */
  writes: number;
  /** When it arrived. */
  at?: number;
  list: Promise<MultiTenantOrganizationMember[]>;
}

/** Where a client keeps the member list its refresh reads share. */
const REFRESH_LIST = "members for refresh";

/** A member, or undefined once Graph answers 404 (never added, or removal finished). */
export const getMember = (g: GraphClient, tenantId: string, afterWrite = false): Promise<MultiTenantOrganizationMember | undefined> =>
  unlessNotFound(
    g.call<MultiTenantOrganizationMember>({
      method: "GET",
      path: `${MTO}/tenants/${tenantId}`,
      permissions: READ,
      notFoundGraceMs: afterWrite ? READ_AFTER_WRITE_GRACE_MS : 0,
    }),
  );

/** A removal Graph is processing (the member keeps its state until it is done). */
export const isLeaving = (m: MultiTenantOrganizationMember) => m.transitionDetails?.desiredState === "removed" && m.transitionDetails.status !== "failed";

/** The role a member has, or will have once the role change Graph is processing applies. */
export function roleToBe(m: MultiTenantOrganizationMember): MemberRole {
  const t = m.transitionDetails;
  return t && t.status !== "failed" && t.desiredState !== "removed" && t.desiredRole ? t.desiredRole : m.role;
}

/**
 * Adds a tenant. Applied: Graph shows the member (and is not removing it). Undefined when confirmed
 * after an ambiguous outcome: a POST is never sent twice for a member Graph shows.
 */
export const addMember = (g: GraphClient, body: { tenantId: string; displayName: string; role?: MemberRole }) =>
  g.call<MultiTenantOrganizationMember | undefined>({
    method: "POST",
    path: `${MTO}/tenants`,
    body,
    permissions: WRITE,
    applied: async () => {
      const m = await getMember(g, body.tenantId);
      return m !== undefined && !isLeaving(m);
    },
  });

/** Applied: the member has the role, or Graph is processing the change to it. */
export const patchMemberRole = (g: GraphClient, tenantId: string, role: MemberRole) =>
  g.call<void>({
    method: "PATCH",
    path: `${MTO}/tenants/${tenantId}`,
    body: { role },
    permissions: WRITE,
    applied: async () => {
      const m = await getMember(g, tenantId);
      return m !== undefined && !isLeaving(m) && roleToBe(m) === role;
    },
  });

/**
 * Removes a tenant (an owner removing another, or a tenant removing itself). Applied: Graph is
 * removing it, or no longer shows it (a tenant that left sees no organization, hence 404 too).
 */
export const removeMember = (g: GraphClient, tenantId: string) =>
  g.call<void>({
    method: "DELETE",
    path: `${MTO}/tenants/${tenantId}`,
    permissions: WRITE,
    applied: async () => {
      const m = await getMember(g, tenantId);
      return m === undefined || isLeaving(m);
    },
  });

export const getJoinRequest = (g: GraphClient) => g.call<JoinRequestRecord>({ method: "GET", path: `${MTO}/joinRequest`, permissions: READ });

/**
 * Whether the join request shows a join toward `owner` that Graph took: being processed, active, or
 * failed (a failed record names the owner only after a join toward it was submitted).
 */
export const joinTaken = (jr: JoinRequestRecord, owner: string) =>
  jr.addedByTenantId.toLowerCase() === owner.toLowerCase() && (jr.memberState === "active" || jr.transitionDetails !== null);

/**
 * Submits a join toward `addedByTenantId`. Applied: the join request shows that join (joinTaken).
 * After an ambiguous outcome it is submitted again only while Graph does not show it.
 */
export const submitJoin = (g: GraphClient, addedByTenantId: string) =>
  g.call<void>({
    method: "PATCH",
    path: `${MTO}/joinRequest`,
    body: { addedByTenantId },
    permissions: WRITE,
    applied: async () => joinTaken(await getJoinRequest(g), addedByTenantId),
  });

/**
 * The documented reset of a failed join request: addedByTenantId set to the all-zero id. Applied:
 * the join request no longer shows a failure.
 */
export const resetJoin = (g: GraphClient) =>
  g.call<void>({
    method: "PATCH",
    path: `${MTO}/joinRequest`,
    body: { addedByTenantId: ZERO_TENANT_ID },
    permissions: WRITE,
    applied: async () => (await getJoinRequest(g)).transitionDetails?.status !== "failed",
  });
