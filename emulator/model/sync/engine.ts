// What one synchronization pass does to the target: users in scope are matched by their source
// identity (what alternativeSecurityIds stands for) and created, updated or restored; users this
// job brought that left the scope are soft-deleted; assigned groups follow when the group mapping
// is enabled. Used by cycles (cycle.ts) and by provisionOnDemand (one user).
import type { ObjectMapping, SynchronizationSchema } from "../../../contract/sync";
import type { EmulatorState, GroupRecord, ServicePrincipalRecord, SyncJobRecord, SyncOrigin, UserRecord } from "../state";
import { nextId } from "../state";
import { graphTime } from "../timing";
import { type LogContext, type LogEntry, logEvent } from "./logs";
import { groupSyncAllowed, secretValue } from "./policy";
import { flowTypes, objectMapping } from "./schema";

export interface Scope {
  users: UserRecord[];
  /** Assigned users that cannot be synchronized (guests): logged as skipped. */
  ineligible: UserRecord[];
  groups: GroupRecord[];
}

const live = <T extends { deletedDateTime: string | null }>(o: T | undefined): o is T => !!o && o.deletedDateTime === null;
const eligible = (u: UserRecord) => u.userType === "Member" && !u.syncedFrom;

/**
 * SyncAll "true": every internal member. Otherwise users assigned directly and the direct user
 * members of assigned groups (nested groups do not cascade). Groups: the assigned ones.
 */
export function scopeOf(state: EmulatorState, sourceTenantId: string, sp: ServicePrincipalRecord): Scope {
  const t = state.tenants[sourceTenantId];
  const groups = sp.assignments.map((a) => t.groups[a.principalId]).filter(live);
  if (secretValue(sp.secrets, "SyncAll")?.toLowerCase() === "true") {
    return { users: Object.values(t.users).filter((u) => live(u) && eligible(u)), ineligible: [], groups };
  }
  const candidates = new Map<string, UserRecord>();
  for (const a of sp.assignments) {
    const direct = t.users[a.principalId];
    if (live(direct)) candidates.set(direct.id, direct);
    for (const m of t.groups[a.principalId]?.members ?? []) if (live(t.users[m])) candidates.set(m, t.users[m]);
  }
  const all = [...candidates.values()];
  return { users: all.filter(eligible), ineligible: all.filter((u) => !eligible(u)), groups };
}

/** `alias@domain` becomes `alias_domain#EXT#@<target domain>`, as for every B2B user. */
const externalName = (upn: string, targetDomain: string) => `${upn.replace("@", "_")}#EXT#@${targetDomain}`;

function mappedValue(source: UserRecord, name: string | null, type: string, targetDomain: string): unknown {
  if (type === "Constant") return name === "true" ? true : name === "false" ? false : name;
  if (type !== "Attribute" || !name) return undefined;
  if (name === "userPrincipalName") return externalName(source.userPrincipalName, targetDomain);
  if (name === "mailNickname") return `${source.userPrincipalName.replace("@", "_")}#EXT#`;
  return source[name];
}

/** Applies the mapping's attributes (ObjectAddOnly ones only when creating); null values are never provisioned. */
function applyMappings(target: UserRecord, source: UserRecord, mapping: ObjectMapping, creating: boolean, targetDomain: string): LogEntry["modified"] {
  const modified: NonNullable<LogEntry["modified"]> = [];
  for (const m of mapping.attributeMappings ?? []) {
    if ((m.matchingPriority ?? 0) > 0 || (m.flowType === "ObjectAddOnly" && !creating) || !m.source) continue;
    const value = mappedValue(source, m.source.name, m.source.type, targetDomain);
    if (value === undefined || value === null) continue;
    const before = target[m.targetAttributeName];
    if (before === value) continue;
    target[m.targetAttributeName] = value;
    modified.push({ displayName: m.targetAttributeName, oldValue: before === undefined || before === null ? null : String(before), newValue: String(value) });
  }
  return modified;
}

export interface PassContext {
  state: EmulatorState;
  log: LogContext;
  rec: SyncJobRecord;
}

