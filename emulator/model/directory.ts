// Users and groups of a tenant's directory: what the cross-tenant synchronization reads in the
// source and writes in the target. Pure functions over EmulatorState; `now` comes from the caller.
import type { Group, User } from "../../contract/sync";
import { notFound } from "./errors";
import { type EmulatorState, type GroupRecord, type UserRecord, tenantState } from "./state";

/** Soft-deleted users stay restorable for 30 days, then are purged (as Graph's deleted items). */
export const USER_RETENTION_MS = 30 * 24 * 3_600_000;

const USER = "#microsoft.graph.user";
const GROUP = "#microsoft.graph.group";

/** What Graph serves of a user: the stored origin of a synchronized one stays inside. */
export function userView(u: UserRecord): User {
  const { syncedFrom: _origin, ...rest } = u;
  return rest;
}

export function groupView(g: GroupRecord): Group {
  const { syncedFrom: _origin, members: _members, ...rest } = g;
  return rest;
}

/** Users and groups alike: deleted ones stay in the state (soft delete) but are gone from reads. */
type Soft = { deletedDateTime: string | null };
const live = <T extends Soft>(records: Record<string, T>) => Object.values(records).filter((r) => r.deletedDateTime === null);

/** A live object of the tenant; deleted or unknown ones are 404, as in Graph. */
function requireLive<T extends Soft>(records: Record<string, T>, id: string): T {
  const r = records[id.toLowerCase()];
  if (!r || r.deletedDateTime !== null) throw notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  return r;
}

export const listUsers = (state: EmulatorState, tenantId: string): User[] => live(tenantState(state, tenantId).users).map(userView);
export const requireUser = (state: EmulatorState, tenantId: string, id: string): UserRecord => requireLive(tenantState(state, tenantId).users, id);
export function listDeletedUsers(state: EmulatorState, tenantId: string): User[] {
  return Object.values(tenantState(state, tenantId).users)
    .filter((u) => u.deletedDateTime !== null)
    .map(userView);
}
export const listGroups = (state: EmulatorState, tenantId: string): Group[] => live(tenantState(state, tenantId).groups).map(groupView);
export const requireGroup = (state: EmulatorState, tenantId: string, id: string): GroupRecord => requireLive(tenantState(state, tenantId).groups, id);

/** Direct members only, each with its @odata.type (users and nested groups alike). */
export function listMembers(state: EmulatorState, tenantId: string, groupId: string): object[] {
  const t = tenantState(state, tenantId);
  return requireGroup(state, tenantId, groupId).members.flatMap((id): object[] => {
    const u = t.users[id];
    if (u && u.deletedDateTime === null) return [{ "@odata.type": USER, ...userView(u) }];
    const g = t.groups[id];
    if (g && g.deletedDateTime === null) return [{ "@odata.type": GROUP, ...groupView(g) }];
    return [];
  });
}

/** A user or group of the tenant, for assignments: which kind it is and its display name. */
export function findPrincipal(state: EmulatorState, tenantId: string, id: string): { type: "User" | "Group"; displayName: string | null } | undefined {
  const t = tenantState(state, tenantId);
  const u = t.users[id.toLowerCase()];
  if (u && u.deletedDateTime === null) return { type: "User", displayName: u.displayName };
  const g = t.groups[id.toLowerCase()];
  if (g && g.deletedDateTime === null) return { type: "Group", displayName: g.displayName };
  return undefined;
}

/** Deleted users past their retention are gone for good. */
export function purgeDeletedUsers(state: EmulatorState, now: number): void {
  for (const t of Object.values(state.tenants)) {
    for (const [id, u] of Object.entries(t.users ?? {})) {
      if (u.deletedDateTime !== null && Date.parse(u.deletedDateTime) + USER_RETENTION_MS <= now) delete t.users[id];
    }
  }
}
