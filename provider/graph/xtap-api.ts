// Typed calls of the cross-tenant access policy API (the MTO templates, the default, partner
// configurations and their identity synchronization) and of tenant lookup, each with the
// permissions Graph requires. Partner configurations and identity synchronization are keyed by the
// partner's tenant id.
import {
  type DefaultConfiguration,
  type IdentitySyncPolicyPartner,
  type IdentitySyncTemplate,
  type PartnerConfiguration,
  type PartnerConfigurationTemplate,
  Permission,
  type TenantInformation,
} from "../../contract/wire";
import type { GraphClient } from "./client";
import { unlessNotFound } from "./errors";
import { READ_AFTER_WRITE_GRACE_MS } from "./mto-api";
import { isObject } from "../../contract/json";

const XTAP = "/policies/crossTenantAccessPolicy";
const PARTNER_TEMPLATE = `${XTAP}/templates/multiTenantOrganizationPartnerConfiguration`;
const SYNC_TEMPLATE = `${XTAP}/templates/multiTenantOrganizationIdentitySynchronization`;
// The docs' rendered tables name Policy.*; the permissions data names MultiTenantOrganization.* for
// the templates. A 403 names what the docs' tables say.
const READ = [Permission.PolicyRead, Permission.PolicyReadWriteXtap];
const WRITE = [Permission.PolicyReadWriteXtap];

type Body = Record<string, unknown>;
type Version = "v1.0" | "beta";
/**
 * Whether Graph already holds what a write of settings sets (its caller knows what it declared):
 * after an ambiguous outcome the write is sent again only while this says no (client.ts). Without
 * it, a PATCH or PUT of settings is sent again as it is: the same values, the same end state.
 */
export type Applied = () => Promise<boolean>;

/** A template setting Graph shows unconfigured: null, or an object of nulls. */
const unset = (v: unknown) => v === null || v === undefined || (isObject(v) && Object.values(v).every((x) => x === null || x === undefined));
/** The application level Graph resets a template to: both flags. */
const bothLevels = (level: unknown) =>
  typeof level === "string" &&
  level
    .split(",")
    .map((f) => f.trim())
    .sort()
    .join(",") === "existingPartners,newPartners";

// ---- the two MTO templates (singletons: always there, reset rather than deleted) ----

export const getPartnerTemplate = (g: GraphClient) => g.call<PartnerConfigurationTemplate>({ method: "GET", path: PARTNER_TEMPLATE, permissions: READ });
export const patchPartnerTemplate = (g: GraphClient, body: Body, applied?: Applied) => g.call<void>({ method: "PATCH", path: PARTNER_TEMPLATE, body, permissions: WRITE, applied });
/** Applied: the template shows Graph's reset state (both levels, every setting unconfigured). */
export const resetPartnerTemplate = (g: GraphClient) =>
  g.call<void>({
    method: "POST",
    path: `${PARTNER_TEMPLATE}/resetToDefaultSettings`,
    permissions: WRITE,
    applied: async () => {
      const { id: _id, templateApplicationLevel, ...settings } = (await getPartnerTemplate(g)) as unknown as Body;
      return (
        bothLevels(templateApplicationLevel) &&
        Object.entries(settings)
          .filter(([k]) => !k.startsWith("@"))
          .every(([, v]) => unset(v))
      );
    },
  });

export const getIdentitySyncTemplate = (g: GraphClient) => g.call<IdentitySyncTemplate>({ method: "GET", path: SYNC_TEMPLATE, permissions: READ });
export const patchIdentitySyncTemplate = (g: GraphClient, body: Body, applied?: Applied) =>
  g.call<void>({ method: "PATCH", path: SYNC_TEMPLATE, body, permissions: WRITE, applied });
/** Applied: the template shows Graph's reset state (both levels, user synchronization unconfigured). */
export const resetIdentitySyncTemplate = (g: GraphClient) =>
  g.call<void>({
    method: "POST",
    path: `${SYNC_TEMPLATE}/resetToDefaultSettings`,
    permissions: WRITE,
    applied: async () => {
      const t = await getIdentitySyncTemplate(g);
      return bothLevels(t.templateApplicationLevel) && unset(t.userSyncInbound);
    },
  });

// ---- the tenant's default cross-tenant settings ----

export const getDefaults = (g: GraphClient) => g.call<DefaultConfiguration>({ method: "GET", path: `${XTAP}/default`, permissions: READ });
export const patchDefaults = (g: GraphClient, body: Body, applied?: Applied) => g.call<void>({ method: "PATCH", path: `${XTAP}/default`, body, permissions: WRITE, applied });
/** Applied: Graph shows the system defaults (isServiceDefault). */
export const resetDefaults = (g: GraphClient) =>
  g.call<void>({
    method: "POST",
    path: `${XTAP}/default/resetToSystemDefault`,
    permissions: WRITE,
    applied: async () => (await getDefaults(g)).isServiceDefault === true,
  });

