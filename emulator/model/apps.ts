// The gallery application a source tenant instantiates for cross-tenant synchronization, its
// service principal (the "configuration"), and the app role assignments that make its scope.
// Instantiation is not instant in Graph ("allow some time for the app to be provisioned"): the new
// objects stay invisible to reads for the replication delay.
import { createHash } from "node:crypto";
import {
  type AppRole,
  type AppRoleAssignment,
  type Application,
  type ApplicationServicePrincipal,
  CTS_APPLICATION_TEMPLATE_ID,
  CTS_APP_ROLE_NAME,
  type ServicePrincipal,
} from "../../contract/sync";
import { GUID_PATTERN } from "../../contract/wire";
import { badRequest, conflict, notFound } from "./errors";
import { findPrincipal } from "./directory";
import type { Ctx } from "./mto";
import { type EmulatorState, type ServicePrincipalRecord, nextId, tenantState } from "./state";
import { graphTime, jobDuration } from "./timing";

const HOME_PAGE = "https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=aad2aadsync|ISV9.1|primary|z";
const NO_PUBLISHER = { displayName: null, verifiedPublisherId: null, addedDateTime: null };
const NO_INFO = { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null };

/** Properties Graph fills on every application and service principal it instantiates (all empty for this template). */
const APPLICATION_FILLED = {
  addIns: [],
  defaultRedirectUri: null,
  optionalClaims: null,
  parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: "Allow" },
  publicClient: { redirectUris: [] },
  tokenEncryptionKeyId: null,
};
const SERVICE_PRINCIPAL_FILLED = {
  addIns: [],
  loginUrl: null,
  logoutUrl: null,
  preferredTokenSigningKeyThumbprint: null,
  samlSingleSignOnSettings: null,
  tokenEncryptionKeyId: null,
};

const missing = (id: string) => notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

function scope(id: string, name: string) {
  return {
    adminConsentDescription: `Allow the application to access ${name} on behalf of the signed-in user.`,
    adminConsentDisplayName: `Access ${name}`,
    id,
    isEnabled: true,
    type: "User",
    userConsentDescription: `Allow the application to access ${name} on your behalf.`,
    userConsentDisplayName: `Access ${name}`,
    value: "user_impersonation",
  };
}

/** POST /applicationTemplates/{id}/instantiate: the CTS template only; other templates are unknown here. */
export function instantiate(state: EmulatorState, ctx: Ctx, tenantId: string, templateId: string, body: Record<string, unknown>): ApplicationServicePrincipal {
  if (templateId.toLowerCase() !== CTS_APPLICATION_TEMPLATE_ID) throw missing(templateId);
  const name = body.displayName;
  if (typeof name !== "string" || name.trim() === "") throw badRequest("Property 'displayName' is required and must be a non-empty string.");
  const t = tenantState(state, tenantId);
  const created = graphTime(ctx.now);
  const visibleAt = ctx.now + jobDuration(ctx.profile, ctx.timeScale, "replication", ctx.durations);
  const appId = nextId(state);
  const role: AppRole = {
    allowedMemberTypes: ["User"],
    displayName: CTS_APP_ROLE_NAME,
    id: nextId(state),
    isEnabled: true,
    description: CTS_APP_ROLE_NAME,
    value: null,
    origin: "Application",
  };
  const userScope = scope(nextId(state), name);
  const application: Application & typeof APPLICATION_FILLED = {
    ...structuredClone(APPLICATION_FILLED),
    id: nextId(state),
    appId,
    applicationTemplateId: CTS_APPLICATION_TEMPLATE_ID,
    createdDateTime: created,
    deletedDateTime: null,
    displayName: name,
    description: null,
    groupMembershipClaims: null,
    identifierUris: [],
    isFallbackPublicClient: false,
    signInAudience: "AzureADMyOrg",
    tags: [],
    api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [userScope], preAuthorizedApplications: [] },
    appRoles: [role],
    info: NO_INFO,
    keyCredentials: [],
    passwordCredentials: [],
    requiredResourceAccess: [],
    verifiedPublisher: NO_PUBLISHER,
    web: { homePageUrl: HOME_PAGE, redirectUris: [], logoutUrl: null },
  };
  const servicePrincipal: ServicePrincipal & typeof SERVICE_PRINCIPAL_FILLED = {
    ...structuredClone(SERVICE_PRINCIPAL_FILLED),
    id: nextId(state),
    deletedDateTime: null,
    accountEnabled: true,
    appId,
    applicationTemplateId: CTS_APPLICATION_TEMPLATE_ID,
    appDisplayName: name,
    alternativeNames: [],
    appOwnerOrganizationId: tenantId,
    displayName: name,
    appRoleAssignmentRequired: true,
    homepage: HOME_PAGE,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    replyUrls: [],
    servicePrincipalNames: [appId],
    servicePrincipalType: "Application",
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    appRoles: [role],
    info: NO_INFO,
    keyCredentials: [],
    oauth2PermissionScopes: [userScope],
    passwordCredentials: [],
    verifiedPublisher: NO_PUBLISHER,
  };
  t.applications[application.id] = { application, visibleAt };
  t.servicePrincipals[servicePrincipal.id] = { servicePrincipal, applicationId: application.id, visibleAt, assignments: [], secrets: [], jobs: {} };
  return structuredClone({ application, servicePrincipal });
}

