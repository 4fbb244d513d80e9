// The synchronization surface of a service principal: jobs and their lifecycle (start, pause,
// restart, delete), secrets, templates, schema, validateCredentials and provisionOnDemand. Pure
// functions over EmulatorState; durations are fixed on the job when it is created (see cycle.ts).
import { CTS_SYNC_TEMPLATE_ID, NEVER, type SecretPair, type SynchronizationJob, type SynchronizationSchema } from "../../../contract/sync";
import { requireServicePrincipal } from "../apps";
import { GraphError, badRequest, conflict, notFound } from "../errors";
import type { Ctx } from "../mto";
import { type EmulatorState, type SyncJobRecord, nextId } from "../state";
import { jobDuration } from "../timing";
import { execution } from "./cycle";
import { companyId, policyFailure } from "./policy";
import { checkSchema, defaultSchema } from "./schema";

type Body = Record<string, unknown>;

/** The documented synchronizationSecret keys; others are refused as OData enum parsing would. */
// biome-ignore format: a list
export const SECRET_KEYS = [
  "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret", "SingleSignOnType", "Sandbox", "Url", "Domain",
  "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration", "Oauth2AccessToken", "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll",
  "InstanceName", "Oauth2ClientId", "Oauth2ClientSecret", "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule", "SystemOfRecord", "SandboxName",
  "EnforceDomain", "SyncNotificationSettings", "SkipOutOfScopeDeletions", "Oauth2AuthorizationCode", "Oauth2RedirectUri", "ApplicationTemplateIdentifier",
  "Oauth2TokenExchangeUri", "Oauth2AuthorizationUri", "AuthenticationType", "Server", "PerformInboundEntitlementGrants", "HardDeletesEnabled",
  "SyncAgentCompatibilityKey", "SyncAgentADContainer", "ValidateDomain", "TestReferences", "ConnectionString",
];

/** Keys whose values GET answers as "*" (credentials); the CTS keys are all in clear. */
const MASKED = new Set([
  "Password",
  "SecretToken",
  "AppKey",
  "ClientSecret",
  "ConsumerSecret",
  "TokenKey",
  "Oauth2AccessToken",
  "Oauth2RefreshToken",
  "Oauth2ClientSecret",
  "Oauth2AuthorizationCode",
]);

const RESTART_FLAGS = ["None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes"];

/** provisionOnDemand: "5 requests per 10 seconds" per job. */
const ON_DEMAND_LIMIT = 5;
const ON_DEMAND_WINDOW_MS = 10_000;

const jobMissing = (jobId: string) => notFound(`The synchronization job '${jobId}' was not found on this service principal.`);

export function requireJob(state: EmulatorState, tenantId: string, spId: string, jobId: string, now: number): SyncJobRecord {
  const rec = requireServicePrincipal(state, tenantId, spId, now).jobs[jobId];
  if (!rec) throw jobMissing(jobId);
  return rec;
}

function checkTemplate(templateId: unknown): void {
  if (templateId === undefined || templateId === null) return;
  if (templateId !== CTS_SYNC_TEMPLATE_ID)
    throw badRequest(`Template '${String(templateId)}' is not a synchronization template of this service principal; its only template is '${CTS_SYNC_TEMPLATE_ID}'.`);
}

// ---- jobs ----

export function listJobs(state: EmulatorState, tenantId: string, spId: string, now: number): SynchronizationJob[] {
  return Object.values(requireServicePrincipal(state, tenantId, spId, now).jobs).map((r) => r.job);
}

