// What a program declares with MultiTenantOrganizationTopology, in the user's terms: the
// organization, its tenants by alias, and the trust between them; and the checks run at preview
// (in the program, before any resource is registered), all reported together.
import { GUID_PATTERN } from "../../contract/wire";
import { type ProviderSettings, configuredSecrets } from "../settings";
import { MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, checkPacing, checkText } from "../inputs/common";
import { misplacedSecret, secretKind, shown } from "../inputs/secrets";
import { checkValue } from "../describe/check";
import { COMMON_INPUTS } from "../describe/resource";
import { type Static, type TSchema, Type, described, flag, listOf, listOrMap, oneOf, optional, shape, text } from "../describe/shape";
import { SyncMappings, SyncScope } from "../resources/people/cross-tenant-sync";
import { ApplicationLevel, SyncAllowed, TEMPLATE_SETTINGS, TRUST_SETTINGS, TrustSettings as TrustSettingsShape } from "../inputs/trust";
import { isObject } from "../../contract/json";

/** Trust settings as plain values (the topology's structure is known when the program runs), as described once. */
export type TrustSettings = Static<typeof TrustSettingsShape>;

export const PartnerTemplateSettings = shape("PartnerTemplateSettings", "The partner configuration template: what a join writes into the partner settings it generates.", {
  templateApplicationLevel: optional(ApplicationLevel),
  ...TEMPLATE_SETTINGS,
});

export const IdentitySyncTemplateSettings = shape(
  "IdentitySyncTemplateSettings",
  "The identity synchronization template: what a join writes into the sync policies it generates.",
  {
    templateApplicationLevel: optional(ApplicationLevel),
    userSyncInbound: optional(described(SyncAllowed, "Whether users may be synchronized into this tenant from the partner.")),
  },
);

export const TopologyTemplatesShape = shape("TopologyTemplates", "Templates applied when tenants join.", {
  partner: optional(described(PartnerTemplateSettings, "The partner configuration template.")),
  identitySync: optional(described(IdentitySyncTemplateSettings, "The identity synchronization template.")),
});

export const PartnerDeclarationShape = shape("PartnerDeclaration", "Trust toward one partner, over the tenant's `trust`.", {
  ...TRUST_SETTINGS,
  outsideOrganization: optional(flag("The key names a tenant outside the organization (a configured alias or a tenant id): say so.")),
});

export const SyncFromShape = shape("SyncFrom", "People synchronized from one source tenant into this one: the source's configuration, its scope and mappings.", {
  scope: described(SyncScope, "Who is synchronized: users and groups of the source tenant, by object id."),
  mappings: optional(described(SyncMappings, "How users appear in this tenant.")),
  enabled: optional(flag("Whether the source's job runs (default true).")),
  wait: optional(
    oneOf(["accepted", "synchronized"] as const, "'accepted' (default): `up` returns once the job runs; 'synchronized': it waits for a first cycle (about 40 minutes on Graph)."),
  ),
});

export const TopologyTenantShape = shape("TopologyTenant", "One tenant of the organization.", {
  displayName: optional(text("The name the organization shows for the tenant (required for every tenant but the owner).")),
  role: optional(oneOf(["owner", "member"] as const, "'member' (default) or 'owner'; the owner tenant is always an owner.")),
  trust: optional(described(TrustSettingsShape, "This tenant's trust toward every other tenant of the organization, over the organization's.")),
  partners: optional(
    Type.Record(Type.String(), PartnerDeclarationShape, { description: "Trust toward one partner, by alias (or tenant id with outsideOrganization), over `trust`." }),
  ),
  syncUsersFrom: optional(
    listOrMap(
      listOf(text("A tenant alias."), "Aliases of the source tenants."),
      Type.Record(Type.String(), SyncFromShape),
      "Tenants whose users come into this tenant. A list of aliases allows it (the policies only); an object by alias with a scope also makes it happen: the source's synchronization configuration, with automatic redemption on both sides.",
      { shape: "must be a list of tenant aliases, or an object by source alias such as { cairo: { scope: { groups: ['<group object id>'] } } }" },
    ),
  ),
  templates: optional(described(TopologyTemplatesShape, "This tenant's templates, over the organization's.")),
  defaults: optional(described(TrustSettingsShape, "This tenant's default cross-tenant settings (toward tenants with no partner configuration).")),
});

/** The topology's arguments, described once: the TypeScript types and the plugin's schema come from here. */
export const topologyDescription = shape("MultiTenantOrganizationTopologyArgs", "The organization as one declaration.", {
  displayName: text("The organization's name."),
  description: optional(text("The organization's description.")),
  owner: text("Alias of the tenant that creates and owns the organization; one of `tenants`."),
  tenants: Type.Record(Type.String(), TopologyTenantShape, { description: "Every tenant of the organization, the owner included, by alias (entra-mto:tenants)." }),
  trust: optional(described(TrustSettingsShape, "What every tenant of the organization trusts in every other.")),
  templates: optional(described(TopologyTemplatesShape, "Templates of every tenant, applied when tenants join.")),
  wait: COMMON_INPUTS.wait,
  timeouts: COMMON_INPUTS.timeouts,
});

