// Typed calls of the multitenant-organization API, each with the permissions Graph requires.
import type { GraphClient } from "./client";
import { unlessNotFound } from "./errors";
import {
  type JoinRequestRecord,
  type MemberRole,
  type MultiTenantOrganization,
  type MultiTenantOrganizationMember,
  Permission,
  ZERO_TENANT_ID,
} from "../../contract/wire";

const MTO = "/tenantRelationships/multiTenantOrganization";
const READ = [Permission.MtoRead, Permission.MtoReadWrite];
const WRITE = [Permission.MtoReadWrite];

/** How long a read right after a write may see Graph's previous state (404 for a new object). */
export const READ_AFTER_WRITE_GRACE_MS = 30_000;

export const getOrganization = (g: GraphClient) =>
  g.call<MultiTenantOrganization>({ method: "GET", path: MTO, permissions: [Permission.MtoReadBasic, ...READ] });

export const putOrganization = (g: GraphClient, body: { displayName: string; description?: string }) =>
  g.call<MultiTenantOrganization>({ method: "PUT", path: MTO, body, permissions: WRITE });

export const patchOrganization = (g: GraphClient, body: { displayName?: string; description?: string | null }) =>
  g.call<void>({ method: "PATCH", path: MTO, body, permissions: WRITE });

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

export const addMember = (g: GraphClient, body: { tenantId: string; displayName: string; role?: MemberRole }) =>
  g.call<MultiTenantOrganizationMember>({ method: "POST", path: `${MTO}/tenants`, body, permissions: WRITE });

export const patchMemberRole = (g: GraphClient, tenantId: string, role: MemberRole) =>
  g.call<void>({ method: "PATCH", path: `${MTO}/tenants/${tenantId}`, body: { role }, permissions: WRITE });

export const removeMember = (g: GraphClient, tenantId: string) =>
  g.call<void>({ method: "DELETE", path: `${MTO}/tenants/${tenantId}`, permissions: WRITE });

export const getJoinRequest = (g: GraphClient) =>
  g.call<JoinRequestRecord>({ method: "GET", path: `${MTO}/joinRequest`, permissions: READ });

export const submitJoin = (g: GraphClient, addedByTenantId: string) =>
  g.call<void>({ method: "PATCH", path: `${MTO}/joinRequest`, body: { addedByTenantId }, permissions: WRITE });

/** The documented reset of a failed join request: addedByTenantId set to the all-zero id. */
export const resetJoin = (g: GraphClient) => submitJoin(g, ZERO_TENANT_ID);
