// Cross-tenant synchronization routes: instantiate, applications and service principals, app role
// assignments, the synchronization surface of a service principal, and the provisioning log. One
// line per route over the model (model/apps.ts, model/sync/*); permissions as in the docs' tables.
import { Permission as P } from "../../contract/wire";
import * as apps from "../model/apps";
import { forbidden } from "../model/errors";
import * as jobs from "../model/sync/jobs";
import { provisionOnDemand } from "../model/sync/ondemand";
import { tenantState } from "../model/state";
import { path } from "./directory-routes";
import type { Route, RouteContext, RouteResult } from "./dispatch";
import { type ExprFields, filterItems, orderItems } from "./filter";

const me = (rc: RouteContext) => rc.principal.tenantId;
const now = (rc: RouteContext) => rc.ctx.now;
const noContent = (): RouteResult => ({ status: 204 });
const [sp, job] = [(rc: RouteContext) => rc.params[0], (rc: RouteContext) => rc.params[1]];

const SP = "/servicePrincipals/{id}";
const SYNC = `${SP}/synchronization`;
const JOB = `${SYNC}/jobs/{id}`;

const APP_READ = [P.ApplicationRead, P.ApplicationReadWrite];
const APP_WRITE = [P.ApplicationReadWrite];
const SYNC_READ = [P.SynchronizationRead, P.SynchronizationReadWrite];
const SYNC_WRITE = [P.SynchronizationReadWrite];

const APP_FIELDS: ExprFields = { id: "string", appId: "string", displayName: "string", applicationTemplateId: "string" };
const SP_FIELDS: ExprFields = { ...APP_FIELDS, servicePrincipalType: "string", appRoleAssignmentRequired: "boolean" };
const LOG_FIELDS: ExprFields = {
  id: "string",
  jobId: "string",
  cycleId: "string",
  tenantId: "string",
  activityDateTime: "datetime",
  provisioningAction: "string",
  "servicePrincipal/id": "string",
  "servicePrincipal/displayName": "string",
  "sourceIdentity/id": "string",
  "targetIdentity/id": "string",
  "provisioningStatusInfo/status": "string",
};

const jobsContext = (rc: RouteContext) => `servicePrincipals('${sp(rc)}')/synchronization/jobs`;

/** Assigning needs Application.Read.All (or more) beside AppRoleAssignment.ReadWrite.All: the docs' pair. */
function requireApplicationRead(rc: RouteContext): void {
  if (!rc.principal.roles.some((r) => r === P.ApplicationRead || r === P.ApplicationReadWrite)) throw forbidden();
}

