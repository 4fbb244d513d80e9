// Entry point of the dynamic-provider process: `configure` and the handler of each resource kind.
// Reached by package name from the serialized provider (see dynamic.ts); keep these names stable.
import type { ConfigureRequest, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { configure as configureContext } from "./context";
import type { ResourceKind } from "./dynamic";
import { joinRequestHandler } from "./resources/organization/join-request";
import { memberHandler } from "./resources/organization/member";
import { organizationHandler } from "./resources/organization/organization";

const HANDLERS: Record<ResourceKind, ResourceProvider> = {
  MultiTenantOrganization: organizationHandler,
  MultiTenantOrganizationMember: memberHandler,
  MultiTenantOrganizationJoinRequest: joinRequestHandler,
};

export function configure(req: ConfigureRequest): void {
  configureContext((key) => req.config.get(key));
}

export function handler(kind: ResourceKind): ResourceProvider {
  const h = HANDLERS[kind];
  if (!h) throw new Error(`unknown resource kind '${kind}': the installed pulumi-entra-mto does not know it`);
  return h;
}
