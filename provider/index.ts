// pulumi-entra-mto: Microsoft Entra multitenant organizations as Pulumi resources.
export {
  MultiTenantOrganizationTopology,
  type MultiTenantOrganizationTopologyArgs,
  type PartnerDeclaration,
  type TenantSummary,
  type TopologyTemplates,
  type TopologyTenant,
  type TrustSettings,
} from "./topology/topology";
export { MultiTenantOrganization, type MultiTenantOrganizationArgs } from "./resources/organization/organization";
export { MultiTenantOrganizationMember, type MultiTenantOrganizationMemberArgs } from "./resources/organization/member";
export { MultiTenantOrganizationJoinRequest, type MultiTenantOrganizationJoinRequestArgs } from "./resources/organization/join-request";
export {
  MultiTenantOrganizationPartnerConfigurationTemplate,
  type MultiTenantOrganizationPartnerConfigurationTemplateArgs,
  type TemplateApplicationLevel,
} from "./resources/trust/partner-template";
export { MultiTenantOrganizationIdentitySyncPolicyTemplate, type MultiTenantOrganizationIdentitySyncPolicyTemplateArgs } from "./resources/trust/identity-sync-template";
export { CrossTenantAccessDefaults, type CrossTenantAccessDefaultsArgs } from "./resources/trust/defaults";
export { CrossTenantAccessPartner, type CrossTenantAccessPartnerArgs } from "./resources/trust/partner";
export { CrossTenantIdentitySync, type CrossTenantIdentitySyncArgs } from "./resources/trust/identity-sync";
export {
  CrossTenantSynchronization,
  type CrossTenantSynchronizationArgs,
  type SyncMappingsArgs,
  type SyncScopeArgs,
} from "./resources/people/cross-tenant-sync";
export { lookupTenant, lookupTenantOutput, type LookupTenantArgs, type TenantInformationResult } from "./resources/trust/tenant-lookup";
export type * from "./inputs/trust";
export { AUTH_METHODS, type AuthMethod, type TenantConfig } from "./settings";
export { GraphRequestError, type GraphErrorKind } from "./graph/errors";
