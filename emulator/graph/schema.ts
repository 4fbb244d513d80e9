// The subset of Graph's type system (CSDL) that request bodies are checked against: which
// properties exist on each type, with what type, and which of them the service owns. Graph refuses
// names it does not know (since 2025 also wrongly cased ones) and values outside an enum, at any
// depth, so the emulator does too; what the service owns is accepted and ignored, because SDK
// clients send back whole objects they have read.
import { ACCESS_TYPES, TARGET_TYPES } from "../../contract/wire";

export type GraphVersion = "v1.0" | "beta";

export interface Property {
  /** "Edm.String", "Edm.Boolean", an enum of ENUMS or a type of TYPES. */
  type: string;
  collection?: true;
  /**
   * Who may set it: "rw" anyone; "ro" the service only (accepted and ignored); "create" only when
   * the object is created (ignored in updates); "key" the object's key (kept so the model can check
   * it names the object); "nav" a navigation property (set through its own URL, refused here).
   */
  access?: "rw" | "ro" | "create" | "key" | "nav";
  /** Exists under /beta only: under /v1.0 it "does not exist on type". */
  betaOnly?: true;
}

export const ENUMS: Record<string, readonly string[]> = {
  multiTenantOrganizationMemberRole: ["owner", "member"],
  crossTenantAccessPolicyTargetConfigurationAccessType: ACCESS_TYPES,
  crossTenantAccessPolicyTargetType: TARGET_TYPES,
  attributeFlowType: ["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"],
  attributeFlowBehavior: ["FlowWhenChanged", "FlowAlways"],
  attributeMappingSourceType: ["Attribute", "Constant", "Function"],
  b2bIdentityProvidersType: ["azureActiveDirectory", "externalFederation", "socialIdentityProviders", "emailOneTimePasscode", "microsoftAccount", "defaultConfiguredIdp"],
};

const ro: Property = { type: "Edm.String", access: "ro" };
const str: Property = { type: "Edm.String" };
const bool: Property = { type: "Edm.Boolean" };
const nav: Property = { type: "entity", access: "nav" };
const complex = (type: string): Property => ({ type });
const targetConfiguration = complex("crossTenantAccessPolicyTargetConfiguration");
const b2bSetting = complex("crossTenantAccessPolicyB2BSetting");

/** The MTO-relevant partner settings, shared by partners, the default and the partner template. */
const PARTNER_SETTINGS: Record<string, Property> = {
  inboundTrust: complex("crossTenantAccessPolicyInboundTrust"),
  automaticUserConsentSettings: complex("inboundOutboundPolicyConfiguration"),
  b2bCollaborationInbound: b2bSetting,
  b2bCollaborationOutbound: b2bSetting,
  b2bDirectConnectInbound: b2bSetting,
  b2bDirectConnectOutbound: b2bSetting,
};
/** Settings the service fills on partners and the default; writable, though this project does not manage them. */
const SERVICE_FILLED: Record<string, Property> = {
  tenantRestrictions: complex("crossTenantAccessPolicyTenantRestrictions"),
  m365CollaborationInbound: complex("crossTenantAccessPolicyM365CollaborationInboundSetting"),
  m365CollaborationOutbound: complex("crossTenantAccessPolicyM365CollaborationOutboundSetting"),
  appServiceConnectInbound: complex("crossTenantAccessPolicyAppServiceConnectSetting"),
  m365Capabilities: nav,
};