// ---- partner configurations ----

const partnerPath = (partnerTenantId: string) => `${XTAP}/partners/${partnerTenantId}`;

/** Every partner configuration, with its identity synchronization, following `@odata.nextLink`. */
export async function listPartners(g: GraphClient): Promise<PartnerConfiguration[]> {
  const partners: PartnerConfiguration[] = [];
  let path: string | undefined = `${XTAP}/partners?$expand=identitySynchronization`;
  while (path) {
    const page: { value: PartnerConfiguration[]; "@odata.nextLink"?: string } = await g.call({ method: "GET", path, permissions: READ });
    partners.push(...page.value);
    path = page["@odata.nextLink"];
  }
  return partners;
}

export const getPartner = (g: GraphClient, partnerTenantId: string, afterWrite = false) =>
  unlessNotFound(
    g.call<PartnerConfiguration>({
      method: "GET",
      path: partnerPath(partnerTenantId),
      permissions: READ,
      notFoundGraceMs: afterWrite ? READ_AFTER_WRITE_GRACE_MS : 0,
    }),
  );
/**
 * Creates a partner configuration. Applied: by default, Graph shows the configuration; the caller
 * may ask for more (that it holds the declared settings). Undefined when confirmed after an
 * ambiguous outcome: a POST is never sent twice for a configuration Graph shows.
 */
export const createPartner = (g: GraphClient, body: Body & { tenantId: string }, applied?: Applied) =>
  g.call<PartnerConfiguration | undefined>({
    method: "POST",
    path: `${XTAP}/partners`,
    body,
    permissions: WRITE,
    applied: applied ?? (async () => (await getPartner(g, body.tenantId)) !== undefined),
  });
export const patchPartner = (g: GraphClient, partnerTenantId: string, body: Body, applied?: Applied) =>
  g.call<void>({ method: "PATCH", path: partnerPath(partnerTenantId), body, permissions: WRITE, applied });
/** Applied: Graph no longer shows the configuration. */
export const deletePartner = (g: GraphClient, partnerTenantId: string) =>
  g.call<void>({
    method: "DELETE",
    path: partnerPath(partnerTenantId),
    permissions: WRITE,
    applied: async () => (await getPartner(g, partnerTenantId)) === undefined,
  });

// ---- identity synchronization of a partner (beta adds groupSyncInbound) ----

const syncPath = (partnerTenantId: string) => `${partnerPath(partnerTenantId)}/identitySynchronization`;

export const getIdentitySync = (g: GraphClient, partnerTenantId: string, version?: Version, afterWrite = false) =>
  unlessNotFound(
    g.call<IdentitySyncPolicyPartner>({
      method: "GET",
      path: syncPath(partnerTenantId),
      permissions: READ,
      version,
      notFoundGraceMs: afterWrite ? READ_AFTER_WRITE_GRACE_MS : 0,
    }),
  );
/** Creates the policy; Graph answers 204 with no body. Applied: by default, Graph shows the policy. */
export const putIdentitySync = (g: GraphClient, partnerTenantId: string, body: Body, version?: Version, applied?: Applied) =>
  g.call<void>({
    method: "PUT",
    path: syncPath(partnerTenantId),
    body,
    permissions: WRITE,
    version,
    applied: applied ?? (async () => (await getIdentitySync(g, partnerTenantId, version)) !== undefined),
  });
export const patchIdentitySync = (g: GraphClient, partnerTenantId: string, body: Body, version?: Version, applied?: Applied) =>
  g.call<void>({ method: "PATCH", path: syncPath(partnerTenantId), body, permissions: WRITE, version, applied });
/** Applied: Graph no longer shows the policy. */
export const deleteIdentitySync = (g: GraphClient, partnerTenantId: string) =>
  g.call<void>({
    method: "DELETE",
    path: syncPath(partnerTenantId),
    permissions: WRITE,
    applied: async () => (await getIdentitySync(g, partnerTenantId)) === undefined,
  });

// ---- tenant information ----

const TENANT_INFO = [Permission.TenantInfoRead];
/** Graph takes the value as an OData string literal: single quotes doubled. */
const literal = (value: string) => `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;

export const findTenantById = (g: GraphClient, tenantId: string) =>
  g.call<TenantInformation>({ method: "GET", path: `/tenantRelationships/findTenantInformationByTenantId(tenantId=${literal(tenantId)})`, permissions: TENANT_INFO });
export const findTenantByDomain = (g: GraphClient, domainName: string) =>
  g.call<TenantInformation>({ method: "GET", path: `/tenantRelationships/findTenantInformationByDomainName(domainName=${literal(domainName)})`, permissions: TENANT_INFO });
