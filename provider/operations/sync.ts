// Cross-tenant synchronization, the source tenant's side, in the order Graph needs: find or
// instantiate the configuration, test the connection (before any job exists), create the job, save
// its secrets, assign the scope, apply the mappings, start, and wait. The resource and the topology
// call these; each step reads Graph's state first, so running it again after a failure or an
// interruption continues where the last run stopped.
import {
  type AppRoleAssignment,
  CTS_APP_ROLE_NAME,
  CTS_SYNC_TEMPLATE_ID,
  NEVER,
  type SecretPair,
  type ServicePrincipal,
  type SynchronizationJob,
  adminCenterConfigurationName,
} from "../../contract/sync";
import type { ProviderContext } from "../context";
import { GraphRequestError } from "../graph/errors";
import * as api from "../graph/sync-api";
import type { OperationTimeouts } from "../inputs/common";
import { timeoutMs } from "../inputs/common";
import { waitFor } from "../wait";
import { OperationError } from "./errors";
import { type Mappings, readMappings, sameMappings, withMappings } from "./sync-mappings";
import { explainPolicyCheck, isPolicyCheckFailure } from "./sync-policy";
import { type JobHealth, SyncQuarantinedError, describeJob, healthOf, quarantineOf } from "./sync-status";

/** Create and update wait at most this long by default: a first cycle takes about 40 minutes on Graph. */
export const SYNC_TIMEOUT_MS = 60 * 60_000;

export interface Scope {
  users: string[];
  groups: string[];
}

export interface Configuration {
  servicePrincipalId: string;
  appId: string;
  displayName: string;
  appRoleId: string;
  /** Found in the tenant rather than made by this run (the admin center's, or an earlier run's). */
  adopted: boolean;
}

/** How a configuration is named in lines and errors. */
export const configurationWhat = (ctx: ProviderContext, source: string, targetTenantId: string) =>
  `the synchronization of users from ${ctx.tenantName(source)} into ${ctx.tenantName(targetTenantId)}`;

const appRoleOf = (sp: ServicePrincipal) => sp.appRoles.find((r) => r.displayName === CTS_APP_ROLE_NAME || r.value === CTS_APP_ROLE_NAME) ?? sp.appRoles[0];
export const configurationOf = (sp: ServicePrincipal, adopted: boolean): Configuration => ({
  servicePrincipalId: sp.id,
  appId: sp.appId,
  displayName: sp.displayName,
  appRoleId: appRoleOf(sp)?.id ?? "",
  adopted,
});
const secret = (secrets: SecretPair[], key: string) => secrets.find((s) => s.key === key)?.value;

/**
 * The tenant's configuration toward the target, if one exists: the one whose saved secrets name the
 * target, else one named as declared or as the admin center names its own (MTO_Sync_<tenant id>),
 * so a configuration made by hand or by an earlier interrupted run is taken over, not duplicated.
 */
export async function findConfiguration(ctx: ProviderContext, source: string, targetTenantId: string, displayName: string): Promise<Configuration | undefined> {
  const g = ctx.graph(source);
  const all = await api.listConfigurations(g);
  const names = new Set([displayName, adminCenterConfigurationName(targetTenantId)].map((n) => n.toLowerCase()));
  for (const sp of all) {
    const secrets = await api.getSecrets(g, sp.id).catch(() => [] as SecretPair[]);
    if (secret(secrets, "CompanyId")?.toLowerCase() === targetTenantId) return configurationOf(sp, true);
  }
  const named = all.find((sp) => names.has(sp.displayName.toLowerCase()));
  return named ? configurationOf(named, true) : undefined;
}

/** A configuration of the tenant as the commands show it: whom it synchronizes into, and its job's health. */
export interface ConfigurationSummary {
  servicePrincipalId: string;
  displayName: string;
  /** Undefined when its secrets name no target (a configuration never set up). */
  targetTenantId: string | undefined;
  health: JobHealth | undefined;
}

