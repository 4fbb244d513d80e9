// The trust settings a program declares (partner configurations, their templates, the defaults,
// user synchronization), described once in Graph's own spelling so nothing is renamed on the way
// out. From each description come its TypeScript type, its check (describe/check.ts) and its type in
// the plugin's schema (describe/pulumi.ts). Every property is optional: what a program leaves out,
// the provider does not manage. The check of each resource's inputs walks these descriptions
// (describe/check.ts); only the rules across properties or tenants are written here.
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { ACCESS_TYPES, PARTNER_SETTING_KEYS, TARGET_TYPES } from "../../contract/wire";
import { type Static, described, flag, listOf, oneOf, optional, shape, text } from "../describe/shape";
import { APPLICATION_LEVEL_FLAGS } from "../diff/normalize";

export const InboundTrust = shape("InboundTrust", "Claims from the partner's tenant that this tenant trusts.", {
  isMfaAccepted: optional(flag("Trust multifactor authentication done in the partner's tenant.")),
  isCompliantDeviceAccepted: optional(flag("Trust compliant-device claims from the partner's tenant.")),
  isHybridAzureADJoinedDeviceAccepted: optional(flag("Trust hybrid Microsoft Entra joined device claims from the partner's tenant.")),
});

export const AutomaticUserConsentSettings = shape("AutomaticUserConsentSettings", "Automatic redemption of invitations between the tenants.", {
  inboundAllowed: optional(flag("Users from the partner are consented automatically when invited here.")),
  outboundAllowed: optional(flag("Users of this tenant are consented automatically when invited into the partner.")),
});

const TARGET = text("A user, group or application id, or AllUsers, AllApplications, AllMicrosoftApps, Office365.", {
  required: "required: an id or a keyword such as AllUsers",
});
const TARGETS_NEEDED = "must list at least one target: Graph needs one (use AllUsers or AllApplications for everyone)";

/** A target configuration whose targets are of the given types: users and groups, or applications. */
function targetConfiguration<T extends "user" | "group" | "application">(kind: "User" | "Application", types: readonly T[], where: string) {
  const target = shape(
    `${kind}Target`,
    kind === "User" ? "A user or group, or a keyword such as AllUsers." : "An application, or a keyword such as AllApplications.",
    { target: TARGET, targetType: oneOf(types, `${types.map((t) => `'${t}'`).join(" or ")}.`, { elsewhere: { values: TARGET_TYPES, in: where } }) },
    { shape: "{target, targetType}" },
  );
  return shape(
    `${kind}TargetConfiguration`,
    `${kind === "User" ? "Users and groups" : "Applications"} allowed or blocked.`,
    {
      accessType: oneOf(ACCESS_TYPES, "'allowed' or 'blocked'."),
      targets: listOf(target, "The targets, compared as a set (order and id casing do not matter); at least one.", { atLeastOne: TARGETS_NEEDED }),
    },
    { shape: "{accessType, targets}" },
  );
}

export const UserTargetConfiguration = targetConfiguration("User", ["user", "group"] as const, "usersAndGroups");
export const ApplicationTargetConfiguration = targetConfiguration("Application", ["application"] as const, "applications");

export const B2BSetting = shape("B2BSetting", "A B2B collaboration or direct connect setting.", {
  usersAndGroups: optional(UserTargetConfiguration),
  applications: optional(ApplicationTargetConfiguration),
});

export const DevicesFilter = shape("DevicesFilter", "Which devices tenant restrictions apply to.", {
  mode: optional(oneOf(ACCESS_TYPES, "'allowed' or 'blocked'.")),
  rule: optional(text("A device filter rule.")),
});

export const TenantRestrictions = shape("TenantRestrictions", "Tenant restrictions toward the partner.", {
  usersAndGroups: optional(UserTargetConfiguration),
  applications: optional(ApplicationTargetConfiguration),
  devices: optional(DevicesFilter),
});

export const SyncAllowed = shape("SyncAllowed", "Whether synchronization is allowed.", {
  isSyncAllowed: optional(flag("True to allow synchronization from the partner.")),
});

export const ApplicationLevel = listOf(
  oneOf(APPLICATION_LEVEL_FLAGS, "'newPartners' or 'existingPartners'.", { valueWord: "flag" }),
  "To which partners a join applies the template: 'newPartners', 'existingPartners'; [] means none. Graph's default is both.",
  { notAList: `must be a list of flags (${APPLICATION_LEVEL_FLAGS.map((f) => `'${f}'`).join(" or ")}); [] means none` },
);

const b2b = (direction: string) => described(B2BSetting, `B2B ${direction}: which users and groups, and which applications, are allowed or blocked.`);

/** The settings the partner template shares with partner configurations and the defaults, by key. */
export const TEMPLATE_SETTINGS = {
  inboundTrust: optional(described(InboundTrust, "Which claims (MFA, compliant device, hybrid joined device) from the partner's tenant are trusted.")),
  automaticUserConsentSettings: optional(described(AutomaticUserConsentSettings, "Whether users are consented automatically when invited into, or from, the partner.")),
  b2bCollaborationInbound: optional(b2b("collaboration, inbound")),
  b2bCollaborationOutbound: optional(b2b("collaboration, outbound")),
  b2bDirectConnectInbound: optional(b2b("direct connect, inbound")),
  b2bDirectConnectOutbound: optional(b2b("direct connect, outbound")),
};

export const TRUST_SETTINGS = {
  ...TEMPLATE_SETTINGS,
  tenantRestrictions: optional(described(TenantRestrictions, "Tenant restrictions: what users of this tenant may access in the partner's tenant, from which devices.")),
};

export const TrustSettings = shape("TrustSettings", "Cross-tenant access settings; every property is optional, and what is left out is not managed.", TRUST_SETTINGS);

export type InboundTrustArgs = Static<typeof InboundTrust>;
export type AutomaticUserConsentArgs = Static<typeof AutomaticUserConsentSettings>;
export type TargetArgs = Static<typeof UserTargetConfiguration>["targets"][number] | Static<typeof ApplicationTargetConfiguration>["targets"][number];
export type TargetConfigurationArgs = Static<typeof UserTargetConfiguration> | Static<typeof ApplicationTargetConfiguration>;
export type B2BSettingArgs = Static<typeof B2BSetting>;
export type TenantRestrictionsArgs = Static<typeof TenantRestrictions>;
type InputsOf<T> = { [K in keyof T]?: pulumi.Input<NonNullable<T[K]>> };
/** Settings a partner configuration and the tenant's default share with the partner template. */
export type TemplateSettingsArgs = Omit<TrustSettingsArgs, "tenantRestrictions">;
export type TrustSettingsArgs = InputsOf<Static<typeof TrustSettings>>;

/** The settings the partner template shares with partner configurations and the defaults. */
export const TEMPLATE_SETTING_KEYS = PARTNER_SETTING_KEYS;
export const TRUST_SETTING_KEYS = [...TEMPLATE_SETTING_KEYS, "tenantRestrictions"] as const;

/** A partner tenant id (a GUID, as described) that is not the acting tenant itself. */
export function checkPartnerTenantId(value: unknown, ownTenantId: string | undefined, failures: CheckFailure[]): void {
  if (typeof value !== "string" || failures.some((f) => f.property === "partnerTenantId")) return;
  if (ownTenantId && value.toLowerCase() === ownTenantId) {
    failures.push({ property: "partnerTenantId", reason: "is the acting tenant's own id: a tenant cannot be its own partner" });
  }
}
