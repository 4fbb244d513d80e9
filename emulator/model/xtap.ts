// Cross-tenant access policy of each tenant: the policy, its default, partner configurations with
// their identity synchronization, and the two MTO templates applied when tenants join.
import {
  type DefaultConfiguration,
  type IdentitySyncPolicyPartner,
  type IdentitySyncTemplate,
  PARTNER_SETTING_KEYS,
  type PartnerConfiguration,
  type PartnerConfigurationTemplate,
  type PartnerSettings,
  GUID_PATTERN,
  TEMPLATE_LEVEL_FLAGS,
} from "../../contract/wire";
import { badRequest, conflict, notFound } from "./errors";
import {
  type EmulatorState,
  type Organization,
  defaultIdentitySyncTemplate,
  defaultPartnerTemplate,
  serviceDefaultConfiguration,
  tenantState,
} from "./state";


const partnerNotFound = (id: string) =>
  notFound(`Partner configuration for tenant ${id} was not found.`, "Request_ResourceNotFound");

export function unconfiguredPartner(tenantId: string): PartnerConfiguration {
  return {
    tenantId,
    inboundTrust: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
    b2bCollaborationInbound: null,
    b2bCollaborationOutbound: null,
    b2bDirectConnectInbound: null,
    b2bDirectConnectOutbound: null,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
  };
}

// ---- templates ----

/** Parses the flags string; "" and null mean none (the Entra how-to disables templates with ""). */
export function parseApplicationLevel(value: unknown): Set<string> {
  if (value === null || value === "") return new Set(["none"]);
  if (typeof value !== "string") throw badRequest("Property 'templateApplicationLevel' must be a string of flags.");
  const flags = value.split(",").map((f) => f.trim());
  for (const f of flags) {
    if (!(TEMPLATE_LEVEL_FLAGS as readonly string[]).includes(f)) {
      throw badRequest(`Invalid value '${f}' for property 'templateApplicationLevel'; expected a combination of ${TEMPLATE_LEVEL_FLAGS.join(", ")}.`);
    }
  }
  return new Set(flags);
}

/** Canonical wire form: flags in declaration order, "none" alone when nothing else is set. */
export function formatApplicationLevel(flags: Set<string>): string {
  const set = TEMPLATE_LEVEL_FLAGS.filter((f) => f !== "none" && flags.has(f));
  return set.length ? set.join(",") : "none";
}

export function getPartnerTemplate(state: EmulatorState, tenantId: string): PartnerConfigurationTemplate {
  return tenantState(state, tenantId).partnerTemplate;
}

export function patchPartnerTemplate(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  const next = { ...t.partnerTemplate };
  if ("templateApplicationLevel" in body) next.templateApplicationLevel = formatApplicationLevel(parseApplicationLevel(body.templateApplicationLevel));
  for (const key of PARTNER_SETTING_KEYS) if (key in body) (next as Record<string, unknown>)[key] = body[key];
  t.partnerTemplate = next;
}

export function resetPartnerTemplate(state: EmulatorState, tenantId: string): void {
  const t = tenantState(state, tenantId);
  t.partnerTemplate = defaultPartnerTemplate(t.partnerTemplate.id);
}

export function getIdentitySyncTemplate(state: EmulatorState, tenantId: string): IdentitySyncTemplate {
  return tenantState(state, tenantId).identitySyncTemplate;
}

export function patchIdentitySyncTemplate(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  const next = { ...t.identitySyncTemplate };
  if ("templateApplicationLevel" in body) next.templateApplicationLevel = formatApplicationLevel(parseApplicationLevel(body.templateApplicationLevel));
  if ("userSyncInbound" in body) next.userSyncInbound = body.userSyncInbound as IdentitySyncTemplate["userSyncInbound"];
  t.identitySyncTemplate = next;
}

export function resetIdentitySyncTemplate(state: EmulatorState, tenantId: string): void {
  const t = tenantState(state, tenantId);
  t.identitySyncTemplate = defaultIdentitySyncTemplate(t.identitySyncTemplate.id);
}