/** One job per configuration (assumed: a second POST is a 409 naming the first). */
export function createJob(state: EmulatorState, ctx: Ctx, tenantId: string, spId: string, body: Body): SynchronizationJob {
  const sp = requireServicePrincipal(state, tenantId, spId, ctx.now);
  if (body.templateId === undefined) throw badRequest("Property 'templateId' is required.");
  checkTemplate(body.templateId);
  const existing = Object.keys(sp.jobs)[0];
  if (existing) throw conflict(`Service principal ${sp.servicePrincipal.id} already has the synchronization job '${existing}'; a configuration has one job.`);
  // `<template>.<source tenant without hyphens>.<guid>`, the three-part form of newer examples.
  const id = `${CTS_SYNC_TEMPLATE_ID}.${tenantId.replace(/-/g, "")}.${nextId(state)}`;
  // Periods of at least 1 ms, so settling never loops on a zero interval.
  const duration = (kind: "syncInterval" | "quarantineRetry") => Math.max(1, jobDuration(ctx.profile, ctx.timeScale, kind, ctx.durations));
  const job: SynchronizationJob = {
    id,
    templateId: CTS_SYNC_TEMPLATE_ID,
    schedule: { expiration: null, interval: "PT40M", state: "Disabled" },
    status: {
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      code: "Paused",
      lastExecution: null,
      lastSuccessfulExecution: null,
      lastSuccessfulExecutionWithExports: null,
      quarantine: null,
      steadyStateFirstAchievedTime: NEVER,
      steadyStateLastAchievedTime: NEVER,
      troubleshootingUrl: null,
      progress: [],
      synchronizedEntryCountByType: [],
    },
    synchronizationJobSettings: [
      { name: "AzureIngestionAttributeOptimization", value: "False" },
      { name: "LookaheadQueryEnabled", value: "False" },
    ],
  };
  sp.jobs[id] = {
    job,
    schema: defaultSchema(id),
    nextRunAt: null,
    initial: true,
    initialCycleMs: jobDuration(ctx.profile, ctx.timeScale, "initialCycle", ctx.durations),
    intervalMs: duration("syncInterval"),
    quarantineRetryMs: duration("quarantineRetry"),
    quarantineSince: null,
    cycles: 0,
    onDemandAt: [],
  };
  return job;
}

/** Synchronized accounts stay as they are. */
export function deleteJob(state: EmulatorState, tenantId: string, spId: string, jobId: string, now: number): void {
  requireJob(state, tenantId, spId, jobId, now);
  delete requireServicePrincipal(state, tenantId, spId, now).jobs[jobId];
}

/** Schedules the next cycle: an initial one after the initial-cycle duration, else at once. */
function resume(rec: SyncJobRecord, now: number): void {
  const status = rec.job.status;
  rec.job.schedule.state = "Active";
  if (status.code === "Paused" || status.code === "NotConfigured") {
    status.code = status.lastSuccessfulExecution ? "Active" : "NotRun";
  }
  // Right after a first start Graph shows a placeholder execution (state Failed, error None).
  if (!status.lastExecution) {
    status.lastExecution = execution(Date.parse(NEVER), { state: "Failed", error: { code: "None", message: "", tenantActionable: false } });
    status.troubleshootingUrl = "";
  }
  rec.nextRunAt = now + (rec.initial ? rec.initialCycleMs : 0);
}

function liftQuarantine(rec: SyncJobRecord): void {
  const status = rec.job.status;
  if (!status.quarantine) return;
  status.quarantine = null;
  rec.quarantineSince = null;
  status.code = status.lastSuccessfulExecution ? "Active" : "NotRun";
}

/** Starts a new or paused job, or lifts a quarantine; on a running job it changes nothing. */
export function startJob(state: EmulatorState, tenantId: string, spId: string, jobId: string, now: number): void {
  const rec = requireJob(state, tenantId, spId, jobId, now);
  const quarantined = rec.job.status.quarantine !== null;
  if (rec.job.schedule.state === "Active" && !quarantined) return;
  liftQuarantine(rec);
  resume(rec, now);
}

/** No further cycles; the state is kept (a due cycle already ran when time was settled). */
export function pauseJob(state: EmulatorState, tenantId: string, spId: string, jobId: string, now: number): void {
  const rec = requireJob(state, tenantId, spId, jobId, now);
  rec.job.schedule.state = "Paused";
  rec.job.status.code = "Paused";
  rec.nextRunAt = null;
}

