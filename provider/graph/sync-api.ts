// Typed calls of cross-tenant synchronization, made in the source tenant: the gallery application a
// configuration is instantiated from, its service principal's app role assignments (the scope), and
// the synchronization job with its secrets and schema. Job ids contain dots: they are path segments
// as they are, never split. A new application and service principal take a while to answer
// (replication): reads right after instantiate wait out 404s.
import {
  type AppRoleAssignment,
  type Application,
  type ApplicationServicePrincipal,
  CTS_APPLICATION_TEMPLATE_ID,
  CTS_SYNC_TEMPLATE_ID,
  type Group,
  type SecretPair,
  type ServicePrincipal,
  type SynchronizationJob,
  type SynchronizationSchema,
  type User,
} from "../../contract/sync";
import { Permission as P } from "../../contract/wire";
import type { GraphClient } from "./client";
import { unlessNotFound } from "./errors";

/** Instantiate's objects answer 404 for a while; the docs suggest asking every 5 to 10 s until they do. */
export const REPLICATION_GRACE_MS = 120_000;

const APP_READ = [P.ApplicationRead, P.ApplicationReadWrite];
const APP_WRITE = [P.ApplicationReadWrite];
const ASSIGN_WRITE = [P.AppRoleAssignmentReadWrite];
const SYNC_READ = [P.SynchronizationRead, P.SynchronizationReadWrite];
const SYNC_WRITE = [P.SynchronizationReadWrite];

