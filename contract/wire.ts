// Microsoft Graph wire types for the multitenant-organization and cross-tenant access APIs, as they
// appear in JSON (v1.0 and beta share them). The provider and the emulator both speak these; neither
// owns them. Fidelity is checked against documented exchanges and Microsoft's own SDK, not here.

export type MtoState = "active" | "inactive" | "unknownFutureValue";
export type MemberRole = "owner" | "member" | "unknownFutureValue";
export type MemberState = "pending" | "active" | "removed" | "unknownFutureValue";
export type ProcessingStatus = "notStarted" | "running" | "succeeded" | "failed" | "unknownFutureValue";

export const ZERO_TENANT_ID = "00000000-0000-0000-0000-000000000000";
/** Tenant ids travel as GUID strings. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MultiTenantOrganization {
  id?: string;
  createdDateTime: string | null;
  displayName: string | null;
  description: string | null;
  state: MtoState;
}

export interface MemberTransitionDetails {
  desiredRole: MemberRole | null;
  desiredState: MemberState | null;
  status: ProcessingStatus;
  details: string | null;
}

export interface MultiTenantOrganizationMember {
  tenantId: string;
  displayName: string;
  addedDateTime: string;
  joinedDateTime: string | null;
  addedByTenantId: string;
  role: MemberRole;
  state: MemberState;
  transitionDetails: MemberTransitionDetails | null;
}

export interface JoinRequestTransitionDetails {
  desiredMemberState: MemberState | null;
  status: ProcessingStatus;
  details: string | null;
}

export interface JoinRequestRecord {
  id: string;
  addedByTenantId: string;
  memberState: MemberState | null;
  role: MemberRole | null;
  transitionDetails: JoinRequestTransitionDetails | null;
}

/** Flags enum on the wire as a comma-separated string, e.g. "newPartners,existingPartners". */
export type TemplateApplicationLevel = string;
export const TEMPLATE_LEVEL_FLAGS = ["none", "newPartners", "existingPartners", "unknownFutureValue"] as const;

export interface InboundTrust {
  isMfaAccepted: boolean | null;
  isCompliantDeviceAccepted: boolean | null;
  isHybridAzureADJoinedDeviceAccepted: boolean | null;
}

export interface InboundOutboundPolicy {
  inboundAllowed: boolean | null;
  outboundAllowed: boolean | null;
}

export interface AccessTarget {
  target: string;
  targetType: "user" | "group" | "application" | "unknownFutureValue";
}

export interface TargetConfiguration {
  accessType: "allowed" | "blocked" | "unknownFutureValue";
  targets: AccessTarget[];
}

export interface B2BSetting {
  usersAndGroups?: TargetConfiguration | null;
  applications?: TargetConfiguration | null;
}

/** Reserved target values Graph recognises in any case and returns in this spelling. */
export const TARGET_KEYWORDS = ["AllUsers", "AllApplications", "AllMicrosoftApps", "Office365"] as const;
export const ACCESS_TYPES = ["allowed", "blocked"] as const;
export const TARGET_TYPES = ["user", "group", "application"] as const;

export interface DevicesFilter {
  /** Whether devices matching the rule are allowed or blocked. */
  mode: "allowed" | "blocked" | null;
  rule: string | null;
}

/** Tenant restrictions: a B2B setting plus a device filter. */
export interface TenantRestrictions extends B2BSetting {
  devices?: DevicesFilter | null;
}

/** Microsoft 365 and app-service settings: Graph returns them; this project does not manage them. */
export interface M365CollaborationSetting {
  users?: TargetConfiguration | null;
  usersAndGroups?: TargetConfiguration | null;
}
export interface AppServiceConnectSetting {
  applications?: TargetConfiguration | null;
}

export type IdentityProviderType =
  | "azureActiveDirectory"
  | "externalFederation"
  | "socialIdentityProviders"
  | "emailOneTimePasscode"
  | "microsoftAccount"
  | "defaultConfiguredIdp"
  | "unknownFutureValue";

export interface InvitationRedemptionConfiguration {
  primaryIdentityProviderPrecedenceOrder: IdentityProviderType[];
  fallbackIdentityProvider: IdentityProviderType | null;
}