// ---- reads, under the replication delay ----

export function listApplications(state: EmulatorState, tenantId: string, now: number): Application[] {
  return Object.values(tenantState(state, tenantId).applications)
    .filter((a) => a.visibleAt <= now)
    .map((a) => a.application);
}

export function getApplication(state: EmulatorState, tenantId: string, id: string, now: number): Application {
  const a = tenantState(state, tenantId).applications[id.toLowerCase()];
  if (!a || a.visibleAt > now) throw missing(id);
  return a.application;
}

/** Deleting an application takes its service principal (and so its jobs) with it. */
export function deleteApplication(state: EmulatorState, tenantId: string, id: string, now: number): void {
  const t = tenantState(state, tenantId);
  const app = getApplication(state, tenantId, id, now);
  delete t.applications[app.id];
  for (const [spId, sp] of Object.entries(t.servicePrincipals)) if (sp.applicationId === app.id) delete t.servicePrincipals[spId];
}

export function listServicePrincipals(state: EmulatorState, tenantId: string, now: number): ServicePrincipal[] {
  return Object.values(tenantState(state, tenantId).servicePrincipals)
    .filter((s) => s.visibleAt <= now)
    .map((s) => s.servicePrincipal);
}

/** The service principal every bound call (assignments, synchronization) goes through. */
export function requireServicePrincipal(state: EmulatorState, tenantId: string, id: string, now: number): ServicePrincipalRecord {
  const sp = tenantState(state, tenantId).servicePrincipals[id.toLowerCase()];
  if (!sp || sp.visibleAt > now) throw missing(id);
  return sp;
}

/** Its jobs go with it; users they created in a target stay as they are. */
export function deleteServicePrincipal(state: EmulatorState, tenantId: string, id: string, now: number): void {
  const sp = requireServicePrincipal(state, tenantId, id, now);
  delete tenantState(state, tenantId).servicePrincipals[sp.servicePrincipal.id];
}

// ---- app role assignments (the scope) ----

/** Graph's assignment ids are opaque base64url strings; these are derived from what they join. */
function assignmentId(spId: string, principalId: string, appRoleId: string): string {
  return createHash("sha256").update(`${spId}|${principalId}|${appRoleId}`).digest("base64url");
}

export function listAssignments(state: EmulatorState, tenantId: string, spId: string, now: number): AppRoleAssignment[] {
  return requireServicePrincipal(state, tenantId, spId, now).assignments;
}

export function assign(state: EmulatorState, tenantId: string, spId: string, body: Record<string, unknown>, now: number): AppRoleAssignment {
  const sp = requireServicePrincipal(state, tenantId, spId, now);
  const { principalId, resourceId, appRoleId } = body;
  for (const [name, v] of Object.entries({ principalId, resourceId, appRoleId })) {
    if (typeof v !== "string" || !GUID_PATTERN.test(v)) throw badRequest(`Property '${name}' is required and must be a GUID.`);
  }
  const [principal, resource, role] = [principalId, resourceId, appRoleId].map((v) => (v as string).toLowerCase());
  if (resource !== sp.servicePrincipal.id) throw badRequest(`Property 'resourceId' must be the service principal of the URL (${sp.servicePrincipal.id}), got ${resourceId}.`);
  if (!sp.servicePrincipal.appRoles.some((r) => r.id === role)) {
    throw badRequest(`Permission being assigned was not found on application '${sp.servicePrincipal.appId}': app role ${appRoleId} is not one of its roles.`);
  }
  const found = findPrincipal(state, tenantId, principal);
  if (!found) throw notFound(`The principal ${principalId} is not a user or group of this tenant.`);
  const id = assignmentId(sp.servicePrincipal.id, principal, role);
  if (sp.assignments.some((a) => a.id === id)) throw conflict(`Principal ${principalId} is already assigned app role ${appRoleId} of service principal ${sp.servicePrincipal.id}.`);
  const assignment: AppRoleAssignment = {
    id,
    deletedDateTime: null,
    appRoleId: role,
    createdDateTime: new Date(now).toISOString(),
    principalDisplayName: found.displayName,
    principalId: principal,
    principalType: found.type,
    resourceDisplayName: sp.servicePrincipal.displayName,
    resourceId: sp.servicePrincipal.id,
  };
  sp.assignments.push(assignment);
  return assignment;
}

export function unassign(state: EmulatorState, tenantId: string, spId: string, assignmentId: string, now: number): void {
  const sp = requireServicePrincipal(state, tenantId, spId, now);
  const i = sp.assignments.findIndex((a) => a.id === assignmentId);
  if (i < 0) throw missing(assignmentId);
  sp.assignments.splice(i, 1);
}