const quote = (s: string) => s.replace(/'/g, "''");
const sp = (id: string) => `/servicePrincipals/${id}`;
const job = (spId: string, jobId: string) => `${sp(spId)}/synchronization/jobs/${encodeURIComponent(jobId)}`;
const list = async <T>(p: Promise<{ value: T[] }>) => (await p).value;

// ---- the configuration: application and service principal ----

/** Creates a configuration; not safe to send twice (a second one would be made), so no retry of an ambiguous outcome. */
export const instantiate = (g: GraphClient, displayName: string, applied?: () => Promise<boolean>) =>
  g.call<ApplicationServicePrincipal | undefined>({
    method: "POST",
    path: `/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`,
    body: { displayName },
    permissions: APP_WRITE,
    applied,
  });

/** Every cross-tenant synchronization configuration of the tenant (whoever made it). */
export const listConfigurations = (g: GraphClient) =>
  list(
    g.call<{ value: ServicePrincipal[] }>({
      method: "GET",
      path: `/servicePrincipals?$filter=applicationTemplateId eq '${CTS_APPLICATION_TEMPLATE_ID}'`,
      permissions: APP_READ,
    }),
  );

export const getServicePrincipal = (g: GraphClient, id: string, afterCreate = false) =>
  unlessNotFound(g.call<ServicePrincipal>({ method: "GET", path: sp(id), permissions: APP_READ, notFoundGraceMs: afterCreate ? REPLICATION_GRACE_MS : 0 }));

export const findApplication = async (g: GraphClient, appId: string) =>
  (await list(g.call<{ value: Application[] }>({ method: "GET", path: `/applications?$filter=appId eq '${quote(appId)}'`, permissions: APP_READ })))[0];

/** Deleting the application deletes its service principal, and with it the job. */
export const deleteApplication = (g: GraphClient, id: string) =>
  g.call<void>({
    method: "DELETE",
    path: `/applications/${id}`,
    permissions: APP_WRITE,
    applied: async () => !(await unlessNotFound(g.call({ method: "GET", path: `/applications/${id}`, permissions: APP_READ }))),
  });

// ---- the scope: app role assignments ----

export const listAssignments = (g: GraphClient, spId: string, afterCreate = false) =>
  list(
    g.call<{ value: AppRoleAssignment[] }>({
      method: "GET",
      path: `${sp(spId)}/appRoleAssignedTo`,
      permissions: APP_READ,
      notFoundGraceMs: afterCreate ? REPLICATION_GRACE_MS : 0,
    }),
  );

export const assign = (g: GraphClient, spId: string, appRoleId: string, principalId: string) =>
  g.call<AppRoleAssignment | undefined>({
    method: "POST",
    path: `${sp(spId)}/appRoleAssignedTo`,
    body: { principalId, resourceId: spId, appRoleId },
    permissions: ASSIGN_WRITE,
    applied: async () => (await listAssignments(g, spId)).some((a) => a.principalId.toLowerCase() === principalId.toLowerCase()),
  });

export const unassign = (g: GraphClient, spId: string, assignmentId: string) =>
  g.call<void>({
    method: "DELETE",
    path: `${sp(spId)}/appRoleAssignedTo/${encodeURIComponent(assignmentId)}`,
    permissions: ASSIGN_WRITE,
    applied: async () => !(await listAssignments(g, spId)).some((a) => a.id === assignmentId),
  });

// ---- the job, its secrets and schema ----

export const listJobs = (g: GraphClient, spId: string, afterCreate = false) =>
  list(
    g.call<{ value: SynchronizationJob[] }>({
      method: "GET",
      path: `${sp(spId)}/synchronization/jobs`,
      permissions: SYNC_READ,
      notFoundGraceMs: afterCreate ? REPLICATION_GRACE_MS : 0,
    }),
  );

export const createJob = (g: GraphClient, spId: string) =>
  g.call<SynchronizationJob | undefined>({
    method: "POST",
    path: `${sp(spId)}/synchronization/jobs`,
    body: { templateId: CTS_SYNC_TEMPLATE_ID },
    permissions: SYNC_WRITE,
    applied: async () => (await listJobs(g, spId)).some((j) => j.templateId === CTS_SYNC_TEMPLATE_ID),
  });

export const getJob = (g: GraphClient, spId: string, jobId: string) =>
  unlessNotFound(g.call<SynchronizationJob>({ method: "GET", path: job(spId, jobId), permissions: SYNC_READ }));

export const deleteJob = (g: GraphClient, spId: string, jobId: string) =>
  g.call<void>({ method: "DELETE", path: job(spId, jobId), permissions: SYNC_WRITE, applied: async () => !(await getJob(g, spId, jobId)) });

/** Start, pause and restart are safe to repeat only where the job's state shows them done; the caller's `applied` says when. */
export const jobAction = (g: GraphClient, spId: string, jobId: string, action: "start" | "pause" | "restart", body?: unknown, applied?: () => Promise<boolean>) =>
  g.call<void>({ method: "POST", path: `${job(spId, jobId)}/${action}`, body, permissions: SYNC_WRITE, applied });

/** The connection test, bound to the job collection: it runs before any job exists. */
export const validateCredentials = (g: GraphClient, spId: string, targetTenantId: string) =>
  g.call<void>({
    method: "POST",
    path: `${sp(spId)}/synchronization/jobs/validateCredentials`,
    body: {
      useSavedCredentials: false,
      templateId: CTS_SYNC_TEMPLATE_ID,
      credentials: [
        { key: "CompanyId", value: targetTenantId },
        { key: "AuthenticationType", value: "SyncPolicy" },
      ],
    },
    permissions: SYNC_WRITE,
  });

export const getSecrets = (g: GraphClient, spId: string) =>
  list(g.call<{ value: SecretPair[] }>({ method: "GET", path: `${sp(spId)}/synchronization/secrets`, permissions: SYNC_READ }));

/** PUT replaces the set: the same body twice is the same end state. */
export const putSecrets = (g: GraphClient, spId: string, secrets: SecretPair[]) =>
  g.call<void>({ method: "PUT", path: `${sp(spId)}/synchronization/secrets`, body: { value: secrets }, permissions: SYNC_WRITE });

export const getSchema = (g: GraphClient, spId: string, jobId: string) =>
  g.call<SynchronizationSchema>({ method: "GET", path: `${job(spId, jobId)}/schema`, permissions: SYNC_READ });

/** Replaces the whole schema (and makes the next cycle process everyone again). */
export const putSchema = (g: GraphClient, spId: string, jobId: string, schema: SynchronizationSchema) =>
  g.call<void>({ method: "PUT", path: `${job(spId, jobId)}/schema`, body: schema, permissions: SYNC_WRITE });

// ---- the people a scope names ----

export const getUser = (g: GraphClient, id: string) =>
  unlessNotFound(g.call<User>({ method: "GET", path: `/users/${id}?$select=id,displayName,userPrincipalName,userType`, permissions: [P.UserRead] }));
export const getGroup = (g: GraphClient, id: string) =>
  unlessNotFound(g.call<Group>({ method: "GET", path: `/groups/${id}?$select=id,displayName,securityEnabled,mailEnabled`, permissions: [P.GroupMemberRead] }));
