// Soft delete: a deleted partner configuration or identity synchronization policy is kept for 30
// days under /policies/deletedItems, then purged as time passes. Only an administrator signed in
// (delegated) can restore or purge one earlier; application permissions can do neither, so an
// application that deletes a partner cannot create it again until the 30 days are over.
import type { PartnerConfiguration } from "../../../contract/wire";
import { type GraphError, conflict, forbidden, notFound } from "../errors";
import { type DeletedItem, type EmulatorState, type TenantState, tenantState } from "../state";
import { graphTime } from "../timing";

export const RETENTION_DAYS = 30;
const RETENTION_MS = RETENTION_DAYS * 24 * 60 * 60 * 1000;

export function softDeletePartner(t: TenantState, partner: PartnerConfiguration, now: number): void {
  const { identitySynchronization: _none, ...item } = partner;
  t.deletedPartners[partner.tenantId] = { item: { ...item, isInMultiTenantOrganization: false }, deletedAt: now };
  delete t.partners[partner.tenantId];
}

export function softDeleteSync(t: TenantState, partner: PartnerConfiguration, now: number): void {
  if (!partner.identitySynchronization) return;
  t.deletedSyncPolicies[partner.tenantId] = { item: partner.identitySynchronization, deletedAt: now };
  delete partner.identitySynchronization;
}

export const discardDeletedPartner = (t: TenantState, partnerId: string) => delete t.deletedPartners[partnerId];
export const discardDeletedSync = (t: TenantState, partnerId: string) => delete t.deletedSyncPolicies[partnerId];

/** Drops every item whose 30 days are over. Called as time passes, like the jobs. */
export function purgeExpiredDeletedItems(state: EmulatorState, now: number): void {
  for (const t of Object.values(state.tenants)) {
    for (const bin of [t.deletedPartners, t.deletedSyncPolicies] as Record<string, DeletedItem<unknown>>[]) {
      for (const [id, d] of Object.entries(bin)) if (now - d.deletedAt >= RETENTION_MS) delete bin[id];
    }
  }
}

/** Why a partner configuration cannot be created while a soft-deleted one exists. */
export function deletedPartnerConflict(t: TenantState, partnerId: string): GraphError | undefined {
  const d = t.deletedPartners[partnerId];
  if (!d) return undefined;
  return conflict(
    `A partner configuration for tenant ${partnerId} was deleted on ${graphTime(d.deletedAt)} and is kept as a deleted item for ${RETENTION_DAYS} days ` +
      `(until ${graphTime(d.deletedAt + RETENTION_MS)}). An administrator signed in with delegated permissions must restore it ` +
      `(POST /policies/deletedItems/crossTenantPartners/${partnerId}/restore) or delete it permanently ` +
      `(DELETE /policies/deletedItems/crossTenantPartners/${partnerId}) before it can be created again; application permissions can do neither.`,
  );
}

const view = <T extends object>(d: DeletedItem<T>): T & { deletedDateTime: string } => ({ ...d.item, deletedDateTime: graphTime(d.deletedAt) });

export const listDeletedPartners = (state: EmulatorState, tenantId: string) => Object.values(tenantState(state, tenantId).deletedPartners).map(view);

export function getDeletedPartner(state: EmulatorState, tenantId: string, partnerId: string) {
  const d = tenantState(state, tenantId).deletedPartners[partnerId.toLowerCase()];
  if (!d) throw notFound(`No deleted partner configuration exists for tenant ${partnerId}.`);
  return view(d);
}

// The deleted-items container exists under /beta only, so these views carry the beta properties.
export const listDeletedSyncPolicies = (state: EmulatorState, tenantId: string) => Object.values(tenantState(state, tenantId).deletedSyncPolicies).map(view);

export function getDeletedSync(state: EmulatorState, tenantId: string, partnerId: string) {
  const d = tenantState(state, tenantId).deletedSyncPolicies[partnerId.toLowerCase()];
  if (!d) throw notFound(`No deleted identity synchronization policy exists for tenant ${partnerId}.`);
  return view(d);
}

/** Restore and permanent delete exist for delegated callers only; every caller here is an application. */
export function refuseForApplications(action: "restore" | "permanently delete", what: string): never {
  throw forbidden(
    `Insufficient privileges to ${action} a deleted ${what}: this operation requires a signed-in administrator (delegated permissions); ` +
      `application permissions can neither restore nor permanently delete deleted items.`,
  );
}
