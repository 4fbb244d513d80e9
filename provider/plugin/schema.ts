// The plugin's Pulumi package schema: every resource kind from its description (inputs, outputs
// and their types, documented), the topology component, and the provider configuration.
// getSchema serves it; generated SDKs (Python) and Pulumi YAML's type checker read it.
import type { TSchema } from "@sinclair/typebox";
import { schemaProperty, schemaTypes } from "../describe/pulumi";
import type { ResourceDescription } from "../describe/resource";
import type { ResourceKind } from "../dynamic";
import { joinRequestDescription } from "../resources/organization/join-request";
import { memberDescription } from "../resources/organization/member";
import { organizationDescription } from "../resources/organization/organization";
import { defaultsDescription } from "../resources/trust/defaults";
import { identitySyncDescription } from "../resources/trust/identity-sync";
import { crossTenantSyncDescription } from "../resources/people/cross-tenant-sync";
import { identitySyncTemplateDescription } from "../resources/trust/identity-sync-template";
import { partnerDescription } from "../resources/trust/partner";
import { partnerTemplateDescription } from "../resources/trust/partner-template";
import { topologyDescription } from "../topology/args";
import { membershipDescription } from "../topology/membership";
import { CONFIG, PACKAGE, type Prop, TYPES, mapOf, token } from "./schema-types";

export interface ResourceSpec {
  description: string;
  inputs: Record<string, Prop>;
  requiredInputs: string[];
  /** Outputs besides the inputs (every input is also an output). */
  outputs: Record<string, Prop>;
  /** Settings keys a resource manages path by path: what an import takes over (import.ts). */
  settings?: string[];
}

/** Every resource kind's description (the Record does not compile without each ResourceKind). */
export const DESCRIPTIONS: Record<ResourceKind, ResourceDescription> = {
  MultiTenantOrganization: organizationDescription,
  MultiTenantOrganizationMember: memberDescription,
  MultiTenantOrganizationJoinRequest: joinRequestDescription,
  MultiTenantOrganizationPartnerConfigurationTemplate: partnerTemplateDescription,
  MultiTenantOrganizationIdentitySyncPolicyTemplate: identitySyncTemplateDescription,
  CrossTenantAccessDefaults: defaultsDescription,
  CrossTenantAccessPartner: partnerDescription,
  CrossTenantIdentitySync: identitySyncDescription,
  CrossTenantSynchronization: crossTenantSyncDescription,
  MultiTenantOrganizationMembership: membershipDescription,
};

const props = (properties: Record<string, TSchema>): Record<string, Prop> => Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, schemaProperty(p, PACKAGE)]));

/** Each resource as the schema declares it, from its description. */
export const RESOURCES = Object.fromEntries(
  Object.entries(DESCRIPTIONS).map(([kind, d]): [string, ResourceSpec] => [
    kind,
    {
      description: d.description,
      inputs: props(d.inputs.properties as Record<string, TSchema>),
      requiredInputs: d.inputs.required ?? [],
      outputs: props(d.outputs.properties as Record<string, TSchema>),
      ...(d.settings ? { settings: [...d.settings] } : {}),
    },
  ]),
) as Record<ResourceKind, ResourceSpec>;

/** The object types the resources' descriptions reach. */
const RESOURCE_TYPES = schemaTypes(
  Object.values(DESCRIPTIONS).flatMap((d) => [...Object.values(d.inputs.properties), ...Object.values(d.outputs.properties)] as TSchema[]),
  PACKAGE,
);

export const TOPOLOGY = token("MultiTenantOrganizationTopology");

const TOPOLOGY_INPUTS: Record<string, Prop> = props(topologyDescription.properties as Record<string, TSchema>);

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
    requiredInputs: topologyDescription.required ?? [],
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
    types: Object.fromEntries(Object.entries({ ...RESOURCE_TYPES, ...TYPES }).map(([name, t]) => [token(name), t])),
    resources,
    language: { python: { packageName: "pulumi_entra_mto" } },
  };
}
