// Partner configurations (keyed by the partner's tenant id) and their identity synchronization.
// Deletes are soft (deleted-items.ts); bodies arrive checked for shape and are normalised here.
import { GUID_PATTERN, type IdentitySyncPolicyPartner, PARTNER_SETTING_KEYS, type PartnerConfiguration, SERVICE_FILLED_KEYS } from "../../../contract/wire";
import { badRequest, conflict, notFound } from "../errors";
import { type EmulatorState, tenantState } from "../state";
import { unconfiguredPartner } from "./defaults";
import { deletedPartnerConflict, discardDeletedSync, softDeletePartner, softDeleteSync } from "./deleted-items";
import { normalizeSettings } from "./settings";

type Body = Record<string, unknown>;
const WRITABLE = [...PARTNER_SETTING_KEYS, ...SERVICE_FILLED_KEYS, "isServiceProvider"] as const;

const partnerNotFound = (id: string) => notFound(`Partner configuration for tenant ${id} was not found.`, "Request_ResourceNotFound");

/** groupSyncInbound exists under /beta only. */
export function syncView(sync: IdentitySyncPolicyPartner, beta: boolean): IdentitySyncPolicyPartner {
  const { groupSyncInbound, ...rest } = sync;
  return beta ? { ...rest, groupSyncInbound: groupSyncInbound ?? null } : rest;
}

function partnerView(p: PartnerConfiguration, opts: { expand: boolean; beta: boolean }): PartnerConfiguration {
  const { identitySynchronization, ...rest } = p;
  if (!opts.expand) return rest;
  return { ...rest, identitySynchronization: identitySynchronization ? syncView(identitySynchronization, opts.beta) : null };
}

function requirePartner(state: EmulatorState, tenantId: string, partnerId: string): PartnerConfiguration {
  const p = tenantState(state, tenantId).partners[partnerId.toLowerCase()];
  if (!p) throw partnerNotFound(partnerId);
  return p;
}

/** A key in a body must name the object it is sent to. */
function checkKey(body: Body, key: string, what: string): void {
  if ("tenantId" in body && String(body.tenantId).toLowerCase() !== key) {
    throw badRequest(`Property 'tenantId' is the key of the ${what} and is read-only: '${String(body.tenantId)}' does not match '${key}'.`);
  }
}

function apply(p: PartnerConfiguration, body: Body): void {
  const settings = normalizeSettings(body);
  for (const key of WRITABLE) if (key in settings) (p as unknown as Body)[key] = settings[key];
}

export function listPartners(state: EmulatorState, tenantId: string, opts: { expand: boolean; beta: boolean }): PartnerConfiguration[] {
  return Object.values(tenantState(state, tenantId).partners).map((p) => partnerView(p, opts));
}

export function getPartner(state: EmulatorState, tenantId: string, partnerId: string, opts = { expand: false, beta: false }): PartnerConfiguration {
  return partnerView(requirePartner(state, tenantId, partnerId), opts);
}

export function createPartner(state: EmulatorState, tenantId: string, body: Body): PartnerConfiguration {
  const t = tenantState(state, tenantId);
  if (typeof body.tenantId !== "string" || !GUID_PATTERN.test(body.tenantId)) throw badRequest("Property 'tenantId' is required and must be a tenant id (GUID).");
  const id = body.tenantId.toLowerCase();
  if (id === tenantId) throw badRequest("A tenant cannot be its own partner.");
  if (t.partners[id]) throw conflict(`A partner configuration for tenant ${body.tenantId} already exists.`);
  const deleted = deletedPartnerConflict(t, id);
  if (deleted) throw deleted;
  const partner = unconfiguredPartner(id);
  apply(partner, body);
  t.partners[id] = partner;
  return partnerView(partner, { expand: false, beta: false });
}

export function patchPartner(state: EmulatorState, tenantId: string, partnerId: string, body: Body): void {
  const p = requirePartner(state, tenantId, partnerId);
  checkKey(body, p.tenantId, "partner configuration");
  apply(p, body);
}

export function deletePartner(state: EmulatorState, tenantId: string, partnerId: string, now: number): void {
  const p = requirePartner(state, tenantId, partnerId);
  if (p.identitySynchronization) {
    throw badRequest(
      `The partner configuration for tenant ${p.tenantId} has an identity synchronization policy; delete it first ` +
        `(DELETE /policies/crossTenantAccessPolicy/partners/${p.tenantId}/identitySynchronization), then the partner configuration.`,
    );
  }
  softDeletePartner(tenantState(state, tenantId), p, now);
}

// ---- identity synchronization of a partner ----

export function getIdentitySync(state: EmulatorState, tenantId: string, partnerId: string, beta = false): IdentitySyncPolicyPartner {
  const sync = requirePartner(state, tenantId, partnerId).identitySynchronization;
  if (!sync) throw notFound(`No identity synchronization policy exists for partner ${partnerId}.`);
  return syncView(sync, beta);
}

/** PUT creates or replaces; a soft-deleted policy of the same partner is superseded and dropped. */
export function putIdentitySync(state: EmulatorState, tenantId: string, partnerId: string, body: Body): void {
  const p = requirePartner(state, tenantId, partnerId);
  checkKey(body, p.tenantId, "identity synchronization policy");
  const settings = normalizeSettings(body);
  discardDeletedSync(tenantState(state, tenantId), p.tenantId);
  p.identitySynchronization = {
    tenantId: p.tenantId,
    displayName: (settings.displayName as string | null | undefined) ?? null,
    userSyncInbound: (settings.userSyncInbound as IdentitySyncPolicyPartner["userSyncInbound"]) ?? null,
    groupSyncInbound: (settings.groupSyncInbound as IdentitySyncPolicyPartner["groupSyncInbound"]) ?? null,
  };
}

export function patchIdentitySync(state: EmulatorState, tenantId: string, partnerId: string, body: Body): void {
  const p = requirePartner(state, tenantId, partnerId);
  if (!p.identitySynchronization) throw notFound(`No identity synchronization policy exists for partner ${partnerId}.`);
  checkKey(body, p.tenantId, "identity synchronization policy");
  const settings = normalizeSettings(body);
  for (const key of ["displayName", "userSyncInbound", "groupSyncInbound"] as const) {
    if (key in settings) (p.identitySynchronization as unknown as Body)[key] = settings[key];
  }
}

export function deleteIdentitySync(state: EmulatorState, tenantId: string, partnerId: string, now: number): void {
  const p = requirePartner(state, tenantId, partnerId);
  if (!p.identitySynchronization) throw notFound(`No identity synchronization policy exists for partner ${partnerId}.`);
  softDeleteSync(tenantState(state, tenantId), p, now);
}