export type TopologyTemplates = Static<typeof TopologyTemplatesShape>;
export type PartnerDeclaration = Static<typeof PartnerDeclarationShape>;
export type TopologyTenant = Static<typeof TopologyTenantShape>;
export type SyncFrom = Static<typeof SyncFromShape>;

/** The sources of a tenant's users, in either form: each alias with its configuration when declared. */
export function syncSources(t: TopologyTenant): { source: string; people?: SyncFrom }[] {
  const from = t.syncUsersFrom;
  if (Array.isArray(from)) return from.map((source) => ({ source }));
  return Object.entries(from ?? {}).map(([source, people]) => ({ source, people }));
}
export type MultiTenantOrganizationTopologyArgs = Static<typeof topologyDescription>;

/** Later settings over earlier ones, member by member within each setting. */
export function mergeSettings<T extends object>(...layers: (T | undefined)[]): T {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      if (v === undefined || k === "outsideOrganization") continue;
      out[k] = isObject(v) && isObject(out[k]) ? { ...(out[k] as object), ...v } : v;
    }
  }
  return out as T;
}

function prefixed(prefix: string, check: (failures: { property: string; reason: string }[]) => void): string[] {
  const failures: { property: string; reason: string }[] = [];
  check(failures);
  return failures.map((f) => `${prefix}${f.property}: ${f.reason}`);
}

/** A part of the topology against its description, at every depth (undefined: not declared). */
const checkShape = (schema: TSchema, at: string, value: unknown) => (value === undefined ? [] : prefixed("", (f) => checkValue(schema, value, at, f)));
const checkTemplates = (at: string, t: unknown) => checkShape(TopologyTemplatesShape, at, t);
const checkTrust = (at: string, s: unknown) => checkShape(TrustSettingsShape, at, s);

/**
 * Synchronization needs automatic redemption inbound in the target and outbound in the source; the
 * topology sets both, so a trust that says otherwise for the pair contradicts the declaration.
 */
function syncConflicts(target: TopologyTenant, trust: TrustSettings | undefined, source: string, alias: string, sourceTenant: TopologyTenant | undefined, at: string): string[] {
  const problems: string[] = [];
  const inbound = mergeSettings<TrustSettings>(trust, target.trust, target.partners?.[source]).automaticUserConsentSettings?.inboundAllowed;
  if (inbound === false)
    problems.push(
      `${at}.syncUsersFrom.${source}: needs automatic redemption inbound from '${source}', which this tenant's trust sets false (automaticUserConsentSettings.inboundAllowed)`,
    );
  const outbound = sourceTenant && mergeSettings<TrustSettings>(trust, sourceTenant.trust, sourceTenant.partners?.[alias]).automaticUserConsentSettings?.outboundAllowed;
  if (outbound === false)
    problems.push(
      `${at}.syncUsersFrom.${source}: needs automatic redemption outbound in '${source}' toward '${alias}', which its trust sets false (automaticUserConsentSettings.outboundAllowed)`,
    );
  return problems;
}