/** Every cross-tenant synchronization configuration of a tenant, with its target and its job. */
export async function listSynchronizations(ctx: ProviderContext, source: string): Promise<ConfigurationSummary[]> {
  const g = ctx.graph(source);
  return Promise.all(
    (await api.listConfigurations(g)).map(async (sp) => {
      const [secrets, jobs] = await Promise.all([api.getSecrets(g, sp.id).catch(() => [] as SecretPair[]), api.listJobs(g, sp.id)]);
      const job = jobs.find((j) => j.templateId === CTS_SYNC_TEMPLATE_ID);
      return { servicePrincipalId: sp.id, displayName: sp.displayName, targetTenantId: secret(secrets, "CompanyId")?.toLowerCase(), health: job && healthOf(job) };
    }),
  );
}

/** The tenant a configuration synchronizes into, as its saved secrets name it. */
export async function targetOf(ctx: ProviderContext, source: string, servicePrincipalId: string): Promise<string | undefined> {
  return secret(await api.getSecrets(ctx.graph(source), servicePrincipalId), "CompanyId")?.toLowerCase();
}

/** Instantiates the gallery application; waits until its service principal answers (replication). */
export async function createConfiguration(ctx: ProviderContext, source: string, displayName: string): Promise<Configuration> {
  const g = ctx.graph(source);
  const byName = async () => (await api.listConfigurations(g)).find((sp) => sp.displayName === displayName);
  const made = await api.instantiate(g, displayName, async () => (await byName()) !== undefined);
  const id = made?.servicePrincipal.id ?? (await byName())?.id;
  if (!id) throw new Error(`Graph did not return the configuration '${displayName}' it was asked to create`);
  const sp = await api.getServicePrincipal(g, id, true);
  if (!sp) throw new Error(`the configuration '${displayName}' (service principal ${id}) did not appear within ${api.REPLICATION_GRACE_MS / 1000} s of its creation`);
  return configurationOf(sp, false);
}

/**
 * Refuses a scope naming a user or group the source tenant does not have, before anything is
 * written: property paths as the resource's inputs name them.
 */
export async function checkScopeExists(ctx: ProviderContext, source: string, scope: Scope, property = "scope"): Promise<void> {
  const g = ctx.graph(source);
  const missing: string[] = [];
  await Promise.all([
    ...scope.users.map(async (id, i) => {
      if (!(await api.getUser(g, id))) missing.push(`${property}.users[${i}]: no user ${id} in ${ctx.tenantName(source)}`);
    }),
    ...scope.groups.map(async (id, i) => {
      if (!(await api.getGroup(g, id))) missing.push(`${property}.groups[${i}]: no group ${id} in ${ctx.tenantName(source)}`);
    }),
  ]);
  if (missing.length) throw new Error(`the declared scope names what the source tenant does not have (nothing was written):\n  ${missing.sort().join("\n  ")}`);
}

/** The connection test; a failed policy check becomes an error saying which tenant must allow what. */
export async function testConnection(ctx: ProviderContext, source: string, config: Configuration, targetTenantId: string): Promise<void> {
  try {
    await api.validateCredentials(ctx.graph(source), config.servicePrincipalId, targetTenantId);
  } catch (err) {
    if (isPolicyCheckFailure(err)) throw new OperationError(await explainPolicyCheck(ctx, source, targetTenantId, err as GraphRequestError), err);
    throw err;
  }
}

/** The configuration's Azure2Azure job, created (paused, as Graph makes it) if it has none. */
export async function ensureJob(ctx: ProviderContext, source: string, config: Configuration): Promise<SynchronizationJob> {
  const g = ctx.graph(source);
  const find = async () => (await api.listJobs(g, config.servicePrincipalId, true)).find((j) => j.templateId === CTS_SYNC_TEMPLATE_ID);
  const existing = await find();
  if (existing) return existing;
  const made = (await api.createJob(g, config.servicePrincipalId)) ?? (await find());
  if (!made) throw new Error(`Graph did not return the synchronization job it created for ${config.displayName}`);
  return made;
}