/** The cross-tenant settings a partner configuration and its template have in common. */
export interface PartnerSettings {
  inboundTrust: InboundTrust | null;
  automaticUserConsentSettings: InboundOutboundPolicy | null;
  b2bCollaborationInbound: B2BSetting | null;
  b2bCollaborationOutbound: B2BSetting | null;
  b2bDirectConnectInbound: B2BSetting | null;
  b2bDirectConnectOutbound: B2BSetting | null;
}

export const PARTNER_SETTING_KEYS: readonly (keyof PartnerSettings)[] = [
  "inboundTrust",
  "automaticUserConsentSettings",
  "b2bCollaborationInbound",
  "b2bCollaborationOutbound",
  "b2bDirectConnectInbound",
  "b2bDirectConnectOutbound",
];

export interface PartnerConfigurationTemplate extends PartnerSettings {
  id: string;
  templateApplicationLevel: TemplateApplicationLevel;
}

export interface UserSyncInbound {
  isSyncAllowed: boolean | null;
}
/** Group synchronization from a partner: beta only. */
export type GroupSyncInbound = UserSyncInbound;

export interface IdentitySyncTemplate {
  id: string;
  templateApplicationLevel: TemplateApplicationLevel;
  userSyncInbound: UserSyncInbound | null;
}

export interface IdentitySyncPolicyPartner {
  tenantId: string;
  displayName: string | null;
  userSyncInbound: UserSyncInbound | null;
  /** Beta only. */
  groupSyncInbound?: GroupSyncInbound | null;
}

/** What Graph returns on partners and the default beyond the MTO-relevant settings. */
export interface ServiceFilledSettings {
  tenantRestrictions: TenantRestrictions | null;
  m365CollaborationInbound?: M365CollaborationSetting | null;
  m365CollaborationOutbound?: M365CollaborationSetting | null;
  appServiceConnectInbound?: AppServiceConnectSetting | null;
}

export const SERVICE_FILLED_KEYS: readonly (keyof ServiceFilledSettings)[] = [
  "tenantRestrictions",
  "m365CollaborationInbound",
  "m365CollaborationOutbound",
  "appServiceConnectInbound",
];

export interface PartnerConfiguration extends PartnerSettings, ServiceFilledSettings {
  tenantId: string;
  isServiceProvider: boolean | null;
  isInMultiTenantOrganization: boolean | null;
  identitySynchronization?: IdentitySyncPolicyPartner | null;
}

export interface DefaultConfiguration extends PartnerSettings, ServiceFilledSettings {
  isServiceDefault: boolean;
  invitationRedemptionIdentityProviderConfiguration?: InvitationRedemptionConfiguration | null;
}

export interface CrossTenantAccessPolicy {
  id: string;
  displayName: string;
  description: string | null;
  allowedCloudEndpoints: string[];
}

export interface TenantInformation {
  tenantId: string;
  displayName: string;
  defaultDomainName: string;
  federationBrandName: string | null;
}

/** Application permissions (app roles) these APIs accept. */
export const Permission = {
  MtoReadBasic: "MultiTenantOrganization.ReadBasic.All",
  MtoRead: "MultiTenantOrganization.Read.All",
  MtoReadWrite: "MultiTenantOrganization.ReadWrite.All",
  PolicyRead: "Policy.Read.All",
  PolicyReadWriteXtap: "Policy.ReadWrite.CrossTenantAccess",
  TenantInfoRead: "CrossTenantInformation.ReadBasic.All",
  // Cross-tenant synchronization (the source tenant's configuration and its scope).
  ApplicationRead: "Application.Read.All",
  ApplicationReadWrite: "Application.ReadWrite.All",
  AppRoleAssignmentReadWrite: "AppRoleAssignment.ReadWrite.All",
  SynchronizationRead: "Synchronization.Read.All",
  SynchronizationReadWrite: "Synchronization.ReadWrite.All",
  UserRead: "User.Read.All",
  GroupMemberRead: "GroupMember.Read.All",
  ProvisioningLogRead: "ProvisioningLog.Read.All",
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