/** The target user standing for `source` (live or soft-deleted), whichever job brought it. */
function matchUser(state: EmulatorState, target: string, sourceTenant: string, sourceId: string): UserRecord | undefined {
  return Object.values(state.tenants[target].users).find((u) => u.syncedFrom?.tenantId === sourceTenant && u.syncedFrom.objectId === sourceId);
}

/** Provisions one source user; returns whether anything was exported. */
export function provisionUser(p: PassContext, source: UserRecord, schema: SynchronizationSchema): boolean {
  const { state, log } = p;
  const mapping = objectMapping(schema, "User");
  const flows = mapping ? flowTypes(mapping) : new Set<string>();
  if (!mapping?.enabled) return false;
  const targetTenant = state.tenants[log.targetTenantId];
  const domain = state.world.tenants.find((t) => t.id === log.targetTenantId)!.defaultDomain;
  const origin: SyncOrigin = { tenantId: log.sourceTenantId, objectId: source.id, servicePrincipalId: log.sp.servicePrincipal.id, jobId: log.jobId };
  const who = { id: source.id, displayName: source.displayName, principalName: source.userPrincipalName };
  const existing = matchUser(state, log.targetTenantId, log.sourceTenantId, source.id);
  const tenant = state.tenants[log.sourceTenantId];
  if (!existing) {
    if (!flows.has("add")) return false;
    const created: UserRecord = {
      id: nextId(state),
      displayName: source.displayName,
      mailNickname: "",
      userPrincipalName: externalName(source.userPrincipalName, domain),
      mail: source.mail,
      // An invitation's default, unless the mapping sets it.
      userType: "Guest",
      accountEnabled: true,
      showInAddressList: null,
      creationType: "Invitation",
      externalUserState: "Accepted",
      externalUserStateChangeDateTime: graphTime(log.at),
      deletedDateTime: null,
      syncedFrom: origin,
    };
    const modified = applyMappings(created, source, mapping, true, domain);
    targetTenant.users[created.id] = created;
    logEvent(tenant, log, { action: "create", status: "success", kind: "User", source: who, targetId: created.id, modified });
    return true;
  }
  existing.syncedFrom = origin;
  const restored = existing.deletedDateTime !== null;
  if (restored) existing.deletedDateTime = null;
  const modified = flows.has("update") ? applyMappings(existing, source, mapping, false, domain) : [];
  if (!restored && !modified?.length) return false;
  logEvent(tenant, log, { action: "update", status: "success", kind: "User", source: who, targetId: existing.id, modified });
  return true;
}

/** One pass over the whole scope; returns how many objects were exported (created, updated, deleted). */
export function synchronize(p: PassContext, scope: Scope, initial: boolean): number {
  const { state, log, rec } = p;
  const sourceTenant = state.tenants[log.sourceTenantId];
  const target = state.tenants[log.targetTenantId];
  let exported = 0;
  for (const u of scope.users) if (provisionUser(p, u, rec.schema)) exported += 1;
  if (initial) {
    for (const u of scope.ineligible) {
      const reason = `User '${u.userPrincipalName}' is not an internal member of the source tenant; only internal members are synchronized.`;
      logEvent(sourceTenant, log, {
        action: "other",
        status: "skipped",
        kind: "User",
        source: { id: u.id, displayName: u.displayName, principalName: u.userPrincipalName },
        targetId: "",
        error: { code: "NotEffectivelyEntitled", reason },
      });
    }
  }
  // Users this job brought that are no longer in scope: soft-deleted, unless Delete is not a flow.
  const mapping = objectMapping(rec.schema, "User");
  const inScope = new Set(scope.users.map((u) => u.id));
  if (mapping && flowTypes(mapping).has("delete")) {
    for (const u of Object.values(target.users)) {
      if (u.deletedDateTime !== null || u.syncedFrom?.jobId !== log.jobId || inScope.has(u.syncedFrom.objectId)) continue;
      u.deletedDateTime = graphTime(log.at);
      const src = sourceTenant.users[u.syncedFrom.objectId];
      logEvent(sourceTenant, log, {
        action: "delete",
        status: "success",
        kind: "User",
        source: { id: u.syncedFrom.objectId, displayName: src?.displayName ?? null, principalName: src?.userPrincipalName },
        targetId: u.id,
      });
      exported += 1;
    }
  }
  return exported + synchronizeGroups(p, scope, initial);
}

