// The Graph routes the emulator serves (under /v1.0 and /beta unless a route says otherwise), with
// the permissions of the docs' matrix. Handlers are one-liners over the model; dispatch.ts does the rest.
import { Permission as P, type TenantInformation } from "../../contract/wire";
import { badRequest } from "../model/errors";
import * as mto from "../model/mto";
import type { EmulatorState } from "../model/state";
import * as xtap from "../model/xtap";
import { DIRECTORY_ROUTES } from "./directory-routes";
import type { Route, RouteContext, RouteResult } from "./dispatch";
import { type FilterFields, applyFilter } from "./query";
import { CTS_ROUTES } from "./sync-routes";

const MTO = "/tenantRelationships/multiTenantOrganization";
const XTAP = "/policies/crossTenantAccessPolicy";
const TEMPLATES = `${XTAP}/templates`;
const DELETED = "/policies/deletedItems";
const ID = "{id}";
const COUNT = "\\$count";
/** A route path, case-insensitive, with `{id}` capturing one segment and an optional trailing slash. */
const path = (p: string) => new RegExp(`^${p.replace("{id}", "([^/]+)")}/?$`, "i");

const MTO_READ = [P.MtoRead, P.MtoReadWrite];
const MTO_WRITE = [P.MtoReadWrite];
const POLICY_READ = [P.PolicyRead, P.PolicyReadWriteXtap];
const POLICY_WRITE = [P.PolicyReadWriteXtap];

const me = (rc: RouteContext) => rc.principal.tenantId;
const beta = (rc: RouteContext) => rc.version === "beta";
const expand = (rc: RouteContext) => ({ expand: /identitySynchronization/i.test(rc.query.$expand ?? ""), beta: beta(rc) });
const noContent = (): RouteResult => ({ status: 204 });

const MEMBER_FILTER: FilterFields = {
  role: { kind: "enum", values: ["owner", "member"] },
  state: { kind: "enum", values: ["pending", "active", "removed"] },
  tenantId: { kind: "string" },
};
const PARTNER_FILTER: FilterFields = {
  tenantId: { kind: "string" },
  isInMultiTenantOrganization: { kind: "boolean" },
  isServiceProvider: { kind: "boolean" },
};

const members = (rc: RouteContext) => applyFilter(mto.listMembers(rc.state, rc.ctx, me(rc)), rc.query.$filter, MEMBER_FILTER, "tenants");
const partners = (rc: RouteContext) => applyFilter(xtap.listPartners(rc.state, me(rc), expand(rc)), rc.query.$filter, PARTNER_FILTER, "partners");
/** `…/$count`: the number of items (after $filter) as text/plain. */
const count = (items: unknown[]): RouteResult => ({ status: 200, body: items.length, text: true });

/** With only ReadBasic.All a caller sees displayName and tenantId of each member. */
function basicOnly(rc: RouteContext): boolean {
  return !rc.principal.roles.some((r) => r === P.MtoRead || r === P.MtoReadWrite);
}

const TENANT_INFO = "microsoft.graph.tenantInformation";

function tenantInfo(rc: RouteContext, match: (t: { id: string; defaultDomain: string }) => boolean, what: string) {
  const t = rc.state.world.tenants.find(match);
  if (!t) throw badRequest(`${what} was not found.`, "Request_ResourceNotFound");
  const body: TenantInformation = { tenantId: t.id, federationBrandName: null, displayName: t.displayName, defaultDomainName: t.defaultDomain };
  return { status: 200, context: TENANT_INFO, body };
}

