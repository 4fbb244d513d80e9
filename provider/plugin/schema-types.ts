// The object types of the plugin's schema: the settings objects (in Graph's own spelling, as the
// TypeScript interfaces in inputs/trust.ts and topology/args.ts declare them), the topology's
// declaration, and the provider configuration. Property helpers are shared with schema.ts.

export interface Prop {
  type?: "string" | "boolean" | "integer" | "number" | "array" | "object";
  $ref?: string;
  items?: Omit<Prop, "description">;
  additionalProperties?: Omit<Prop, "description">;
  description: string;
  secret?: boolean;
}

export interface ObjectType {
  type: "object";
  description: string;
  properties: Record<string, Prop>;
  required?: string[];
}

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

const b2b = (direction: string) => ref("B2BSetting", `B2B ${direction}: which users and groups, and which applications, are allowed or blocked.`);

/** The settings a partner template shares with partner configurations and the defaults. */
export const TEMPLATE_SETTINGS: Record<string, Prop> = {
  inboundTrust: ref("InboundTrust", "Which claims (MFA, compliant device, hybrid joined device) from the partner's tenant are trusted."),
  automaticUserConsentSettings: ref("AutomaticUserConsentSettings", "Whether users are consented automatically when invited into, or from, the partner."),
  b2bCollaborationInbound: b2b("collaboration, inbound"),
  b2bCollaborationOutbound: b2b("collaboration, outbound"),
  b2bDirectConnectInbound: b2b("direct connect, inbound"),
  b2bDirectConnectOutbound: b2b("direct connect, outbound"),
};

export const TRUST_SETTINGS: Record<string, Prop> = {
  ...TEMPLATE_SETTINGS,
  tenantRestrictions: ref("TenantRestrictions", "Tenant restrictions: what users of this tenant may access in the partner's tenant, from which devices."),
};

export const APPLICATION_LEVEL = strings("To which partners a join applies the template: 'newPartners', 'existingPartners'; [] means none. Graph's default is both.");
export const SYNC_ALLOWED = ref("SyncAllowed", "Whether users may be synchronized into this tenant from the partner.");

export const TYPES: Record<string, ObjectType> = {
  OperationTimeouts: object("How long each operation may take, as durations such as '90s', '30m' or '2h'.", {
    create: str("Longest time a create may take."),
    update: str("Longest time an update may take."),
    delete: str("Longest time a delete may take."),
  }),
  InboundTrust: object("Claims from the partner's tenant that this tenant trusts.", {
    isMfaAccepted: bool("Trust multifactor authentication done in the partner's tenant."),
    isCompliantDeviceAccepted: bool("Trust compliant-device claims from the partner's tenant."),
    isHybridAzureADJoinedDeviceAccepted: bool("Trust hybrid Microsoft Entra joined device claims from the partner's tenant."),
  }),
  AutomaticUserConsentSettings: object("Automatic redemption of invitations between the tenants.", {
    inboundAllowed: bool("Users from the partner are consented automatically when invited here."),
    outboundAllowed: bool("Users of this tenant are consented automatically when invited into the partner."),
  }),
  Target: object(
    "A user, group or application, or a keyword.",
    {
      target: str("A user, group or application id, or AllUsers, AllApplications, AllMicrosoftApps, Office365."),
      targetType: str("'user', 'group' or 'application'."),
    },
    ["target", "targetType"],
  ),
  TargetConfiguration: object(
    "Targets allowed or blocked.",
    {
      accessType: str("'allowed' or 'blocked'."),
      targets: { type: "array", items: { $ref: `#/types/${token("Target")}` }, description: "The targets, compared as a set (order and id casing do not matter); at least one." },
    },
    ["accessType", "targets"],
  ),
  B2BSetting: object("A B2B collaboration or direct connect setting.", {
    usersAndGroups: ref("TargetConfiguration", "Targets of type user or group."),
    applications: ref("TargetConfiguration", "Targets of type application."),
  }),
  DevicesFilter: object("Which devices tenant restrictions apply to.", {
    mode: str("'allowed' or 'blocked'."),
    rule: str("A device filter rule."),
  }),
  TenantRestrictions: object("Tenant restrictions toward the partner.", {
    usersAndGroups: ref("TargetConfiguration", "Targets of type user or group."),
    applications: ref("TargetConfiguration", "Targets of type application."),
    devices: ref("DevicesFilter", "The devices the restrictions apply to."),
  }),
  SyncAllowed: object("Whether synchronization is allowed.", { isSyncAllowed: bool("True to allow synchronization from the partner.") }),
  TrustSettings: object("Cross-tenant access settings; every property is optional, and what is left out is not managed.", TRUST_SETTINGS),
  PartnerTemplateSettings: object("The partner configuration template: what a join writes into the partner settings it generates.", {
    templateApplicationLevel: APPLICATION_LEVEL,
    ...TEMPLATE_SETTINGS,
  }),
  IdentitySyncTemplateSettings: object("The identity synchronization template: what a join writes into the sync policies it generates.", {
    templateApplicationLevel: APPLICATION_LEVEL,
    userSyncInbound: SYNC_ALLOWED,
  }),
  TopologyTemplates: object("Templates applied when tenants join.", {
    partner: ref("PartnerTemplateSettings", "The partner configuration template."),
    identitySync: ref("IdentitySyncTemplateSettings", "The identity synchronization template."),
  }),
  PartnerDeclaration: object("Trust toward one partner, over the tenant's `trust`.", {
    ...TRUST_SETTINGS,
    outsideOrganization: bool("The key names a tenant outside the organization (a configured alias or a tenant id): say so."),
  }),
  TopologyTenant: object("One tenant of the organization.", {
    displayName: str("The name the organization shows for the tenant (required for every tenant but the owner)."),
    role: str("'member' (default) or 'owner'; the owner tenant is always an owner."),
    trust: ref("TrustSettings", "This tenant's trust toward every other tenant of the organization, over the organization's."),
    partners: mapOf("PartnerDeclaration", "Trust toward one partner, by alias (or tenant id with outsideOrganization), over `trust`."),
    syncUsersFrom: strings("Tenants users are synchronized from into this tenant, by alias."),
    templates: ref("TopologyTemplates", "This tenant's templates, over the organization's."),
    defaults: ref("TrustSettings", "This tenant's default cross-tenant settings (toward tenants with no partner configuration)."),
  }),
  TenantSummary: object("A tenant of the organization as Graph shows it.", {
    tenantId: str("The tenant id."),
    displayName: str("The name the organization shows for it."),
    role: str("'owner' or 'member'."),
    state: str("Graph's state of the tenant in the organization: pending, active, removed."),
    joinedDateTime: str("When it joined; null for the owner and tenants not joined yet."),
  }),
  MembershipMember: object(
    "A member tenant as the membership declares it.",
    {
      tenantId: str("The tenant id."),
      displayName: str("The name the organization shows for it."),
      role: str("'owner' or 'member'."),
    },
    ["tenantId", "displayName", "role"],
  ),
  MembershipMemberState: object("A member tenant as Graph shows it.", {
    tenantId: str("The tenant id."),
    displayName: str("The name the organization shows for it."),
    role: str("'owner' or 'member'."),
    state: str("pending, active or removed."),
    addedDateTime: str("When the owner added it."),
    joinedDateTime: str("When it joined; null until then."),
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