// biome-ignore format: one route per entry reads as a table
const APPLICATION_ROUTES: Route[] = [
  { method: "POST", pattern: path("/applicationTemplates/{id}/instantiate"), permissions: APP_WRITE, write: true, body: { type: "applicationTemplateInstantiateParameters" },
    handle: (rc) => ({ status: 201, body: apps.instantiate(rc.state, rc.ctx, me(rc), rc.params[0], rc.body), context: "microsoft.graph.applicationServicePrincipal" }) },
  { method: "GET", pattern: path("/applications"), permissions: APP_READ, write: false, collection: { name: "applications", pageable: true },
    handle: (rc) => ({ status: 200, body: filterItems(apps.listApplications(rc.state, me(rc), now(rc)), rc.query.$filter, APP_FIELDS, "applications"), context: "applications" }) },
  { method: "GET", pattern: path("/applications/{id}"), permissions: APP_READ, write: false,
    handle: (rc) => ({ status: 200, body: apps.getApplication(rc.state, me(rc), rc.params[0], now(rc)), context: "applications/$entity" }) },
  { method: "DELETE", pattern: path("/applications/{id}"), permissions: APP_WRITE, write: true,
    handle: (rc) => (apps.deleteApplication(rc.state, me(rc), rc.params[0], now(rc)), noContent()) },
  { method: "GET", pattern: path("/servicePrincipals"), permissions: APP_READ, write: false, collection: { name: "servicePrincipals", pageable: true },
    handle: (rc) => ({ status: 200, body: filterItems(apps.listServicePrincipals(rc.state, me(rc), now(rc)), rc.query.$filter, SP_FIELDS, "servicePrincipals"), context: "servicePrincipals" }) },
  { method: "GET", pattern: path(SP), permissions: APP_READ, write: false,
    handle: (rc) => ({ status: 200, body: apps.requireServicePrincipal(rc.state, me(rc), sp(rc), now(rc)).servicePrincipal, context: "servicePrincipals/$entity" }) },
  { method: "DELETE", pattern: path(SP), permissions: APP_WRITE, write: true,
    handle: (rc) => (apps.deleteServicePrincipal(rc.state, me(rc), sp(rc), now(rc)), noContent()) },

  // ---- app role assignments ----
  { method: "GET", pattern: path(`${SP}/appRoleAssignedTo`), permissions: APP_READ, write: false, collection: { name: "appRoleAssignedTo", pageable: true },
    handle: (rc) => ({ status: 200, body: apps.listAssignments(rc.state, me(rc), sp(rc), now(rc)), context: `servicePrincipals('${sp(rc)}')/appRoleAssignedTo` }) },
  { method: "POST", pattern: path(`${SP}/appRoleAssignedTo`), permissions: [P.AppRoleAssignmentReadWrite], write: true, body: { type: "appRoleAssignment" },
    handle: (rc) => {
      requireApplicationRead(rc);
      return { status: 201, body: apps.assign(rc.state, me(rc), sp(rc), rc.body, now(rc)), context: `servicePrincipals('${sp(rc)}')/appRoleAssignedTo/$entity` };
    } },
  { method: "DELETE", pattern: path(`${SP}/appRoleAssignedTo/{id}`), permissions: [P.AppRoleAssignmentReadWrite, P.ApplicationReadWrite], write: true,
    handle: (rc) => (apps.unassign(rc.state, me(rc), sp(rc), rc.params[1], now(rc)), noContent()) },
];

