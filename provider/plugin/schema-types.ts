// The object types of the plugin's schema: the trust settings, from their descriptions
// (inputs/trust.ts), the topology's declaration, and the provider configuration. Property helpers
// are shared with schema.ts.
import type { TSchema } from "@sinclair/typebox";
import { type SchemaObjectType, type SchemaProperty, schemaProperty, schemaTypes } from "../describe/pulumi";
import * as trust from "../inputs/trust";
import { topologyDescription } from "../topology/args";

/** A property and an object type of the package schema (describe/pulumi.ts says what they hold). */
export type Prop = SchemaProperty;
export type ObjectType = SchemaObjectType;

export const PACKAGE = "entra-mto";
export const token = (name: string) => `${PACKAGE}:index:${name}`;

export const str = (description: string): Prop => ({ type: "string", description });
export const bool = (description: string): Prop => ({ type: "boolean", description });
export const int = (description: string): Prop => ({ type: "integer", description });
export const ref = (name: string, description: string): Prop => ({ $ref: `#/types/${token(name)}`, description });
export const strings = (description: string): Prop => ({ type: "array", items: { type: "string" }, description });
export const mapOf = (name: string, description: string): Prop => ({ type: "object", additionalProperties: { $ref: `#/types/${token(name)}` }, description });

const object = (description: string, properties: Record<string, Prop>, required?: string[]): ObjectType => ({
  type: "object",
  description,
  properties,
  ...(required ? { required } : {}),
});

/** The trust settings' properties and types, from their descriptions (inputs/trust.ts). */
const fromDescription = (props: Record<string, TSchema>): Record<string, Prop> => Object.fromEntries(Object.entries(props).map(([k, p]) => [k, schemaProperty(p, PACKAGE)]));
export const TEMPLATE_SETTINGS: Record<string, Prop> = fromDescription(trust.TEMPLATE_SETTINGS);
export const TRUST_SETTINGS: Record<string, Prop> = fromDescription(trust.TRUST_SETTINGS);
export const APPLICATION_LEVEL = schemaProperty(trust.ApplicationLevel, PACKAGE);
export const SYNC_ALLOWED = schemaProperty(trust.SyncAllowed, PACKAGE, "Whether users may be synchronized into this tenant from the partner.");
const TRUST_TYPES = schemaTypes([trust.TrustSettings, trust.SyncAllowed], PACKAGE) as Record<string, ObjectType>;
/** The topology's types, from its description (topology/args.ts). */
const TOPOLOGY_TYPES = schemaTypes(Object.values(topologyDescription.properties), PACKAGE) as Record<string, ObjectType>;

export const TYPES: Record<string, ObjectType> = {
  ...TRUST_TYPES,
  ...TOPOLOGY_TYPES,
  TenantSummary: object("A tenant of the organization as Graph shows it.", {
    tenantId: str("The tenant id."),
    displayName: str("The name the organization shows for it."),
    role: str("'owner' or 'member'."),
    state: str("Graph's state of the tenant in the organization: pending, active, removed."),
    joinedDateTime: str("When it joined; null for the owner and tenants not joined yet."),
  }),
  TenantConfig: object(
    "A tenant alias's tenant id and how its credentials are obtained.",
    {
      tenantId: str("The tenant id (GUID)."),
      auth: str("clientSecret, clientCertificate, workloadIdentity, azurePipelines, githubOidc, managedIdentity, azureCli or default."),
      clientId: str("The application (client) id."),
      clientSecret: { ...str("clientSecret: the secret itself (set it as a secret)."), secret: true },
      clientSecretEnv: str("clientSecret: the environment variable holding the secret."),
      certificatePath: str("clientCertificate: a PEM file with the private key and the certificate."),
      certificatePem: { ...str("clientCertificate: the PEM itself (set it as a secret)."), secret: true },
      tokenFilePath: str("workloadIdentity: the federated token file (default AZURE_FEDERATED_TOKEN_FILE)."),
      serviceConnectionId: str("azurePipelines: the service connection id."),
      systemAccessTokenEnv: str("azurePipelines: the variable holding System.AccessToken (default SYSTEM_ACCESSTOKEN)."),
    },
    ["tenantId"],
  ),
};

/** The provider configuration: the `entra-mto:*` stack settings of the dynamic resources. */
export const CONFIG: Record<string, Prop> = {
  tenants: mapOf("TenantConfig", "Every tenant alias programs name, with its tenant id and credentials."),
  graphEndpoint: str("Graph endpoint override, e.g. an emulator (default https://graph.microsoft.com)."),
  authorityHost: str("Authority host override, e.g. an emulator (default https://login.microsoftonline.com)."),
  maxActiveTenants: int("Active tenants an organization may have, the owner included (Microsoft's default: 100)."),
  cloud: str("The cloud; only the global cloud has the multitenant organization APIs."),
};