// biome-ignore format: one route per entry reads as a table
const MTO_ROUTES: Route[] = [
  { method: "GET", pattern: path(MTO), permissions: [P.MtoReadBasic, ...MTO_READ], write: false,
    handle: (rc) => {
      const org = mto.getOrganization(rc.state, me(rc));
      return { status: 200, body: org, context: org.state === "active" ? "tenantRelationships/multiTenantOrganization/$entity" : undefined };
    } },
  { method: "PUT", pattern: path(MTO), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganization" },
    handle: (rc) => {
      const r = mto.putOrganization(rc.state, rc.ctx, me(rc), rc.body as { displayName?: string });
      return { status: r.created ? 201 : 200, body: r.org, context: "tenantRelationships/multiTenantOrganization/$entity" };
    } },
  { method: "PATCH", pattern: path(MTO), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganization" },
    handle: (rc) => (mto.patchOrganization(rc.state, rc.ctx, me(rc), rc.body), noContent()) },

  // ---- tenants ($count before {id}, which would take it for a tenant id) ----
  { method: "GET", pattern: path(`${MTO}/tenants/${COUNT}`), permissions: [P.MtoReadBasic, ...MTO_READ], write: false,
    handle: (rc) => count(members(rc)) },
  { method: "GET", pattern: path(`${MTO}/tenants`), permissions: [P.MtoReadBasic, ...MTO_READ], write: false, collection: { name: "tenants", pageable: false },
    handle: (rc) => {
      const list = members(rc);
      const body = basicOnly(rc) ? list.map(({ tenantId, displayName }) => ({ tenantId, displayName })) : list;
      return { status: 200, body, context: "tenantRelationships/multiTenantOrganization/tenants" };
    } },
  { method: "POST", pattern: path(`${MTO}/tenants`), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganizationMember" },
    handle: (rc) => ({ status: 201, body: mto.addMember(rc.state, rc.ctx, me(rc), rc.body), context: "tenantRelationships/multiTenantOrganization/tenants/$entity" }) },
  { method: "GET", pattern: path(`${MTO}/tenants/${ID}`), permissions: MTO_READ, write: false,
    handle: (rc) => ({ status: 200, body: mto.getMember(rc.state, rc.ctx, me(rc), rc.params[0]), context: "tenantRelationships/multiTenantOrganization/tenants/$entity" }) },
  { method: "PATCH", pattern: path(`${MTO}/tenants/${ID}`), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganizationMember" },
    handle: (rc) => (mto.changeRole(rc.state, rc.ctx, me(rc), rc.params[0], rc.body), noContent()) },
  { method: "DELETE", pattern: path(`${MTO}/tenants/${ID}`), permissions: MTO_WRITE, write: true,
    handle: (rc) => (mto.removeMember(rc.state, rc.ctx, me(rc), rc.params[0]), noContent()) },

  // ---- joinRequest ----
  { method: "GET", pattern: path(`${MTO}/joinRequest`), permissions: MTO_READ, write: false,
    handle: (rc) => ({ status: 200, body: mto.getJoinRequest(rc.state, rc.ctx, me(rc)), context: "tenantRelationships/multiTenantOrganization/joinRequest/$entity" }) },
  { method: "PATCH", pattern: path(`${MTO}/joinRequest`), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganizationJoinRequestRecord" },
    handle: (rc) => (mto.patchJoinRequest(rc.state, rc.ctx, me(rc), rc.body), noContent()) },
];

// biome-ignore format: one route per entry reads as a table
const TEMPLATE_ROUTES: Route[] = [
  { method: "GET", pattern: path(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getPartnerTemplate(rc.state, me(rc)), context: "policies/crossTenantAccessPolicy/templates/multiTenantOrganizationPartnerConfiguration/$entity" }) },
  { method: "PATCH", pattern: path(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`), permissions: POLICY_WRITE, write: true,
    body: { type: "multiTenantOrganizationPartnerConfigurationTemplate" },
    handle: (rc) => (xtap.patchPartnerTemplate(rc.state, me(rc), rc.body), noContent()) },
  { method: "POST", pattern: path(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration/resetToDefaultSettings`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.resetPartnerTemplate(rc.state, me(rc)), noContent()) },
  { method: "GET", pattern: path(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getIdentitySyncTemplate(rc.state, me(rc)), context: "policies/crossTenantAccessPolicy/templates/multiTenantOrganizationIdentitySynchronization/$entity" }) },
  { method: "PATCH", pattern: path(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`), permissions: POLICY_WRITE, write: true,
    body: { type: "multiTenantOrganizationIdentitySyncPolicyTemplate" },
    handle: (rc) => (xtap.patchIdentitySyncTemplate(rc.state, me(rc), rc.body), noContent()) },
  { method: "POST", pattern: path(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization/resetToDefaultSettings`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.resetIdentitySyncTemplate(rc.state, me(rc)), noContent()) },
];