/** Flags, comma-separated; empty means the portal's restart (QuarantineState, Watermark, Escrows). */
export function restartJob(state: EmulatorState, tenantId: string, spId: string, jobId: string, body: Body, now: number): void {
  const rec = requireJob(state, tenantId, spId, jobId, now);
  const raw = (body.criteria as { resetScope?: unknown } | undefined | null)?.resetScope;
  if (raw !== undefined && raw !== null && typeof raw !== "string") throw badRequest("Property 'criteria.resetScope' must be a string of comma-separated flags.");
  const flags = (raw ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = flags.filter((f) => !RESTART_FLAGS.includes(f));
  if (unknown.length) throw badRequest(`Invalid value '${unknown.join(", ")}' in 'criteria.resetScope'; expected flags among ${RESTART_FLAGS.join(", ")}.`);
  const set = new Set(flags.length ? flags : ["QuarantineState", "Watermark", "Escrows"]);
  if (set.has("QuarantineState") || set.has("Full") || set.has("None")) liftQuarantine(rec);
  // A restart reprocesses every object: the next cycle is an initial one.
  rec.initial = true;
  resume(rec, now);
}

// ---- secrets ----

export function putSecrets(state: EmulatorState, tenantId: string, spId: string, body: Body, now: number): void {
  const sp = requireServicePrincipal(state, tenantId, spId, now);
  const value = body.value as SecretPair[] | undefined;
  if (!Array.isArray(value)) throw badRequest("Property 'value' is required: an array of {key, value} secrets.");
  const unknown = value.filter((s) => !SECRET_KEYS.includes(s.key)).map((s) => s.key);
  if (unknown.length) throw badRequest(`Invalid synchronizationSecret key(s): ${unknown.join(", ")}.`);
  // A PUT replaces the set; an empty value removes the key.
  sp.secrets = value.filter((s) => s.value !== "" && s.value !== null).map((s) => ({ key: s.key, value: s.value }));
}

export function getSecrets(state: EmulatorState, tenantId: string, spId: string, now: number): SecretPair[] {
  return requireServicePrincipal(state, tenantId, spId, now).secrets.map((s) => ({ key: s.key, value: MASKED.has(s.key) ? "*" : s.value }));
}

export function listTemplates(state: EmulatorState, tenantId: string, spId: string, now: number): object[] {
  const sp = requireServicePrincipal(state, tenantId, spId, now);
  return [
    {
      id: CTS_SYNC_TEMPLATE_ID,
      applicationId: sp.servicePrincipal.appId,
      default: true,
      description: null,
      discoverable: true,
      factoryTag: "Azure2Azure",
      metadata: [],
      schema: defaultSchema(CTS_SYNC_TEMPLATE_ID),
    },
  ];
}

// ---- schema ----

export function getSchema(state: EmulatorState, tenantId: string, spId: string, jobId: string, now: number): SynchronizationSchema {
  return requireJob(state, tenantId, spId, jobId, now).schema;
}

/** Replaces the whole schema; the next cycle re-processes every object. */
export function putSchema(state: EmulatorState, tenantId: string, spId: string, jobId: string, body: Body, now: number): void {
  const rec = requireJob(state, tenantId, spId, jobId, now);
  const schema = { directories: [], ...body, id: jobId, version: rec.schema.version } as unknown as SynchronizationSchema;
  if (!Array.isArray(schema.synchronizationRules)) throw badRequest("Property 'synchronizationRules' is required.", "schemaInvalid");
  // A mapping sent without flowTypes (Microsoft's SDKs cannot write the flags they read) keeps every flow.
  for (const rule of schema.synchronizationRules) for (const m of rule?.objectMappings ?? []) if (m && typeof m.flowTypes !== "string") m.flowTypes = "Add, Update, Delete";
  checkSchema(schema);
  rec.schema = schema;
  rec.initial = true;
}

// ---- validateCredentials ----

/** Checks the credentials given (or the saved ones); a failing check is a 400 with its code. */
export function validateCredentials(state: EmulatorState, tenantId: string, spId: string, jobId: string | undefined, body: Body, now: number): void {
  const sp = requireServicePrincipal(state, tenantId, spId, now);
  if (jobId !== undefined) requireJob(state, tenantId, spId, jobId, now);
  checkTemplate(body.templateId);
  const credentials = body.useSavedCredentials === true ? sp.secrets : ((body.credentials as SecretPair[] | undefined) ?? []);
  const target = companyId(credentials);
  if (!target) {
    throw badRequest(
      body.useSavedCredentials === true ? "No CompanyId is saved in the synchronization secrets." : "The credentials must include the key 'CompanyId' (the target tenant id).",
    );
  }
  const failure = policyFailure(state, tenantId, target);
  if (failure) throw new GraphError(400, failure.code, failure.message);
}

/** Records a call and refuses it past the limit, with the seconds until a slot frees up. */
export function rateLimitOnDemand(rec: SyncJobRecord, now: number): void {
  rec.onDemandAt = rec.onDemandAt.filter((t) => t > now - ON_DEMAND_WINDOW_MS);
  if (rec.onDemandAt.length >= ON_DEMAND_LIMIT) {
    const wait = Math.max(1, Math.ceil((rec.onDemandAt[0] + ON_DEMAND_WINDOW_MS - now) / 1000));
    throw new GraphError(429, "TooManyRequests", `provisionOnDemand allows ${ON_DEMAND_LIMIT} requests per 10 seconds per job; retry after ${wait} s.`, {
      "Retry-After": String(wait),
    });
  }
  rec.onDemandAt.push(now);
}
