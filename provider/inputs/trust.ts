// The trust settings a program declares (partner configurations, their templates, the defaults),
// in Graph's own spelling so nothing is renamed on the way out, and the rules check applies to
// them. Every property is optional: what a program leaves out, the provider does not manage.
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { ACCESS_TYPES, PARTNER_SETTING_KEYS, TARGET_TYPES } from "../../contract/wire";
import { APPLICATION_LEVEL_FLAGS, TARGET_SETTING_KEYS } from "../diff/normalize";
import { checkTenantId } from "./common";
import { shown } from "./secrets";
import { isUnknown } from "./unknown";
import { isObject } from "../../contract/json";

export interface InboundTrustArgs {
  isMfaAccepted?: boolean;
  isCompliantDeviceAccepted?: boolean;
  isHybridAzureADJoinedDeviceAccepted?: boolean;
}

export interface AutomaticUserConsentArgs {
  inboundAllowed?: boolean;
  outboundAllowed?: boolean;
}

export interface TargetArgs {
  /** A user, group or application id, or AllUsers, AllApplications, AllMicrosoftApps, Office365. */
  target: string;
  targetType: "user" | "group" | "application";
}

export interface TargetConfigurationArgs {
  accessType: "allowed" | "blocked";
  /** Compared as a set: order and id casing do not matter. */
  targets: TargetArgs[];
}

export interface B2BSettingArgs {
  /** Targets of type user or group. */
  usersAndGroups?: TargetConfigurationArgs;
  /** Targets of type application. */
  applications?: TargetConfigurationArgs;
}

export interface TenantRestrictionsArgs extends B2BSettingArgs {
  devices?: { mode: "allowed" | "blocked"; rule: string };
}

/** Settings a partner configuration and the tenant's default share with the partner template. */
export interface TemplateSettingsArgs {
  inboundTrust?: pulumi.Input<InboundTrustArgs>;
  automaticUserConsentSettings?: pulumi.Input<AutomaticUserConsentArgs>;
  b2bCollaborationInbound?: pulumi.Input<B2BSettingArgs>;
  b2bCollaborationOutbound?: pulumi.Input<B2BSettingArgs>;
  b2bDirectConnectInbound?: pulumi.Input<B2BSettingArgs>;
  b2bDirectConnectOutbound?: pulumi.Input<B2BSettingArgs>;
}

export interface TrustSettingsArgs extends TemplateSettingsArgs {
  tenantRestrictions?: pulumi.Input<TenantRestrictionsArgs>;
}

/** The settings the partner template shares with partner configurations and the defaults. */
export const TEMPLATE_SETTING_KEYS = PARTNER_SETTING_KEYS;
export const TRUST_SETTING_KEYS = [...TEMPLATE_SETTING_KEYS, "tenantRestrictions"] as const;

const BOOLEAN_MEMBERS: Record<string, readonly string[]> = {
  inboundTrust: ["isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"],
  automaticUserConsentSettings: ["inboundAllowed", "outboundAllowed"],
  userSyncInbound: ["isSyncAllowed"],
  groupSyncInbound: ["isSyncAllowed"],
};

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(" or ");

/** A name Graph would refuse for its casing alone (it has refused those since 2025). */
function casingProblem(key: string, known: readonly string[]): string | undefined {
  const right = known.find((k) => k.toLowerCase() === key.toLowerCase() && k !== key);
  return right && `Graph refuses names in any other casing: spell it '${right}'`;
}

function checkMembers(at: string, value: Record<string, unknown>, known: readonly string[], failures: CheckFailure[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key) || value[key] === undefined) continue;
    failures.push({ property: `${at}.${key}`, reason: casingProblem(key, known) ?? `unknown property; expected ${oneOf(known)}` });
  }
}