/** A template value applies only where it is non-null; objects of booleans apply field by field. */
function applySettings(target: PartnerSettings, template: PartnerSettings): void {
  for (const key of PARTNER_SETTING_KEYS) {
    const value = template[key];
    if (value === null || value === undefined) continue;
    if (key === "inboundTrust" || key === "automaticUserConsentSettings") {
      const merged: Record<string, unknown> = { ...(target[key] ?? {}) };
      for (const [k, v] of Object.entries(value)) if (v !== null) merged[k] = v;
      (target as unknown as Record<string, unknown>)[key] = merged;
    } else {
      (target as unknown as Record<string, unknown>)[key] = structuredClone(value);
    }
  }
}

/**
 * At a join, each pair of active tenants gets partner settings in both directions: missing ones are
 * generated unconfigured ("new"), then each side's templates amend them according to the level.
 */
export function applyJoinToCrossTenantSettings(state: EmulatorState, org: Organization, joinerId: string): void {
  const others = Object.values(org.members).filter((m) => m.state === "active" && m.tenantId !== joinerId);
  for (const other of others) {
    amendPartner(state, joinerId, other.tenantId, other.displayName);
    amendPartner(state, other.tenantId, joinerId, org.members[joinerId].displayName);
  }
}

function amendPartner(state: EmulatorState, ownerId: string, partnerId: string, partnerName: string): void {
  const t = state.tenants[ownerId];
  const isNew = !t.partners[partnerId];
  const partner = t.partners[partnerId] ?? unconfiguredPartner(partnerId);
  partner.isInMultiTenantOrganization = true;
  const wants = (level: string) => parseApplicationLevel(level).has(isNew ? "newPartners" : "existingPartners");
  if (wants(t.partnerTemplate.templateApplicationLevel)) applySettings(partner, t.partnerTemplate);
  const syncIsNew = !partner.identitySynchronization;
  const sync: IdentitySyncPolicyPartner = partner.identitySynchronization ?? {
    tenantId: partnerId,
    displayName: partnerName,
    userSyncInbound: { isSyncAllowed: null },
  };
  const syncLevel = parseApplicationLevel(t.identitySyncTemplate.templateApplicationLevel);
  const syncValue = t.identitySyncTemplate.userSyncInbound?.isSyncAllowed;
  if (syncLevel.has(syncIsNew ? "newPartners" : "existingPartners") && syncValue !== null && syncValue !== undefined) {
    sync.userSyncInbound = { isSyncAllowed: syncValue };
  }
  partner.identitySynchronization = sync;
  t.partners[partnerId] = partner;
}

/** Leaving reverts nothing (the docs say so) except the membership flag of each pair. */
export function markPairsOutOfOrganization(state: EmulatorState, org: Organization, leaverId: string): void {
  for (const m of Object.values(org.members)) {
    if (m.tenantId === leaverId) continue;
    const a = state.tenants[leaverId].partners[m.tenantId];
    const b = state.tenants[m.tenantId]?.partners[leaverId];
    if (a) a.isInMultiTenantOrganization = false;
    if (b) b.isInMultiTenantOrganization = false;
  }
}

// ---- the policy and its default ----

export const getPolicy = (state: EmulatorState, tenantId: string) => tenantState(state, tenantId).policy;

export function patchPolicy(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  if ("allowedCloudEndpoints" in body && !Array.isArray(body.allowedCloudEndpoints)) {
    throw badRequest("Property 'allowedCloudEndpoints' must be an array of strings.");
  }
  if ("displayName" in body) t.policy.displayName = String(body.displayName);
  if ("description" in body) t.policy.description = body.description as string | null;
  if (Array.isArray(body.allowedCloudEndpoints)) t.policy.allowedCloudEndpoints = body.allowedCloudEndpoints.map(String);
}

export const getDefaultConfiguration = (state: EmulatorState, tenantId: string): DefaultConfiguration =>
  tenantState(state, tenantId).defaultConfiguration;

export function patchDefaultConfiguration(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  for (const key of PARTNER_SETTING_KEYS) if (key in body) (t.defaultConfiguration as unknown as Record<string, unknown>)[key] = body[key];
  t.defaultConfiguration.isServiceDefault = false;
}

export function resetDefaultConfiguration(state: EmulatorState, tenantId: string): void {
  tenantState(state, tenantId).defaultConfiguration = serviceDefaultConfiguration();
}

// ---- partners ----

export function listPartners(state: EmulatorState, tenantId: string, expandIdentitySync: boolean): PartnerConfiguration[] {
  return Object.values(tenantState(state, tenantId).partners).map((p) => partnerView(p, expandIdentitySync));
}