// biome-ignore format: one route per entry reads as a table
const POLICY_ROUTES: Route[] = [
  { method: "GET", pattern: path(XTAP), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getPolicy(rc.state, me(rc)), context: "policies/crossTenantAccessPolicy/$entity" }) },
  { method: "PATCH", pattern: path(XTAP), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantAccessPolicy" },
    handle: (rc) => (xtap.patchPolicy(rc.state, me(rc), rc.body), noContent()) },
  { method: "GET", pattern: path(`${XTAP}/default`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getDefaultConfiguration(rc.state, me(rc)) }) },
  { method: "PATCH", pattern: path(`${XTAP}/default`), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantAccessPolicyConfigurationDefault" },
    handle: (rc) => (xtap.patchDefaultConfiguration(rc.state, me(rc), rc.body), noContent()) },
  { method: "POST", pattern: path(`${XTAP}/default/resetToSystemDefault`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.resetDefaultConfiguration(rc.state, me(rc)), noContent()) },

  // ---- partners ($count before {id}) ----
  { method: "GET", pattern: path(`${XTAP}/partners/${COUNT}`), permissions: POLICY_READ, write: false, handle: (rc) => count(partners(rc)) },
  { method: "GET", pattern: path(`${XTAP}/partners`), permissions: POLICY_READ, write: false, collection: { name: "partners", pageable: true },
    handle: (rc) => ({ status: 200, body: partners(rc) }) },
  { method: "POST", pattern: path(`${XTAP}/partners`), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantAccessPolicyConfigurationPartner" },
    handle: (rc) => ({ status: 201, body: xtap.createPartner(rc.state, me(rc), rc.body) }) },
  { method: "GET", pattern: path(`${XTAP}/partners/${ID}`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getPartner(rc.state, me(rc), rc.params[0], expand(rc)) }) },
  { method: "PATCH", pattern: path(`${XTAP}/partners/${ID}`), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantAccessPolicyConfigurationPartner" },
    handle: (rc) => (xtap.patchPartner(rc.state, me(rc), rc.params[0], rc.body), noContent()) },
  { method: "DELETE", pattern: path(`${XTAP}/partners/${ID}`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.deletePartner(rc.state, me(rc), rc.params[0], rc.ctx.now), noContent()) },
  { method: "GET", pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getIdentitySync(rc.state, me(rc), rc.params[0], beta(rc)) }) },
  // The CSDL's update method for identity synchronization is PUT, which also creates; PATCH updates.
  { method: "PUT", pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantIdentitySyncPolicyPartner" },
    handle: (rc) => (xtap.putIdentitySync(rc.state, me(rc), rc.params[0], rc.body), noContent()) },
  { method: "PATCH", pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantIdentitySyncPolicyPartner" },
    handle: (rc) => (xtap.patchIdentitySync(rc.state, me(rc), rc.params[0], rc.body), noContent()) },
  { method: "DELETE", pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.deleteIdentitySync(rc.state, me(rc), rc.params[0], rc.ctx.now), noContent()) },
];

/** The soft-delete bin exists under /beta only (the v1.0 CSDL and SDK have no such container). */
type ListOf = (state: EmulatorState, tenantId: string) => unknown[];
type GetOf = (state: EmulatorState, tenantId: string, id: string) => unknown;
const deletedItemRoutes = (segment: string, what: string, list: ListOf, get: GetOf): Route[] => [
  {
    method: "GET",
    pattern: path(`${DELETED}/${segment}`),
    permissions: POLICY_READ,
    write: false,
    versions: ["beta"],
    collection: { name: segment, pageable: false },
    handle: (rc) => ({ status: 200, body: list(rc.state, me(rc)), context: `policies/deletedItems/${segment}` }),
  },
  {
    method: "GET",
    pattern: path(`${DELETED}/${segment}/${ID}`),
    permissions: POLICY_READ,
    write: false,
    versions: ["beta"],
    handle: (rc) => ({ status: 200, body: get(rc.state, me(rc), rc.params[0]), context: `policies/deletedItems/${segment}/$entity` }),
  },
  {
    method: "POST",
    pattern: path(`${DELETED}/${segment}/${ID}/restore`),
    permissions: POLICY_WRITE,
    write: true,
    versions: ["beta"],
    handle: () => xtap.refuseForApplications("restore", what),
  },
  {
    method: "DELETE",
    pattern: path(`${DELETED}/${segment}/${ID}`),
    permissions: POLICY_WRITE,
    write: true,
    versions: ["beta"],
    handle: () => xtap.refuseForApplications("permanently delete", what),
  },
];

// biome-ignore format: one route per entry reads as a table
const TENANT_INFO_ROUTES: Route[] = [
  { method: "GET", pattern: /^\/tenantRelationships\/findTenantInformationByTenantId\(tenantId='([^']*)'\)\/?$/i, permissions: [P.TenantInfoRead], write: false,
    handle: (rc) => tenantInfo(rc, (t) => t.id.toLowerCase() === rc.params[0].toLowerCase(), `Tenant ${rc.params[0]}`) },
  { method: "GET", pattern: /^\/tenantRelationships\/findTenantInformationByDomainName\(domainName='([^']*)'\)\/?$/i, permissions: [P.TenantInfoRead], write: false,
    handle: (rc) => tenantInfo(rc, (t) => t.defaultDomain.toLowerCase() === rc.params[0].toLowerCase(), `Domain ${rc.params[0]}`) },
];

export const GRAPH_ROUTES: Route[] = [
  ...MTO_ROUTES,
  ...TEMPLATE_ROUTES,
  ...POLICY_ROUTES,
  ...deletedItemRoutes("crossTenantPartners", "partner configuration", xtap.listDeletedPartners, xtap.getDeletedPartner),
  ...deletedItemRoutes("crossTenantSyncPolicyPartners", "identity synchronization policy", xtap.listDeletedSyncPolicies, xtap.getDeletedSync),
  ...TENANT_INFO_ROUTES,
  // Cross-tenant synchronization and the directory it reads and writes (directory-routes.ts, sync-routes.ts).
  ...DIRECTORY_ROUTES,
  ...CTS_ROUTES,
];