function checkTargetConfiguration(at: string, value: unknown, allowedTypes: readonly string[], failures: CheckFailure[]): void {
  if (isUnknown(value)) return;
  if (!isObject(value)) return void failures.push({ property: at, reason: "must be an object {accessType, targets}" });
  checkMembers(at, value, ["accessType", "targets"], failures);
  if (!isUnknown(value.accessType) && !(ACCESS_TYPES as readonly string[]).includes(value.accessType as string)) {
    failures.push({ property: `${at}.accessType`, reason: `must be ${oneOf(ACCESS_TYPES)}` });
  }
  if (isUnknown(value.targets)) return;
  if (!Array.isArray(value.targets) || value.targets.length === 0) {
    return void failures.push({ property: `${at}.targets`, reason: "must list at least one target: Graph needs one (use AllUsers or AllApplications for everyone)" });
  }
  for (const [i, t] of value.targets.entries()) {
    const where = `${at}.targets[${i}]`;
    if (isUnknown(t)) continue;
    if (!isObject(t)) {
      failures.push({ property: where, reason: "must be an object {target, targetType}" });
      continue;
    }
    checkMembers(where, t, ["target", "targetType"], failures);
    if (!isUnknown(t.target) && (typeof t.target !== "string" || t.target.trim() === "")) {
      failures.push({ property: `${where}.target`, reason: "required: an id or a keyword such as AllUsers" });
    }
    if (!isUnknown(t.targetType) && !allowedTypes.includes(t.targetType as string)) {
      const known = (TARGET_TYPES as readonly string[]).includes(t.targetType as string);
      failures.push({ property: `${where}.targetType`, reason: known ? `must be ${oneOf(allowedTypes)} in ${at.split(".").pop()}` : `must be ${oneOf(allowedTypes)}` });
    }
  }
}

/** Checks declared settings of the given top-level keys; failures name the path and the rule. */
export function checkSettings(news: Record<string, unknown>, keys: readonly string[], failures: CheckFailure[]): void {
  for (const key of Object.keys(news)) {
    const problem = casingProblem(key, keys);
    if (problem) failures.push({ property: key, reason: problem });
  }
  for (const key of keys) {
    const value = news[key];
    if (value === undefined || value === null || isUnknown(value)) continue;
    if (!isObject(value)) {
      failures.push({ property: key, reason: "must be an object" });
      continue;
    }
    if (BOOLEAN_MEMBERS[key]) {
      checkMembers(key, value, BOOLEAN_MEMBERS[key], failures);
      for (const m of BOOLEAN_MEMBERS[key]) {
        if (value[m] !== undefined && !isUnknown(value[m]) && typeof value[m] !== "boolean") failures.push({ property: `${key}.${m}`, reason: "must be true or false" });
      }
    } else if ((TARGET_SETTING_KEYS as readonly string[]).includes(key)) {
      const members = key === "tenantRestrictions" ? ["usersAndGroups", "applications", "devices"] : ["usersAndGroups", "applications"];
      checkMembers(key, value, members, failures);
      if (value.usersAndGroups !== undefined) checkTargetConfiguration(`${key}.usersAndGroups`, value.usersAndGroups, ["user", "group"], failures);
      if (value.applications !== undefined) checkTargetConfiguration(`${key}.applications`, value.applications, ["application"], failures);
      if (isObject(value.devices)) {
        checkMembers(`${key}.devices`, value.devices, ["mode", "rule"], failures);
        if (!isUnknown(value.devices.mode) && !(ACCESS_TYPES as readonly string[]).includes(value.devices.mode as string)) {
          failures.push({ property: `${key}.devices.mode`, reason: `must be ${oneOf(ACCESS_TYPES)}` });
        }
      }
    }
  }
}

/** templateApplicationLevel: a list of flags; the empty list means none. */
export function checkApplicationLevel(value: unknown, failures: CheckFailure[]): void {
  if (value === undefined || isUnknown(value)) return;
  if (!Array.isArray(value)) {
    return void failures.push({ property: "templateApplicationLevel", reason: `must be a list of flags (${oneOf(APPLICATION_LEVEL_FLAGS)}); [] means none` });
  }
  value.forEach((f, i) => {
    if (!isUnknown(f) && !(APPLICATION_LEVEL_FLAGS as readonly string[]).includes(f)) {
      failures.push({ property: `templateApplicationLevel[${i}]`, reason: `unknown flag ${shown(f)}: must be ${oneOf(APPLICATION_LEVEL_FLAGS)}` });
    }
  });
}

/** A partner tenant id: a GUID, and not the acting tenant itself. */
export function checkPartnerTenantId(value: unknown, ownTenantId: string | undefined, failures: CheckFailure[]): void {
  if (isUnknown(value)) return;
  if (!checkTenantId(value, "partnerTenantId", failures, "the partner's tenant id (GUID)")) return;
  if (ownTenantId && (value as string).toLowerCase() === ownTenantId) {
    failures.push({ property: "partnerTenantId", reason: "is the acting tenant's own id: a tenant cannot be its own partner" });
  }
}
