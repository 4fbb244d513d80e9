// The plugin's Pulumi package schema, in one place: every resource kind the handlers implement
// (the Record below does not compile without each ResourceKind), its inputs and outputs with
// descriptions, the topology component, the settings types and the provider configuration.
// getSchema serves it; generated SDKs (Python) and Pulumi YAML's type checker read it.
import type { ResourceKind } from "../dynamic";
import { APPLICATION_LEVEL, CONFIG, PACKAGE, type Prop, SYNC_ALLOWED, TEMPLATE_SETTINGS, TRUST_SETTINGS, TYPES, bool, mapOf, ref, str, strings, token } from "./schema-types";

export interface ResourceSpec {
  description: string;
  inputs: Record<string, Prop>;
  requiredInputs: string[];
  /** Outputs besides the inputs (every input is also an output). */
  outputs: Record<string, Prop>;
  /** Settings keys a resource manages path by path: what an import takes over (import.ts). */
  settings?: string[];
}

const COMMON: Record<string, Prop> = {
  tenant: str("Alias of the tenant whose credentials perform the operation (entra-mto:tenants.<alias>)."),
  wait: str("'converged' (default): wait until Graph finished; 'accepted': return once Graph took the request."),
  timeouts: ref("OperationTimeouts", "How long each operation may take (the plugin's own, as for the dynamic resources)."),
};
const TENANT_ID = str("The acting tenant's id.");
const MANAGED = strings("The settings paths this resource manages, e.g. 'inboundTrust.isMfaAccepted'.");
const resource = (description: string, inputs: Record<string, Prop>, requiredInputs: string[], outputs: Record<string, Prop>, settings?: string[]): ResourceSpec => ({
  description,
  inputs: { ...COMMON, ...inputs },
  requiredInputs: ["tenant", ...requiredInputs],
  outputs,
  ...(settings ? { settings } : {}),
});

export const RESOURCES: Record<ResourceKind, ResourceSpec> = {
  MultiTenantOrganization: resource(
    "The multitenant organization as its owner tenant sees it; creating adopts the tenant's existing organization, deleting removes the owner tenant from it.",
    { displayName: str("The organization's name."), description: str("The organization's description; left as Graph holds it when omitted.") },
    ["displayName"],
    {
      tenantId: TENANT_ID,
      objectId: str("Graph's object id of the organization."),
      state: str("active or inactive."),
      createdDateTime: str("When it was created."),
      converged: bool("False while the owner's own membership is still being set up."),
    },
  ),
  MultiTenantOrganizationMember: resource(
    "An owner tenant adds a tenant to its organization and sets its role; the tenant stays pending until it submits its join request.",
    {
      memberTenantId: str("Tenant id of the member; changing it replaces the resource."),
      displayName: str("The member's name. Graph cannot rename a tenant of an organization: a new name is refused at preview (remove the resource, then declare it again)."),
      role: str("'member' (default) or 'owner'."),
    },
    ["memberTenantId", "displayName"],
    {
      ownerTenantId: str("The owner tenant's id."),
      state: str("pending, active or removed."),
      addedByTenantId: str("The tenant that added it."),
      addedDateTime: str("When it was added."),
      joinedDateTime: str("When it joined; null until then."),
      transitionStatus: str("Status of a role change or removal Graph is processing, or null."),
      converged: bool("False while the role asked for is not in place."),
    },
  ),
  MultiTenantOrganizationJoinRequest: resource(
    "The joining tenant's request to join the organization of the owner that added it; failures resubmitting can heal are retried.",
    {
      addedByTenantId: str("Tenant id of the owner that added this tenant; changing it replaces the resource."),
      memberAddedDateTime: str("The member's addedDateTime: when the owner adds the tenant again, the join is submitted again."),
    },
    ["addedByTenantId"],
    {
      tenantId: str("The joining tenant's id."),
      memberState: str("The tenant's state in the organization, or null."),
      role: str("Its role, or null."),
      transitionStatus: str("notStarted, running or failed while Graph processes the join; null otherwise."),
      transitionDetails: str("Graph's details of the join in progress or failed."),
    },
  ),
  MultiTenantOrganizationPartnerConfigurationTemplate: resource(
    "The tenant's template for the partner configurations Graph generates when tenants join; applied at join time only.",
    { templateApplicationLevel: APPLICATION_LEVEL, ...TEMPLATE_SETTINGS },
    [],
    { tenantId: TENANT_ID, templateId: str("Graph's id of the template."), managedProperties: MANAGED },
    ["templateApplicationLevel", ...Object.keys(TEMPLATE_SETTINGS)],
  ),
  MultiTenantOrganizationIdentitySyncPolicyTemplate: resource(
    "The tenant's template for the user synchronization policies Graph generates toward partners when tenants join.",
    { templateApplicationLevel: APPLICATION_LEVEL, userSyncInbound: SYNC_ALLOWED },
    [],
    { tenantId: TENANT_ID, templateId: str("Graph's id of the template."), managedProperties: MANAGED },
    ["templateApplicationLevel", "userSyncInbound"],
  ),
  CrossTenantAccessDefaults: resource(
    "The tenant's default cross-tenant access settings, inherited by every partner configuration where it says nothing.",
    TRUST_SETTINGS,
    [],
    { tenantId: TENANT_ID, isServiceDefault: bool("True while the settings are Graph's system defaults."), managedProperties: MANAGED },
    Object.keys(TRUST_SETTINGS),
  ),
  CrossTenantAccessPartner: resource(
    "The tenant's cross-tenant access settings toward one partner tenant; creating adopts a configuration a join generated.",
    { partnerTenantId: str("The partner's tenant id; changing it replaces the resource."), ...TRUST_SETTINGS },
    ["partnerTenantId"],
    {
      tenantId: TENANT_ID,
      isInMultiTenantOrganization: bool("Set by Graph while both tenants are active in the same organization."),
      isServiceProvider: bool("Whether the partner is a service provider, as Graph shows it."),
      managedProperties: MANAGED,
    },
    Object.keys(TRUST_SETTINGS),
  ),
  CrossTenantIdentitySync: resource(
    "The tenant's user synchronization policy toward one partner; lives inside the partner configuration.",
    {
      partnerTenantId: str("The partner users come from; its partner configuration must exist. Changing it replaces the resource."),
      displayName: str("A name for the policy; Graph suggests the partner's name."),
      userSyncInbound: SYNC_ALLOWED,
      groupSyncInbound: ref("SyncAllowed", "Beta only: declaring it makes every call of this resource go to Graph's beta endpoint."),
    },
    ["partnerTenantId"],
    { tenantId: TENANT_ID, managedProperties: MANAGED },
    // groupSyncInbound is left out of imports: it exists only in Graph's beta endpoint.
    ["displayName", "userSyncInbound"],
  ),
  MultiTenantOrganizationMembership: resource(
    "The organization and its whole member set as one resource, changed in the order Graph needs; MultiTenantOrganizationTopology declares it.",
    {
      displayName: str("The organization's name."),
      description: str("The organization's description."),
      members: mapOf("MembershipMember", "Every tenant but the owner, by alias."),
      ownerDisplayName: str("The owner tenant's name, for progress lines and errors only."),
    },
    ["displayName", "members"],
    {
      tenantId: str("The owner tenant's id."),
      state: str("active or inactive."),
      members: mapOf("MembershipMemberState", "Every member tenant as Graph shows it, by alias."),
      converged: bool("False while Graph does not show the declared member set, all active."),
    },
  ),
};