function synchronizeGroups(p: PassContext, scope: Scope, initial: boolean): number {
  const { state, log, rec } = p;
  const mapping = objectMapping(rec.schema, "Group");
  if (!mapping?.enabled) return 0;
  const sourceTenant = state.tenants[log.sourceTenantId];
  const target = state.tenants[log.targetTenantId];
  if (!groupSyncAllowed(state, log.sourceTenantId, log.targetTenantId)) {
    if (initial) {
      for (const g of scope.groups) {
        logEvent(sourceTenant, log, {
          action: "other",
          status: "skipped",
          kind: "Group",
          source: { id: g.id, displayName: g.displayName },
          targetId: "",
          error: { code: "GroupSyncNotAllowed", reason: `Target tenant ${log.targetTenantId} does not allow group synchronization from this tenant (groupSyncInbound).` },
        });
      }
    }
    return 0;
  }
  const flows = flowTypes(mapping);
  let exported = 0;
  const linkedUser = (sourceId: string) =>
    Object.values(target.users).find((u) => live(u) && u.syncedFrom?.tenantId === log.sourceTenantId && u.syncedFrom.objectId === sourceId)?.id;
  for (const g of scope.groups) {
    const members = g.members.map(linkedUser).filter((id): id is string => !!id);
    const existing = Object.values(target.groups).find((x) => x.syncedFrom?.tenantId === log.sourceTenantId && x.syncedFrom.objectId === g.id);
    const origin: SyncOrigin = { tenantId: log.sourceTenantId, objectId: g.id, servicePrincipalId: log.sp.servicePrincipal.id, jobId: log.jobId };
    if (!existing) {
      if (!flows.has("add")) continue;
      const id = nextId(state);
      target.groups[id] = { ...g, id, members, deletedDateTime: null, syncedFrom: origin };
      logEvent(sourceTenant, log, { action: "create", status: "success", kind: "Group", source: { id: g.id, displayName: g.displayName }, targetId: id });
      exported += 1;
      continue;
    }
    const changed = existing.deletedDateTime !== null || existing.displayName !== g.displayName || existing.members.join() !== members.join();
    existing.syncedFrom = origin;
    if (!changed || !flows.has("update")) continue;
    Object.assign(existing, { displayName: g.displayName, members, deletedDateTime: null });
    logEvent(sourceTenant, log, { action: "update", status: "success", kind: "Group", source: { id: g.id, displayName: g.displayName }, targetId: existing.id });
    exported += 1;
  }
  if (flows.has("delete")) {
    const assigned = new Set(scope.groups.map((g) => g.id));
    for (const x of Object.values(target.groups)) {
      if (x.deletedDateTime !== null || x.syncedFrom?.jobId !== log.jobId || assigned.has(x.syncedFrom.objectId)) continue;
      x.deletedDateTime = graphTime(log.at);
      logEvent(sourceTenant, log, { action: "delete", status: "success", kind: "Group", source: { id: x.syncedFrom.objectId, displayName: x.displayName }, targetId: x.id });
      exported += 1;
    }
  }
  return exported;
}

/** "user to User" (and "group to Group" with groups on): live target objects this job keeps. */
export function entryCounts(state: EmulatorState, target: string, jobId: string, groupsOn: boolean): { key: string; value: number }[] {
  const t = state.tenants[target];
  const counts = [{ key: "user to User", value: Object.values(t.users).filter((u) => live(u) && u.syncedFrom?.jobId === jobId).length }];
  if (groupsOn) counts.push({ key: "group to Group", value: Object.values(t.groups).filter((g) => live(g) && g.syncedFrom?.jobId === jobId).length });
  return counts;
}