function partnerView(p: PartnerConfiguration, expandIdentitySync: boolean): PartnerConfiguration {
  const { identitySynchronization, ...rest } = p;
  return expandIdentitySync ? { ...rest, identitySynchronization: identitySynchronization ?? null } : rest;
}

export function getPartner(state: EmulatorState, tenantId: string, partnerId: string, expand = false): PartnerConfiguration {
  const p = tenantState(state, tenantId).partners[partnerId.toLowerCase()];
  if (!p) throw partnerNotFound(partnerId);
  return partnerView(p, expand);
}

export function createPartner(state: EmulatorState, tenantId: string, body: Record<string, unknown>): PartnerConfiguration {
  const t = tenantState(state, tenantId);
  if (typeof body.tenantId !== "string" || !GUID_PATTERN.test(body.tenantId)) throw badRequest("Property 'tenantId' is required and must be a tenant id (GUID).");
  const id = body.tenantId.toLowerCase();
  if (id === tenantId) throw badRequest("A tenant cannot be its own partner.");
  if (t.partners[id]) throw conflict(`A partner configuration for tenant ${body.tenantId} already exists.`);
  const partner = unconfiguredPartner(id);
  for (const key of PARTNER_SETTING_KEYS) if (key in body) (partner as unknown as Record<string, unknown>)[key] = body[key];
  if ("isServiceProvider" in body) partner.isServiceProvider = body.isServiceProvider as boolean | null;
  t.partners[id] = partner;
  return partnerView(partner, false);
}

export function patchPartner(state: EmulatorState, tenantId: string, partnerId: string, body: Record<string, unknown>): void {
  const p = tenantState(state, tenantId).partners[partnerId.toLowerCase()];
  if (!p) throw partnerNotFound(partnerId);
  if ("tenantId" in body && String(body.tenantId).toLowerCase() !== p.tenantId) throw badRequest("Property 'tenantId' is read-only.");
  for (const key of PARTNER_SETTING_KEYS) if (key in body) (p as unknown as Record<string, unknown>)[key] = body[key];
  if ("isServiceProvider" in body) p.isServiceProvider = body.isServiceProvider as boolean | null;
}

export function deletePartner(state: EmulatorState, tenantId: string, partnerId: string): void {
  const t = tenantState(state, tenantId);
  const p = t.partners[partnerId.toLowerCase()];
  if (!p) throw partnerNotFound(partnerId);
  if (p.identitySynchronization) {
    throw badRequest("The partner configuration has a user synchronization policy; delete the identitySynchronization policy first.");
  }
  delete t.partners[p.tenantId];
}

// ---- identity synchronization of a partner ----

function syncOf(state: EmulatorState, tenantId: string, partnerId: string): PartnerConfiguration {
  const p = tenantState(state, tenantId).partners[partnerId.toLowerCase()];
  if (!p) throw partnerNotFound(partnerId);
  return p;
}

export function getIdentitySync(state: EmulatorState, tenantId: string, partnerId: string): IdentitySyncPolicyPartner {
  const p = syncOf(state, tenantId, partnerId);
  if (!p.identitySynchronization) throw notFound(`No identity synchronization policy exists for partner ${partnerId}.`);
  return p.identitySynchronization;
}

export function putIdentitySync(state: EmulatorState, tenantId: string, partnerId: string, body: Record<string, unknown>): void {
  const p = syncOf(state, tenantId, partnerId);
  p.identitySynchronization = {
    tenantId: p.tenantId,
    displayName: (body.displayName as string | undefined) ?? null,
    userSyncInbound: (body.userSyncInbound as IdentitySyncPolicyPartner["userSyncInbound"]) ?? null,
  };
}

export function patchIdentitySync(state: EmulatorState, tenantId: string, partnerId: string, body: Record<string, unknown>): void {
  const current = getIdentitySync(state, tenantId, partnerId);
  if ("displayName" in body) current.displayName = body.displayName as string | null;
  if ("userSyncInbound" in body) current.userSyncInbound = body.userSyncInbound as IdentitySyncPolicyPartner["userSyncInbound"];
}

export function deleteIdentitySync(state: EmulatorState, tenantId: string, partnerId: string): void {
  getIdentitySync(state, tenantId, partnerId);
  delete syncOf(state, tenantId, partnerId).identitySynchronization;
}