export const TYPES: Record<string, Record<string, Property>> = {
  // ---- entities ----
  multiTenantOrganization: { id: ro, createdDateTime: ro, state: ro, displayName: str, description: str, tenants: nav, joinRequest: nav },
  multiTenantOrganizationMember: {
    id: ro,
    deletedDateTime: ro,
    tenantId: { type: "Edm.String", access: "key" },
    displayName: { type: "Edm.String", access: "create" },
    role: { type: "multiTenantOrganizationMemberRole" },
    addedDateTime: ro,
    joinedDateTime: ro,
    addedByTenantId: ro,
    state: ro,
    transitionDetails: ro,
  },
  multiTenantOrganizationJoinRequestRecord: { id: ro, addedByTenantId: str, memberState: ro, role: ro, transitionDetails: ro },
  multiTenantOrganizationPartnerConfigurationTemplate: { id: ro, templateApplicationLevel: str, ...PARTNER_SETTINGS },
  multiTenantOrganizationIdentitySyncPolicyTemplate: { id: ro, templateApplicationLevel: str, userSyncInbound: complex("crossTenantUserSyncInbound") },
  crossTenantAccessPolicy: {
    id: ro,
    deletedDateTime: ro,
    displayName: str,
    description: str,
    allowedCloudEndpoints: { type: "Edm.String", collection: true },
    default: nav,
    partners: nav,
    templates: nav,
  },
  crossTenantAccessPolicyConfigurationDefault: {
    id: ro,
    isServiceDefault: ro,
    ...PARTNER_SETTINGS,
    ...SERVICE_FILLED,
    invitationRedemptionIdentityProviderConfiguration: complex("defaultInvitationRedemptionIdentityProviderConfiguration"),
  },
  crossTenantAccessPolicyConfigurationPartner: {
    tenantId: { type: "Edm.String", access: "key" },
    isServiceProvider: bool,
    isInMultiTenantOrganization: ro,
    deletedDateTime: ro,
    ...PARTNER_SETTINGS,
    ...SERVICE_FILLED,
    identitySynchronization: nav,
    serviceProviderConstraints: nav,
  },
  crossTenantIdentitySyncPolicyPartner: {
    tenantId: { type: "Edm.String", access: "key" },
    displayName: str,
    deletedDateTime: ro,
    userSyncInbound: complex("crossTenantUserSyncInbound"),
    groupSyncInbound: { type: "crossTenantGroupSyncInbound", betaOnly: true },
  },
  // ---- complex types ----
  crossTenantAccessPolicyInboundTrust: { isMfaAccepted: bool, isCompliantDeviceAccepted: bool, isHybridAzureADJoinedDeviceAccepted: bool },
  inboundOutboundPolicyConfiguration: { inboundAllowed: bool, outboundAllowed: bool },
  crossTenantAccessPolicyB2BSetting: { usersAndGroups: targetConfiguration, applications: targetConfiguration },
  crossTenantAccessPolicyTenantRestrictions: { usersAndGroups: targetConfiguration, applications: targetConfiguration, devices: complex("devicesFilter") },
  // The CSDL and Microsoft's SDK type `mode` as the access type (allowed/blocked), not include/exclude.
  devicesFilter: { mode: { type: "crossTenantAccessPolicyTargetConfigurationAccessType" }, rule: str },
  crossTenantAccessPolicyTargetConfiguration: {
    accessType: { type: "crossTenantAccessPolicyTargetConfigurationAccessType" },
    targets: { type: "crossTenantAccessPolicyTarget", collection: true },
  },
  crossTenantAccessPolicyTarget: { target: str, targetType: { type: "crossTenantAccessPolicyTargetType" } },
  crossTenantAccessPolicyM365CollaborationInboundSetting: { users: targetConfiguration },
  crossTenantAccessPolicyM365CollaborationOutboundSetting: { usersAndGroups: targetConfiguration },
  crossTenantAccessPolicyAppServiceConnectSetting: { applications: targetConfiguration },
  crossTenantUserSyncInbound: { isSyncAllowed: bool },
  crossTenantGroupSyncInbound: { isSyncAllowed: bool },
  defaultInvitationRedemptionIdentityProviderConfiguration: {
    primaryIdentityProviderPrecedenceOrder: { type: "b2bIdentityProvidersType", collection: true },
    fallbackIdentityProvider: { type: "b2bIdentityProvidersType" },
  },
};