// biome-ignore format: one route per entry reads as a table
const SYNCHRONIZATION_ROUTES: Route[] = [
  { method: "GET", pattern: path(`${SYNC}/templates`), permissions: SYNC_READ, write: false, collection: { name: "templates", pageable: false },
    handle: (rc) => ({ status: 200, body: jobs.listTemplates(rc.state, me(rc), sp(rc), now(rc)), context: `servicePrincipals('${sp(rc)}')/synchronization/templates` }) },
  { method: "PUT", pattern: path(`${SYNC}/secrets`), permissions: SYNC_WRITE, write: true, body: { type: "synchronizationSecretsParameters" },
    handle: (rc) => (jobs.putSecrets(rc.state, me(rc), sp(rc), rc.body, now(rc)), noContent()) },
  { method: "GET", pattern: path(`${SYNC}/secrets`), permissions: SYNC_READ, write: false, collection: { name: "secrets", pageable: false },
    handle: (rc) => ({ status: 200, body: jobs.getSecrets(rc.state, me(rc), sp(rc), now(rc)), context: `servicePrincipals('${sp(rc)}')/synchronization/secrets` }) },
  // Collection-bound: the connection test before any job exists.
  { method: "POST", pattern: path(`${SYNC}/jobs/validateCredentials`), permissions: SYNC_WRITE, write: true, body: { type: "validateCredentialsParameters" },
    handle: (rc) => (jobs.validateCredentials(rc.state, me(rc), sp(rc), undefined, rc.body, now(rc)), noContent()) },
  { method: "GET", pattern: path(`${SYNC}/jobs`), permissions: SYNC_READ, write: false, collection: { name: "jobs", pageable: false },
    handle: (rc) => ({ status: 200, body: jobs.listJobs(rc.state, me(rc), sp(rc), now(rc)), context: jobsContext(rc) }) },
  { method: "POST", pattern: path(`${SYNC}/jobs`), permissions: SYNC_WRITE, write: true, body: { type: "synchronizationJob" },
    handle: (rc) => ({ status: 201, body: jobs.createJob(rc.state, rc.ctx, me(rc), sp(rc), rc.body), context: `${jobsContext(rc)}/$entity` }) },
  { method: "GET", pattern: path(JOB), permissions: SYNC_READ, write: false,
    handle: (rc) => ({ status: 200, body: jobs.requireJob(rc.state, me(rc), sp(rc), job(rc), now(rc)).job, context: `${jobsContext(rc)}/$entity` }) },
  { method: "DELETE", pattern: path(JOB), permissions: SYNC_WRITE, write: true,
    handle: (rc) => (jobs.deleteJob(rc.state, me(rc), sp(rc), job(rc), now(rc)), noContent()) },
  { method: "POST", pattern: path(`${JOB}/start`), permissions: SYNC_WRITE, write: true,
    handle: (rc) => (jobs.startJob(rc.state, me(rc), sp(rc), job(rc), now(rc)), noContent()) },
  { method: "POST", pattern: path(`${JOB}/pause`), permissions: SYNC_WRITE, write: true,
    handle: (rc) => (jobs.pauseJob(rc.state, me(rc), sp(rc), job(rc), now(rc)), noContent()) },
  { method: "POST", pattern: path(`${JOB}/restart`), permissions: SYNC_WRITE, write: true, body: { type: "restartParameters" },
    handle: (rc) => (jobs.restartJob(rc.state, me(rc), sp(rc), job(rc), rc.body, now(rc)), noContent()) },
  { method: "POST", pattern: path(`${JOB}/validateCredentials`), permissions: SYNC_WRITE, write: true, body: { type: "validateCredentialsParameters" },
    handle: (rc) => (jobs.validateCredentials(rc.state, me(rc), sp(rc), job(rc), rc.body, now(rc)), noContent()) },
  { method: "GET", pattern: path(`${JOB}/schema`), permissions: SYNC_READ, write: false,
    handle: (rc) => ({ status: 200, body: jobs.getSchema(rc.state, me(rc), sp(rc), job(rc), now(rc)), context: `servicePrincipals('${sp(rc)}')/synchronization/jobs('${job(rc)}')/schema/$entity` }) },
  { method: "PUT", pattern: path(`${JOB}/schema`), permissions: SYNC_WRITE, write: true, body: { type: "synchronizationSchema" },
    handle: (rc) => (jobs.putSchema(rc.state, me(rc), sp(rc), job(rc), rc.body, now(rc)), noContent()) },
  { method: "POST", pattern: path(`${JOB}/provisionOnDemand`), permissions: SYNC_WRITE, write: true, body: { type: "provisionOnDemandParameters" },
    handle: (rc) => ({ status: 200, body: provisionOnDemand(rc.state, me(rc), sp(rc), job(rc), rc.body, now(rc)), context: "microsoft.graph.stringKeyStringValuePair" }) },
];

// biome-ignore format: one route per entry reads as a table
const PROVISIONING_LOG_ROUTES: Route[] = [
  { method: "GET", pattern: path("/auditLogs/provisioning"), permissions: [P.ProvisioningLogRead], write: false, collection: { name: "provisioning", pageable: true },
    handle: (rc) => {
      const events = filterItems(tenantState(rc.state, me(rc)).provisioningLogs, rc.query.$filter, LOG_FIELDS, "provisioning");
      return { status: 200, body: orderItems(events, rc.query.$orderby, { activityDateTime: "datetime" }, "provisioning"), context: "auditLogs/provisioning" };
    } },
];

export const CTS_ROUTES: Route[] = [...APPLICATION_ROUTES, ...SYNCHRONIZATION_ROUTES, ...PROVISIONING_LOG_ROUTES];
