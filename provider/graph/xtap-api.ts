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

const XTAP = "/policies/crossTenantAccessPolicy";
const PARTNER_TEMPLATE = `${XTAP}/templates/multiTenantOrganizationPartnerConfiguration`;
const SYNC_TEMPLATE = `${XTAP}/templates/multiTenantOrganizationIdentitySynchronization`;
// The docs' rendered tables name Policy.*; the permissions data names MultiTenantOrganization.* for
// the templates. A 403 names what the docs' tables say.
const READ = [Permission.PolicyRead, Permission.PolicyReadWriteXtap];
const WRITE = [Permission.PolicyReadWriteXtap];

type Body = Record<string, unknown>;
type Version = "v1.0" | "beta";

// ---- the two MTO templates (singletons: always there, reset rather than deleted) ----

export const getPartnerTemplate = (g: GraphClient) =>
  g.call<PartnerConfigurationTemplate>({ method: "GET", path: PARTNER_TEMPLATE, permissions: READ });
export const patchPartnerTemplate = (g: GraphClient, body: Body) =>
  g.call<void>({ method: "PATCH", path: PARTNER_TEMPLATE, body, permissions: WRITE });
export const resetPartnerTemplate = (g: GraphClient) =>
  g.call<void>({ method: "POST", path: `${PARTNER_TEMPLATE}/resetToDefaultSettings`, permissions: WRITE });

export const getIdentitySyncTemplate = (g: GraphClient) =>
  g.call<IdentitySyncTemplate>({ method: "GET", path: SYNC_TEMPLATE, permissions: READ });
export const patchIdentitySyncTemplate = (g: GraphClient, body: Body) =>
  g.call<void>({ method: "PATCH", path: SYNC_TEMPLATE, body, permissions: WRITE });
export const resetIdentitySyncTemplate = (g: GraphClient) =>
  g.call<void>({ method: "POST", path: `${SYNC_TEMPLATE}/resetToDefaultSettings`, permissions: WRITE });

// ---- the tenant's default cross-tenant settings ----

export const getDefaults = (g: GraphClient) => g.call<DefaultConfiguration>({ method: "GET", path: `${XTAP}/default`, permissions: READ });
export const patchDefaults = (g: GraphClient, body: Body) => g.call<void>({ method: "PATCH", path: `${XTAP}/default`, body, permissions: WRITE });
export const resetDefaults = (g: GraphClient) =>
  g.call<void>({ method: "POST", path: `${XTAP}/default/resetToSystemDefault`, permissions: WRITE });

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
export const createPartner = (g: GraphClient, body: Body & { tenantId: string }) =>
  g.call<PartnerConfiguration>({ method: "POST", path: `${XTAP}/partners`, body, permissions: WRITE });
export const patchPartner = (g: GraphClient, partnerTenantId: string, body: Body) =>
  g.call<void>({ method: "PATCH", path: partnerPath(partnerTenantId), body, permissions: WRITE });
export const deletePartner = (g: GraphClient, partnerTenantId: string) =>
  g.call<void>({ method: "DELETE", path: partnerPath(partnerTenantId), permissions: WRITE });

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
/** Creates the policy; Graph answers 204 with no body. */
export const putIdentitySync = (g: GraphClient, partnerTenantId: string, body: Body, version?: Version) =>
  g.call<void>({ method: "PUT", path: syncPath(partnerTenantId), body, permissions: WRITE, version });
export const patchIdentitySync = (g: GraphClient, partnerTenantId: string, body: Body, version?: Version) =>
  g.call<void>({ method: "PATCH", path: syncPath(partnerTenantId), body, permissions: WRITE, version });
export const deleteIdentitySync = (g: GraphClient, partnerTenantId: string) =>
  g.call<void>({ method: "DELETE", path: syncPath(partnerTenantId), permissions: WRITE });

// ---- tenant information ----

const TENANT_INFO = [Permission.TenantInfoRead];
/** Graph takes the value as an OData string literal: single quotes doubled. */
const literal = (value: string) => `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;

export const findTenantById = (g: GraphClient, tenantId: string) =>
  g.call<TenantInformation>({ method: "GET", path: `/tenantRelationships/findTenantInformationByTenantId(tenantId=${literal(tenantId)})`, permissions: TENANT_INFO });
export const findTenantByDomain = (g: GraphClient, domainName: string) =>
  g.call<TenantInformation>({ method: "GET", path: `/tenantRelationships/findTenantInformationByDomainName(domainName=${literal(domainName)})`, permissions: TENANT_INFO });
