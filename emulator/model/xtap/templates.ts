// The two MTO templates and what a join does with them: partner configurations and identity
// synchronization are generated for every new pair of active tenants, then amended by each side's
// templates according to their application level. Leaving reverts nothing.
import { type IdentitySyncTemplate, PARTNER_SETTING_KEYS, type PartnerConfigurationTemplate, type PartnerSettings, TEMPLATE_LEVEL_FLAGS } from "../../../contract/wire";
import { badRequest } from "../errors";
import { type EmulatorState, type Organization, tenantState } from "../state";
import { defaultIdentitySyncTemplate, defaultPartnerTemplate, unconfiguredPartner, unconfiguredSync } from "./defaults";
import { discardDeletedPartner, discardDeletedSync } from "./deleted-items";
import { normalizeSettings } from "./settings";

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

export const getPartnerTemplate = (state: EmulatorState, tenantId: string): PartnerConfigurationTemplate => tenantState(state, tenantId).partnerTemplate;

export function patchPartnerTemplate(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  const settings = normalizeSettings(body);
  const next = { ...t.partnerTemplate };
  if ("templateApplicationLevel" in body) next.templateApplicationLevel = formatApplicationLevel(parseApplicationLevel(body.templateApplicationLevel));
  for (const key of PARTNER_SETTING_KEYS) if (key in settings) (next as Record<string, unknown>)[key] = settings[key];
  t.partnerTemplate = next;
}

export function resetPartnerTemplate(state: EmulatorState, tenantId: string): void {
  const t = tenantState(state, tenantId);
  t.partnerTemplate = defaultPartnerTemplate(t.partnerTemplate.id);
}

export const getIdentitySyncTemplate = (state: EmulatorState, tenantId: string): IdentitySyncTemplate => tenantState(state, tenantId).identitySyncTemplate;

export function patchIdentitySyncTemplate(state: EmulatorState, tenantId: string, body: Record<string, unknown>): void {
  const t = tenantState(state, tenantId);
  const settings = normalizeSettings(body);
  const next = { ...t.identitySyncTemplate };
  if ("templateApplicationLevel" in body) next.templateApplicationLevel = formatApplicationLevel(parseApplicationLevel(body.templateApplicationLevel));
  if ("userSyncInbound" in settings) next.userSyncInbound = settings.userSyncInbound as IdentitySyncTemplate["userSyncInbound"];
  t.identitySyncTemplate = next;
}

export function resetIdentitySyncTemplate(state: EmulatorState, tenantId: string): void {
  const t = tenantState(state, tenantId);
  t.identitySyncTemplate = defaultIdentitySyncTemplate(t.identitySyncTemplate.id);
}

/** A template value applies only where it is non-null; objects of Booleans apply field by field. */
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
  // A soft-deleted configuration of the pair is not revived: the join generates a fresh one.
  if (isNew) discardDeletedPartner(t, partnerId);
  const partner = t.partners[partnerId] ?? unconfiguredPartner(partnerId);
  partner.isInMultiTenantOrganization = true;
  const wants = (level: string) => parseApplicationLevel(level).has(isNew ? "newPartners" : "existingPartners");
  if (wants(t.partnerTemplate.templateApplicationLevel)) applySettings(partner, t.partnerTemplate);
  const syncIsNew = !partner.identitySynchronization;
  if (syncIsNew) discardDeletedSync(t, partnerId);
  const sync = partner.identitySynchronization ?? unconfiguredSync(partnerId, partnerName);
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
