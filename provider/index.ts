// pulumi-entra-mto: Microsoft Entra multitenant organizations as Pulumi resources.
export { MultiTenantOrganization, type MultiTenantOrganizationArgs } from "./resources/organization/organization";
export { MultiTenantOrganizationMember, type MultiTenantOrganizationMemberArgs } from "./resources/organization/member";
export { MultiTenantOrganizationJoinRequest, type MultiTenantOrganizationJoinRequestArgs } from "./resources/organization/join-request";
export { AUTH_METHODS, type AuthMethod, type TenantConfig } from "./credentials";
export { GraphRequestError, type GraphErrorKind } from "./graph/errors";