export const TOPOLOGY = token("MultiTenantOrganizationTopology");

const TOPOLOGY_INPUTS: Record<string, Prop> = {
  displayName: str("The organization's name."),
  description: str("The organization's description."),
  owner: str("Alias of the tenant that creates and owns the organization; one of `tenants`."),
  tenants: mapOf("TopologyTenant", "Every tenant of the organization, the owner included, by alias (entra-mto:tenants)."),
  trust: ref("TrustSettings", "What every tenant of the organization trusts in every other."),
  templates: ref("TopologyTemplates", "Templates of every tenant, applied when tenants join."),
  wait: COMMON.wait,
  timeouts: COMMON.timeouts,
};

function customResource(spec: ResourceSpec) {
  return {
    description: spec.description,
    inputProperties: spec.inputs,
    requiredInputs: spec.requiredInputs,
    properties: { ...spec.inputs, ...spec.outputs },
  };
}

/** The schema as getSchema serves it. */
export function schema(version: string): object {
  const resources: Record<string, object> = {};
  for (const [kind, spec] of Object.entries(RESOURCES)) resources[token(kind)] = customResource(spec);
  resources[TOPOLOGY] = {
    isComponent: true,
    description: "The organization as one declaration: its tenants, owner, roles and the trust between them; every ordinary edit is one `pulumi up`.",
    inputProperties: TOPOLOGY_INPUTS,
    requiredInputs: ["displayName", "owner", "tenants"],
    properties: { tenants: mapOf("TenantSummary", "Every tenant by alias, the owner included, as Graph shows it.") },
    required: ["tenants"],
  };
  return {
    name: PACKAGE,
    displayName: "Microsoft Entra multitenant organizations",
    version,
    description: "Microsoft Entra multitenant organizations: the organization, its members and joins, and cross-tenant access between them.",
    keywords: ["pulumi", "entra", "azure-ad", "multitenant-organization", "category/cloud"],
    license: "Apache-2.0",
    config: { variables: CONFIG },
    provider: { description: "The entra-mto provider: tenants and their credentials, and endpoint overrides.", inputProperties: CONFIG },
    types: Object.fromEntries(Object.entries(TYPES).map(([name, t]) => [token(name), t])),
    resources,
    language: { python: { packageName: "pulumi_entra_mto" } },
  };
}
