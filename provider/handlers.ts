// Entry point of the dynamic-provider process: `configure` and the handler of each resource kind.
// Reached by package name from the serialized provider (see dynamic.ts); keep these names stable.
// The serialized provider carries no state of its own (state written by earlier releases calls
// `handler(kind)` alone), so this face keeps the context the engine's last `configure` built and
// hands it to the handlers; nothing under it keeps one.
import type { ConfigureRequest, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { ProviderContext } from "./context";
import type { ResourceKind } from "./dynamic";
import { IncompleteOperationError } from "./inputs/common";
import { joinRequestHandler } from "./resources/organization/join-request";
import { memberHandler } from "./resources/organization/member";
import { organizationHandler } from "./resources/organization/organization";
import { defaultsHandler } from "./resources/trust/defaults";
import { identitySyncHandler } from "./resources/trust/identity-sync";
import { identitySyncTemplateHandler } from "./resources/trust/identity-sync-template";
import { partnerHandler } from "./resources/trust/partner";
import { partnerTemplateHandler } from "./resources/trust/partner-template";
import { crossTenantSyncHandler } from "./resources/people/cross-tenant-sync";
import { membershipHandler } from "./topology/membership";

const HANDLERS: Record<ResourceKind, (ctx: ProviderContext) => ResourceProvider<any, any>> = {
  MultiTenantOrganization: organizationHandler,
  MultiTenantOrganizationMember: memberHandler,
  MultiTenantOrganizationJoinRequest: joinRequestHandler,
  MultiTenantOrganizationPartnerConfigurationTemplate: partnerTemplateHandler,
  MultiTenantOrganizationIdentitySyncPolicyTemplate: identitySyncTemplateHandler,
  CrossTenantAccessDefaults: defaultsHandler,
  CrossTenantAccessPartner: partnerHandler,
  CrossTenantIdentitySync: identitySyncHandler,
  CrossTenantSynchronization: crossTenantSyncHandler,
  MultiTenantOrganizationMembership: membershipHandler,
};

/** The context of the dynamic-provider process, as its engine last configured it. */
let configured: ProviderContext | undefined;

export function configure(req: ConfigureRequest): void {
  configured = ProviderContext.configure((key) => req.config.get(key), configured);
}

/** The handler of a kind over a context, as the provider plugin calls it. */
export function bareHandler(kind: ResourceKind, ctx: ProviderContext): ResourceProvider {
  const h = HANDLERS[kind];
  if (!h) throw new Error(`unknown resource kind '${kind}': the installed pulumi-entra-mto does not know it`);
  return h(ctx);
}

/**
 * Pulumi's partial failure as the dynamic-provider server takes it: an object with the id, the
 * properties to record and the reasons. The properties carry the serialized provider, as every
 * result of a dynamic resource does, or the next operation could not find its handler.
 */
function partialFailure(err: unknown, inputs: { __provider?: unknown }): unknown {
  if (!(err instanceof IncompleteOperationError)) return err;
  const provider = inputs.__provider === undefined ? {} : { __provider: inputs.__provider };
  return { id: err.id, message: err.message, properties: { ...err.properties, ...provider }, reasons: err.reasons };
}

/** The handler of a kind as the dynamic provider serves it: serialized providers call this, by name. */
export function handler(kind: ResourceKind): ResourceProvider {
  // The engine configures every provider before it calls one; a handler asked for earlier is a
  // mistake in the code, said as such, never an empty configuration.
  if (!configured) throw new Error("pulumi-entra-mto was used before it was configured: the engine calls `configure` first");
  const h = bareHandler(kind, configured);
  return {
    ...h,
    create: (inputs) => h.create(inputs).catch((err: unknown) => Promise.reject(partialFailure(err, inputs))),
    ...(h.update
      ? { update: (id: string, olds: unknown, news: { __provider?: unknown }) => h.update!(id, olds, news).catch((err: unknown) => Promise.reject(partialFailure(err, news))) }
      : {}),
  };
}