/** Every problem of a topology, as "property: rule", against the provider settings. */
export function checkTopology(args: MultiTenantOrganizationTopologyArgs, settings: ProviderSettings, configProblems: string[] = []): string[] {
  const problems: string[] = [];
  const known = configuredSecrets(settings);
  const text = (value: unknown, property: string, opts: { required?: boolean; max?: number }) => prefixed("", (f) => checkText(value, property, f, { ...opts, known }));
  if (!isObject(args.tenants))
    problems.push('tenants: required: an object with every tenant of the organization by alias, such as { cairo: {}, berlin: { displayName: "Berlin" } }');
  const tenants = isObject(args.tenants) ? (args.tenants as Record<string, TopologyTenant>) : {};
  const aliases = Object.keys(tenants);
  if (typeof args.displayName !== "string" || !args.displayName.trim()) problems.push("displayName: required: the organization's name");
  else problems.push(...text(args.displayName, "displayName", { max: MAX_NAME_LENGTH }));
  problems.push(...text(args.description, "description", { max: MAX_DESCRIPTION_LENGTH }));
  const ownerSecret = secretKind(args.owner, known);
  if (typeof args.owner !== "string" || !args.owner) problems.push("owner: required: the alias of the tenant that creates and owns the organization");
  else if (ownerSecret) problems.push(`owner: ${misplacedSecret(ownerSecret, "owner, an alias,")}`);
  else if (!tenants[args.owner])
    problems.push(
      `owner: ${shown(args.owner)} is not one of tenants (${aliases.join(", ") || "none"}); the owner created the organization and stays in it: to hand it over, promote another tenant first`,
    );
  else if (isObject(tenants[args.owner] as unknown) && tenants[args.owner].role === "member")
    problems.push(`tenants.${args.owner}.role: the owner tenant cannot be a member; remove role or set 'owner'`);
  problems.push(...prefixed("", (f) => f.push(...checkPacing({ wait: args.wait, timeouts: args.timeouts }))));

  const byTenantId = new Map<string, string>();
  for (const [alias, t] of Object.entries(tenants)) {
    const at = `tenants.${alias}`;
    if (!isObject(t as unknown)) {
      problems.push(`${at}: must be an object, such as { displayName: "Berlin" } ({} for the owner)`);
      continue;
    }
    const config = settings.tenants[alias];
    if (!config) problems.push(`${at}: alias '${alias}' is not configured under entra-mto:tenants (its tenant id and credentials)`);
    problems.push(...configProblems.filter((p) => p.startsWith(`entra-mto:tenants.${alias}.`)).map((p) => `${at}: ${p}`));
    if (config?.tenantId && GUID_PATTERN.test(config.tenantId)) {
      const other = byTenantId.get(config.tenantId);
      if (other) problems.push(`${at}: the same tenant (${config.tenantId}) as '${other}'`);
      byTenantId.set(config.tenantId, alias);
    }
    if (t.role !== undefined && t.role !== "owner" && t.role !== "member") problems.push(`${at}.role: must be 'owner' or 'member'`);
    if (alias !== args.owner && (typeof t.displayName !== "string" || !t.displayName.trim()))
      problems.push(`${at}.displayName: required: the name the organization shows for the tenant`);
    else problems.push(...text(t.displayName, `${at}.displayName`, { max: MAX_NAME_LENGTH }));
    if (t.partners !== undefined && !isObject(t.partners as unknown)) problems.push(`${at}.partners: must be an object: settings by partner alias`);
    const syncProblems = checkShape(TopologyTenantShape.properties.syncUsersFrom, `${at}.syncUsersFrom`, t.syncUsersFrom);
    problems.push(...syncProblems);
    problems.push(...checkTrust(`${at}.trust`, t.trust), ...checkTrust(`${at}.defaults`, t.defaults), ...checkTemplates(`${at}.templates`, t.templates));
    for (const [partner, p] of Object.entries((isObject(t.partners as unknown) ? t.partners : {}) as Record<string, PartnerDeclaration>)) {
      const where = `${at}.partners.${partner}`;
      if (partner === alias) problems.push(`${where}: a tenant cannot be its own partner`);
      else if (!tenants[partner] && !p?.outsideOrganization) {
        problems.push(`${where}: ${shown(partner, known)} is not a tenant of this organization; add it to tenants, or set outsideOrganization: true if that is intended`);
      } else if (!tenants[partner] && !settings.tenants[partner] && !GUID_PATTERN.test(partner)) {
        problems.push(`${where}: a partner outside the organization is named by a configured alias or a tenant id (GUID)`);
      } else if (!tenants[partner]) {
        // Two resources for one Graph object would undo each other.
        const id = (settings.tenants[partner]?.tenantId ?? partner).toLowerCase();
        const inside = Object.keys(tenants).find((a) => settings.tenants[a]?.tenantId === id);
        if (inside) problems.push(`${where}: is the tenant '${inside}' of this organization; declare that partner as partners.${inside}`);
      }
      problems.push(...checkShape(PartnerDeclarationShape, where, p));
    }
    for (const { source, people } of syncProblems.length ? [] : syncSources(t)) {
      const where = Array.isArray(t.syncUsersFrom) ? `${at}.syncUsersFrom` : `${at}.syncUsersFrom.${source}`;
      if (source === alias) problems.push(`${where}: a tenant cannot synchronize users from itself`);
      else if (!tenants[source] && !t.partners?.[source]?.outsideOrganization) problems.push(`${where}: ${shown(source, known)} is not a tenant of this organization`);
      else if (people && !settings.tenants[source]) {
        problems.push(
          `${where}: the source's configuration is written with its own credentials: configure '${source}' under entra-mto:tenants, or list it without a scope to allow synchronization only`,
        );
      } else if (people) problems.push(...syncConflicts(t, args.trust, source, alias, tenants[source], at));
    }
  }
  if (aliases.length > settings.maxActiveTenants) {
    problems.push(
      `tenants: ${aliases.length} tenants, more than the ${settings.maxActiveTenants} active tenants an organization may have (entra-mto:maxActiveTenants; Microsoft's default is 100)`,
    );
  }
  problems.push(...checkTrust("trust", args.trust), ...checkTemplates("templates", args.templates));
  return problems;
}
