// The Graph routes the emulator serves (under /v1.0 and /beta alike), with the permissions of the
// docs' matrix. Handlers are one-liners over the model; dispatch.ts does the rest.
import { Permission as P, PARTNER_SETTING_KEYS, type TenantInformation } from "../../contract/wire";
import { badRequest } from "../model/errors";
import * as mto from "../model/mto";
import * as xtap from "../model/xtap";
import type { Route, RouteContext } from "./dispatch";

const MTO = "/tenantRelationships/multiTenantOrganization";
const XTAP = "/policies/crossTenantAccessPolicy";
const TEMPLATES = `${XTAP}/templates`;
const ID = "{id}";
/** A route path, case-insensitive, with `{id}` capturing one segment and an optional trailing slash. */
const path = (p: string) => new RegExp(`^${p.replace("{id}", "([^/]+)")}/?$`, "i");

const MTO_READ = [P.MtoRead, P.MtoReadWrite];
const MTO_WRITE = [P.MtoReadWrite];
const POLICY_READ = [P.PolicyRead, P.PolicyReadWriteXtap];
const POLICY_WRITE = [P.PolicyReadWriteXtap];
const SETTINGS = [...PARTNER_SETTING_KEYS];

const me = (rc: RouteContext) => rc.principal.tenantId;

/** $filter on tenants: only `tenantId eq '...'` is documented. */
function filterMembers(rc: RouteContext, members: ReturnType<typeof mto.listMembers>) {
  const filter = rc.query.$filter;
  if (!filter) return members;
  const m = /^\s*tenantId\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (!m) throw badRequest(`Invalid filter clause: only "tenantId eq '<id>'" is supported on tenants.`, "BadRequest");
  return members.filter((x) => x.tenantId.toLowerCase() === m[1].toLowerCase());
}

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

