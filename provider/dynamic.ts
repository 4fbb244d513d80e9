// The provider object Pulumi serializes into state. It holds no code of ours: each method asks the
// installed package, by name, for the handler of its resource kind. State written by one version
// of this package therefore refreshes and destroys with the version installed later, and the
// serialized text stays under 3 KB.
import type * as pulumi from "@pulumi/pulumi";

export type ResourceKind =
  | "MultiTenantOrganization"
  | "MultiTenantOrganizationMember"
  | "MultiTenantOrganizationJoinRequest"
  | "MultiTenantOrganizationPartnerConfigurationTemplate"
  | "MultiTenantOrganizationIdentitySyncPolicyTemplate"
  | "CrossTenantAccessDefaults"
  | "CrossTenantAccessPartner"
  | "CrossTenantIdentitySync"
  | "CrossTenantSynchronization"
  | "MultiTenantOrganizationMembership";

/** Module name of every resource type token: pulumi-nodejs:dynamic/entra-mto:<Kind>. */
export const MODULE = "entra-mto";

/**
 * One provider object per kind: the SDK serializes a provider once per object and caches the text,
 * so a fresh object for every resource would serialize (and cost) the same text again each time.
 */
const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (!provider) {
    provider = serializableProvider(kind);
    providers.set(kind, provider);
  }
  return provider;
}

function serializableProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Only `kind` is captured; `require` runs in the dynamic-provider process.
  return {
    async configure(req) {
      require("pulumi-entra-mto/handlers").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-entra-mto/handlers").handler(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-entra-mto/handlers").handler(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-entra-mto/handlers").handler(kind).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-entra-mto/handlers").handler(kind).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-entra-mto/handlers").handler(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-entra-mto/handlers").handler(kind).delete(id, props);
    },
  };
}
