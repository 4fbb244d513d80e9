// What the service creates on its own: the default configuration as Entra ships it, a partner
// configuration nobody has configured, the templates in their reset state, and identity
// synchronization as a join generates it. The values beyond the docs' examples are assumptions
// (see "Assumed" in emulator/README.md).
import type {
  DefaultConfiguration,
  IdentitySyncPolicyPartner,
  IdentitySyncTemplate,
  PartnerConfiguration,
  PartnerConfigurationTemplate,
  TargetConfiguration,
} from "../../../contract/wire";

const all = (accessType: "allowed" | "blocked", target: string, targetType: "user" | "application"): TargetConfiguration => ({
  accessType,
  targets: [{ target, targetType }],
});
const users = (accessType: "allowed" | "blocked") => all(accessType, "AllUsers", "user");
const apps = (accessType: "allowed" | "blocked") => all(accessType, "AllApplications", "application");

/** The service default: B2B collaboration open, direct connect and tenant restrictions closed. */
export function serviceDefaultConfiguration(): DefaultConfiguration {
  return {
    isServiceDefault: true,
    inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false },
    automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
    b2bCollaborationOutbound: { usersAndGroups: users("allowed"), applications: apps("allowed") },
    b2bCollaborationInbound: { usersAndGroups: users("allowed"), applications: apps("allowed") },
    b2bDirectConnectOutbound: { usersAndGroups: users("blocked"), applications: apps("blocked") },
    b2bDirectConnectInbound: { usersAndGroups: users("blocked"), applications: apps("blocked") },
    tenantRestrictions: { devices: null, usersAndGroups: users("blocked"), applications: apps("blocked") },
    m365CollaborationInbound: { users: users("allowed") },
    m365CollaborationOutbound: { usersAndGroups: users("allowed") },
    appServiceConnectInbound: { applications: apps("blocked") },
    invitationRedemptionIdentityProviderConfiguration: {
      primaryIdentityProviderPrecedenceOrder: ["externalFederation", "azureActiveDirectory", "socialIdentityProviders"],
      fallbackIdentityProvider: "defaultConfiguredIdp",
    },
  };
}

/** Unconfigured: every setting null (it passes through to the default), consent an object of nulls. */
export function unconfiguredPartner(tenantId: string): PartnerConfiguration {
  return {
    tenantId,
    inboundTrust: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
    b2bCollaborationInbound: null,
    b2bCollaborationOutbound: null,
    b2bDirectConnectInbound: null,
    b2bDirectConnectOutbound: null,
    tenantRestrictions: null,
    m365CollaborationInbound: null,
    m365CollaborationOutbound: null,
    appServiceConnectInbound: null,
    isServiceProvider: null,
    isInMultiTenantOrganization: false,
  };
}

export function defaultPartnerTemplate(id: string): PartnerConfigurationTemplate {
  return {
    id,
    templateApplicationLevel: "newPartners,existingPartners",
    inboundTrust: null,
    b2bCollaborationOutbound: null,
    b2bCollaborationInbound: null,
    b2bDirectConnectOutbound: null,
    b2bDirectConnectInbound: null,
    automaticUserConsentSettings: { inboundAllowed: null, outboundAllowed: null },
  };
}

export function defaultIdentitySyncTemplate(id: string): IdentitySyncTemplate {
  return { id, templateApplicationLevel: "newPartners,existingPartners", userSyncInbound: { isSyncAllowed: null } };
}

/** Identity synchronization as a join generates it; groupSyncInbound (beta) stays unset. */
export function unconfiguredSync(tenantId: string, displayName: string | null): IdentitySyncPolicyPartner {
  return { tenantId, displayName, userSyncInbound: { isSyncAllowed: null }, groupSyncInbound: null };
}