/** The secrets naming the target; written only when Graph's differ (a PUT replaces them all). */
export async function saveSecrets(ctx: ProviderContext, source: string, config: Configuration, targetTenantId: string): Promise<void> {
  const g = ctx.graph(source);
  const held = await api.getSecrets(g, config.servicePrincipalId).catch(() => [] as SecretPair[]);
  if (secret(held, "CompanyId")?.toLowerCase() === targetTenantId && secret(held, "AuthenticationType") === "SyncPolicy" && secret(held, "SyncAll") === "false") return;
  await api.putSecrets(g, config.servicePrincipalId, [
    { key: "AuthenticationType", value: "SyncPolicy" },
    { key: "CompanyId", value: targetTenantId },
    { key: "SyncNotificationSettings", value: JSON.stringify({ Enabled: false, DeleteThresholdEnabled: false, HumanResourcesLookaheadQueryEnabled: false }) },
    { key: "SyncAll", value: "false" },
  ]);
}

/** The scope as Graph holds it: the users and groups assigned to the configuration. */
export function scopeOf(assignments: AppRoleAssignment[]): Scope {
  const ids = (type: string) =>
    assignments
      .filter((a) => a.principalType === type)
      .map((a) => a.principalId.toLowerCase())
      .sort();
  return { users: ids("User"), groups: ids("Group") };
}

export const sameScope = (a: Scope, b: Scope) => JSON.stringify(normalScope(a)) === JSON.stringify(normalScope(b));
export const normalScope = (s: Partial<Scope>): Scope => ({
  users: [...(s.users ?? [])].map((x) => x.toLowerCase()).sort(),
  groups: [...(s.groups ?? [])].map((x) => x.toLowerCase()).sort(),
});

/** Assigns what the scope names and removes the assignments it no longer names; returns what changed. */
export async function applyScope(ctx: ProviderContext, source: string, config: Configuration, scope: Scope): Promise<{ added: number; removed: number }> {
  const g = ctx.graph(source);
  const held = await api.listAssignments(g, config.servicePrincipalId, true);
  const wanted = new Set([...scope.users, ...scope.groups].map((x) => x.toLowerCase()));
  const present = new Set(held.map((a) => a.principalId.toLowerCase()));
  const toAdd = [...wanted].filter((id) => !present.has(id));
  const toRemove = held.filter((a) => (a.principalType === "User" || a.principalType === "Group") && !wanted.has(a.principalId.toLowerCase()));
  for (const id of toAdd) await api.assign(g, config.servicePrincipalId, config.appRoleId, id);
  for (const a of toRemove) await api.unassign(g, config.servicePrincipalId, a.id);
  return { added: toAdd.length, removed: toRemove.length };
}

/** Writes the mapping options into the job's schema when they differ; true when it did (everyone is processed again). */
export async function applyMappings(ctx: ProviderContext, source: string, config: Configuration, jobId: string, mappings: Mappings): Promise<boolean> {
  const g = ctx.graph(source);
  const schema = await api.getSchema(g, config.servicePrincipalId, jobId);
  if (sameMappings(readMappings(schema), mappings)) return false;
  await api.putSchema(g, config.servicePrincipalId, jobId, withMappings(schema, mappings));
  return true;
}

/**
 * Starts or pauses the job as declared. Start only when it is not running or is in quarantine
 * (which start clears): Graph asks not to call it again while a job runs.
 */
export async function setRunning(ctx: ProviderContext, source: string, config: Configuration, jobId: string, enabled: boolean): Promise<void> {
  const g = ctx.graph(source);
  const job = await api.getJob(g, config.servicePrincipalId, jobId);
  if (!job) throw new Error(`the synchronization job ${jobId} of ${config.displayName} is gone`);
  const running = job.schedule.state === "Active" && job.status.code !== "Quarantine";
  const applied = (want: boolean) => async () => {
    const now = await api.getJob(g, config.servicePrincipalId, jobId);
    return (now?.schedule.state === "Active" && now.status.code !== "Quarantine") === want;
  };
  if (enabled && !running) await api.jobAction(g, config.servicePrincipalId, jobId, "start", undefined, applied(true));
  if (!enabled && job.schedule.state === "Active") await api.jobAction(g, config.servicePrincipalId, jobId, "pause", undefined, applied(false));
}