export const GRAPH_ROUTES: Route[] = [
  // ---- multiTenantOrganization ----
  { method: "GET", pattern: path(MTO), permissions: [P.MtoReadBasic, ...MTO_READ], write: false,
    handle: (rc) => {
      const org = mto.getOrganization(rc.state, me(rc));
      return { status: 200, body: org, context: org.state === "active" ? "tenantRelationships/multiTenantOrganization/$entity" : undefined };
    } },
  { method: "PUT", pattern: path(MTO), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganization", properties: ["displayName", "description"] },
    handle: (rc) => {
      const r = mto.putOrganization(rc.state, rc.ctx, me(rc), rc.body as { displayName?: string });
      return { status: r.created ? 201 : 200, body: r.org, context: "tenantRelationships/multiTenantOrganization/$entity" };
    } },
  { method: "PATCH", pattern: path(MTO), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganization", properties: ["displayName", "description"] },
    handle: (rc) => (mto.patchOrganization(rc.state, me(rc), rc.body), { status: 204 }) },

  // ---- tenants ----
  { method: "GET", pattern: path(`${MTO}/tenants`), permissions: [P.MtoReadBasic, ...MTO_READ], write: false,
    handle: (rc) => {
      const members = filterMembers(rc, mto.listMembers(rc.state, rc.ctx, me(rc)));
      const body = basicOnly(rc) ? members.map(({ tenantId, displayName }) => ({ tenantId, displayName })) : members;
      return { status: 200, body, context: "tenantRelationships/multiTenantOrganization/tenants" };
    } },
  { method: "POST", pattern: path(`${MTO}/tenants`), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganizationMember", properties: ["tenantId", "displayName", "role"] },
    handle: (rc) => ({ status: 201, body: mto.addMember(rc.state, rc.ctx, me(rc), rc.body), context: "tenantRelationships/multiTenantOrganization/tenants/$entity" }) },
  { method: "GET", pattern: path(`${MTO}/tenants/${ID}`), permissions: MTO_READ, write: false,
    handle: (rc) => ({ status: 200, body: mto.getMember(rc.state, rc.ctx, me(rc), rc.params[0]), context: "tenantRelationships/multiTenantOrganization/tenants/$entity" }) },
  { method: "PATCH", pattern: path(`${MTO}/tenants/${ID}`), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganizationMember", properties: ["role"] },
    handle: (rc) => (mto.changeRole(rc.state, rc.ctx, me(rc), rc.params[0], rc.body), { status: 204 }) },
  { method: "DELETE", pattern: path(`${MTO}/tenants/${ID}`), permissions: MTO_WRITE, write: true,
    handle: (rc) => (mto.removeMember(rc.state, rc.ctx, me(rc), rc.params[0]), { status: 204 }) },

  // ---- joinRequest ----
  { method: "GET", pattern: path(`${MTO}/joinRequest`), permissions: MTO_READ, write: false,
    handle: (rc) => ({ status: 200, body: mto.getJoinRequest(rc.state, rc.ctx, me(rc)), context: "tenantRelationships/multiTenantOrganization/joinRequest/$entity" }) },
  { method: "PATCH", pattern: path(`${MTO}/joinRequest`), permissions: MTO_WRITE, write: true, body: { type: "multiTenantOrganizationJoinRequestRecord", properties: ["addedByTenantId"] },
    handle: (rc) => (mto.patchJoinRequest(rc.state, rc.ctx, me(rc), rc.body), { status: 204 }) },

  // ---- MTO templates ----
  { method: "GET", pattern: path(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getPartnerTemplate(rc.state, me(rc)), context: "policies/crossTenantAccessPolicy/templates/multiTenantOrganizationPartnerConfiguration/$entity" }) },
  { method: "PATCH", pattern: path(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`), permissions: POLICY_WRITE, write: true,
    body: { type: "multiTenantOrganizationPartnerConfigurationTemplate", properties: ["templateApplicationLevel", ...SETTINGS] },
    handle: (rc) => (xtap.patchPartnerTemplate(rc.state, me(rc), rc.body), { status: 204 }) },
  { method: "POST", pattern: path(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration/resetToDefaultSettings`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.resetPartnerTemplate(rc.state, me(rc)), { status: 204 }) },
  { method: "GET", pattern: path(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getIdentitySyncTemplate(rc.state, me(rc)), context: "policies/crossTenantAccessPolicy/templates/multiTenantOrganizationIdentitySynchronization/$entity" }) },
  { method: "PATCH", pattern: path(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`), permissions: POLICY_WRITE, write: true,
    body: { type: "multiTenantOrganizationIdentitySyncPolicyTemplate", properties: ["templateApplicationLevel", "userSyncInbound"] },
    handle: (rc) => (xtap.patchIdentitySyncTemplate(rc.state, me(rc), rc.body), { status: 204 }) },
  { method: "POST", pattern: path(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization/resetToDefaultSettings`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.resetIdentitySyncTemplate(rc.state, me(rc)), { status: 204 }) },

  // ---- cross-tenant access policy ----
  { method: "GET", pattern: path(XTAP), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getPolicy(rc.state, me(rc)), context: "policies/crossTenantAccessPolicy/$entity" }) },
  { method: "PATCH", pattern: path(XTAP), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantAccessPolicy", properties: ["displayName", "description", "allowedCloudEndpoints"] },
    handle: (rc) => (xtap.patchPolicy(rc.state, me(rc), rc.body), { status: 204 }) },
  { method: "GET", pattern: path(`${XTAP}/default`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getDefaultConfiguration(rc.state, me(rc)) }) },
  { method: "PATCH", pattern: path(`${XTAP}/default`), permissions: POLICY_WRITE, write: true, body: { type: "crossTenantAccessPolicyConfigurationDefault", properties: SETTINGS },
    handle: (rc) => (xtap.patchDefaultConfiguration(rc.state, me(rc), rc.body), { status: 204 }) },
  { method: "POST", pattern: path(`${XTAP}/default/resetToSystemDefault`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.resetDefaultConfiguration(rc.state, me(rc)), { status: 204 }) },
  { method: "GET", pattern: path(`${XTAP}/partners`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.listPartners(rc.state, me(rc), /identitySynchronization/i.test(rc.query.$expand ?? "")) }) },
  { method: "POST", pattern: path(`${XTAP}/partners`), permissions: POLICY_WRITE, write: true,
    body: { type: "crossTenantAccessPolicyConfigurationPartner", properties: ["tenantId", "isServiceProvider", ...SETTINGS] },
    handle: (rc) => ({ status: 201, body: xtap.createPartner(rc.state, me(rc), rc.body) }) },
  { method: "GET", pattern: path(`${XTAP}/partners/${ID}`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getPartner(rc.state, me(rc), rc.params[0], /identitySynchronization/i.test(rc.query.$expand ?? "")) }) },
  { method: "PATCH", pattern: path(`${XTAP}/partners/${ID}`), permissions: POLICY_WRITE, write: true,
    body: { type: "crossTenantAccessPolicyConfigurationPartner", properties: ["tenantId", "isServiceProvider", ...SETTINGS] },
    handle: (rc) => (xtap.patchPartner(rc.state, me(rc), rc.params[0], rc.body), { status: 204 }) },
  { method: "DELETE", pattern: path(`${XTAP}/partners/${ID}`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.deletePartner(rc.state, me(rc), rc.params[0]), { status: 204 }) },
  { method: "GET", pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_READ, write: false,
    handle: (rc) => ({ status: 200, body: xtap.getIdentitySync(rc.state, me(rc), rc.params[0]) }) },
  ...(["PUT", "PATCH"] as const).map((method): Route => ({
    method, pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_WRITE, write: true,
    body: { type: "crossTenantIdentitySyncPolicyPartner", properties: ["displayName", "userSyncInbound", "tenantId"] },
    handle: (rc) => {
      if (method === "PUT") xtap.putIdentitySync(rc.state, me(rc), rc.params[0], rc.body);
      else xtap.patchIdentitySync(rc.state, me(rc), rc.params[0], rc.body);
      return { status: 204 };
    },
  })),
  { method: "DELETE", pattern: path(`${XTAP}/partners/${ID}/identitySynchronization`), permissions: POLICY_WRITE, write: true,
    handle: (rc) => (xtap.deleteIdentitySync(rc.state, me(rc), rc.params[0]), { status: 204 }) },

  // ---- tenant information ----
  { method: "GET", pattern: /^\/tenantRelationships\/findTenantInformationByTenantId\(tenantId='([^']*)'\)\/?$/i, permissions: [P.TenantInfoRead], write: false,
    handle: (rc) => tenantInfo(rc, (t) => t.id.toLowerCase() === rc.params[0].toLowerCase(), `Tenant ${rc.params[0]}`) },
  { method: "GET", pattern: /^\/tenantRelationships\/findTenantInformationByDomainName\(domainName='([^']*)'\)\/?$/i, permissions: [P.TenantInfoRead], write: false,
    handle: (rc) => tenantInfo(rc, (t) => t.defaultDomain.toLowerCase() === rc.params[0].toLowerCase(), `Domain ${rc.params[0]}`) },
];
