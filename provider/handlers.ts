// Entry point of the dynamic-provider process: `configure` and the handler of each resource kind.
// Reached by package name from the serialized provider (see dynamic.ts); keep these names stable.
import type { ConfigureRequest, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { configure as configureContext } from "./context";
import type { ResourceKind } from "./dynamic";
import { joinRequestHandler } from "./resources/organization/join-request";
import { memberHandler } from "./resources/organization/member";
import { organizationHandler } from "./resources/organization/organization";
import { defaultsHandler } from "./resources/trust/defaults";
import { identitySyncHandler } from "./resources/trust/identity-sync";
import { identitySyncTemplateHandler } from "./resources/trust/identity-sync-template";
import { partnerHandler } from "./resources/trust/partner";
import { partnerTemplateHandler } from "./resources/trust/partner-template";
import { membershipHandler } from "./topology/membership";

const HANDLERS: Record<ResourceKind, ResourceProvider<any, any>> = {
  MultiTenantOrganization: organizationHandler,
  MultiTenantOrganizationMember: memberHandler,
  MultiTenantOrganizationJoinRequest: joinRequestHandler,
  MultiTenantOrganizationPartnerConfigurationTemplate: partnerTemplateHandler,
  MultiTenantOrganizationIdentitySyncPolicyTemplate: identitySyncTemplateHandler,
  CrossTenantAccessDefaults: defaultsHandler,
  CrossTenantAccessPartner: partnerHandler,
  CrossTenantIdentitySync: identitySyncHandler,
  MultiTenantOrganizationMembership: membershipHandler,
};

export function configure(req: ConfigureRequest): void {
  configureContext((key) => req.config.get(key));
}

export function handler(kind: ResourceKind): ResourceProvider {
  const h = HANDLERS[kind];
  if (!h) throw new Error(`unknown resource kind '${kind}': the installed pulumi-entra-mto does not know it`);
  return h;
}