export type SyncWait = "accepted" | "synchronized";

export interface SyncPacing {
  wait?: SyncWait;
  timeouts?: OperationTimeouts;
}

/**
 * Waits by the policy: `accepted` returns once the job runs; `synchronized` until a cycle that began
 * after `since` completed and Graph reports steady state. Graph's times have whole seconds, so the
 * cycle must begin at or after the second following `since` (one that began in the same second may
 * have begun before it). A quarantine fails the wait at the poll that sees it, with Graph's reason
 * and what to do.
 */
export async function awaitSynchronized(
  ctx: ProviderContext,
  source: string,
  targetTenantId: string,
  config: Configuration,
  jobId: string,
  since: number,
  op: "create" | "update",
  pacing: SyncPacing,
): Promise<SynchronizationJob> {
  const g = ctx.graph(source);
  const what = configurationWhat(ctx, source, targetTenantId);
  let job: SynchronizationJob | undefined;
  const read = async () => {
    job = await api.getJob(g, config.servicePrincipalId, jobId);
    if (!job) throw new Error(`${what}: its job ${jobId} was deleted while waiting`);
    const quarantine = quarantineOf(job);
    if (quarantine) throw new SyncQuarantinedError(what, quarantine, ctx.tenantName(targetTenantId));
    return job;
  };
  await read();
  if ((pacing.wait ?? "accepted") === "accepted" || job!.schedule.state !== "Active") return job!;
  await waitFor(
    async () => {
      const j = await read();
      const after = Math.ceil(since / 1000) * 1000;
      const began = Date.parse(j.status.lastSuccessfulExecution?.timeBegan ?? NEVER);
      const steady = j.status.steadyStateLastAchievedTime !== NEVER && Date.parse(j.status.steadyStateLastAchievedTime) >= after;
      return { done: j.status.code === "Active" && steady && began >= after, state: describeJob(j) };
    },
    {
      what: `the first cycle of ${what}`,
      timeoutMs: timeoutMs(pacing.timeouts, op, SYNC_TIMEOUT_MS),
      log: ctx.log,
      onTimeout:
        "The job keeps running on Graph; `pulumi up` again waits for it, or set wait: 'accepted' to return once it is started (a first cycle takes about 40 minutes on Graph).",
    },
  );
  return job!;
}

/**
 * Removes the configuration: pauses and deletes its job, then deletes its application (and with it
 * the service principal and the scope). Users already synchronized stay in the target as they are:
 * Graph leaves them, and so do we; removing them is the target tenant's decision.
 */
export async function removeConfiguration(ctx: ProviderContext, source: string, targetTenantId: string, servicePrincipalId: string, appId: string): Promise<void> {
  const g = ctx.graph(source);
  const what = configurationWhat(ctx, source, targetTenantId);
  try {
    for (const job of await api.listJobs(g, servicePrincipalId).catch(() => [] as SynchronizationJob[])) {
      if (job.schedule.state === "Active") await api.jobAction(g, servicePrincipalId, job.id, "pause");
      await api.deleteJob(g, servicePrincipalId, job.id);
    }
    const app = await api.findApplication(g, appId);
    if (app) await api.deleteApplication(g, app.id);
  } catch (err) {
    if (err instanceof GraphRequestError && err.kind === "notFound") return;
    throw new OperationError(`removing ${what}`, err);
  }
  ctx.log(`${what}: removed; the users it synchronized stay in ${ctx.tenantName(targetTenantId)} as they are (remove them there if they should go)`);
}