const int: Property = { type: "Edm.Int32" };
const untyped: Property = { type: "Edm.Untyped" };
const pairs = (type: string): Property => ({ type, collection: true });

/**
 * Cross-tenant synchronization: the gallery application and its service principal's scope and
 * synchronization. Action parameters (instantiate, validateCredentials, restart, provisionOnDemand)
 * and the secrets' PUT body are written as types of their own, named after the action.
 */
Object.assign(TYPES, {
  applicationTemplateInstantiateParameters: { displayName: str, serviceManagementReference: str },
  appRoleAssignment: {
    id: ro,
    deletedDateTime: ro,
    createdDateTime: ro,
    principalDisplayName: ro,
    principalType: ro,
    resourceDisplayName: ro,
    appRoleId: str,
    principalId: str,
    resourceId: str,
  },
  synchronizationJob: { id: ro, schedule: ro, status: ro, templateId: str, synchronizationJobSettings: pairs("keyValuePair"), schema: nav, bulkUpload: nav },
  keyValuePair: { name: str, value: str },
  synchronizationSecretKeyStringValuePair: { key: str, value: str },
  synchronizationSecretsParameters: { value: pairs("synchronizationSecretKeyStringValuePair") },
  validateCredentialsParameters: {
    applicationIdentifier: str,
    templateId: str,
    useSavedCredentials: bool,
    credentials: pairs("synchronizationSecretKeyStringValuePair"),
  },
  restartParameters: { criteria: complex("synchronizationJobRestartCriteria") },
  synchronizationJobRestartCriteria: { resetScope: str },
  provisionOnDemandParameters: { parameters: pairs("synchronizationJobApplicationParameters") },
  synchronizationJobApplicationParameters: { ruleId: str, subjects: pairs("synchronizationJobSubject") },
  synchronizationJobSubject: { objectId: str, objectTypeName: str, links: untyped },
  synchronizationSchema: { id: ro, version: ro, directories: { type: "Edm.Untyped", collection: true }, synchronizationRules: pairs("synchronizationRule") },
  synchronizationRule: {
    containerFilter: untyped,
    editable: bool,
    groupFilter: untyped,
    id: str,
    metadata: { type: "Edm.Untyped", collection: true },
    name: str,
    objectMappings: pairs("objectMapping"),
    priority: int,
    sourceDirectoryName: str,
    targetDirectoryName: str,
  },
  objectMapping: {
    attributeMappings: pairs("attributeMapping"),
    enabled: bool,
    flowTypes: str,
    metadata: { type: "Edm.Untyped", collection: true },
    name: str,
    scope: untyped,
    sourceObjectName: str,
    targetObjectName: str,
  },
  attributeMapping: {
    defaultValue: str,
    exportMissingReferences: bool,
    flowBehavior: { type: "attributeFlowBehavior" },
    flowType: { type: "attributeFlowType" },
    matchingPriority: int,
    source: complex("attributeMappingSource"),
    targetAttributeName: str,
  },
  attributeMappingSource: { expression: str, name: str, parameters: pairs("stringKeyAttributeMappingSourceValuePair"), type: { type: "attributeMappingSourceType" } },
  stringKeyAttributeMappingSourceValuePair: { key: str, value: complex("attributeMappingSource") },
} satisfies Record<string, Record<string, Property>>);

/** Derived complex types a value may name in `@odata.type` in place of its declared type. */
export const DERIVED: Record<string, string[]> = {
  crossTenantAccessPolicyB2BSetting: ["crossTenantAccessPolicyTenantRestrictions"],
};

/** Whether the type exists in `version`: beta-only properties are left out of /v1.0. */
export function propertiesOf(type: string, version: GraphVersion): Record<string, Property> {
  const props = TYPES[type];
  if (!props) throw new Error(`no schema for type ${type}`);
  if (version === "beta") return props;
  return Object.fromEntries(Object.entries(props).filter(([, p]) => !p.betaOnly));
}
