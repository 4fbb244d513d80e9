// CrossTenantSynchronization: a source tenant copies its people into a target tenant. In the source
// it is one configuration (an application from Microsoft's cross-tenant synchronization template),
// its scope (users and groups assigned to it), its mappings (in the job's schema) and one job that
// runs a cycle about every 40 minutes. The target must allow it first (automatic redemption inbound,
// users synchronized in); the connection test says which side is missing what.
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { adminCenterConfigurationName } from "../../../contract/sync";
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { type Static, count, described, flag, listOf, oneOf, optional, orNull, shape, text } from "../../describe/shape";
import * as api from "../../graph/sync-api";
import { bounded, checkDescribed, commonInputsChanged, createdButNotConverged, isUnknown, lowerCaseId, plain, sameValue, tenantMoved } from "../../inputs/common";
import * as sync from "../../operations/sync";
import { DEFAULT_MAPPINGS, type Mappings, readMappings } from "../../operations/sync-mappings";
import { type JobHealth, healthOf } from "../../operations/sync-status";

const objectId = (what: string) => text(`The object id of a ${what} of the source tenant.`, { format: "tenant-id", what: `a ${what}'s object id (GUID)` });

export const SyncScope = shape(
  "SyncScope",
  "Who is synchronized: users assigned directly, and the direct members of assigned groups (nested groups do not count). At least one entry.",
  {
    users: optional(listOf(objectId("user"), "Users of the source tenant to synchronize.")),
    groups: optional(listOf(objectId("group"), "Groups of the source tenant whose direct members are synchronized.")),
  },
  { shape: "such as { groups: ['<group object id>'] }", unknownMember: "unknown scope member: expected 'users' or 'groups'" },
);

export const SyncMappings = shape(
  "SyncMappings",
  "How users appear in the target.",
  {
    userType: optional(oneOf(["Member", "Guest"] as const, "'Member' (default) or 'Guest'; Graph applies it when it creates a user, not to users it created before.")),
    showInAddressList: optional(flag("Whether synchronized users appear in the target's global address list (default true).")),
    provisionGroups: optional(flag("Whether assigned groups are created in the target too (default false; a Graph preview that needs Entra ID Governance licences).")),
  },
  { shape: "such as { userType: 'Member', showInAddressList: true }", unknownMember: "unknown mapping option: expected 'userType', 'showInAddressList' or 'provisionGroups'" },
);

export const crossTenantSyncDescription = describeResource({
  kind: "CrossTenantSynchronization",
  description: "A source tenant synchronizes a scope of its users into a target tenant: the configuration, its scope, its mappings and its job.",
  inputs: {
    targetTenantId: text("The tenant users are synchronized into; changing it replaces the resource.", { format: "tenant-id", what: "the target tenant's id (GUID)" }),
    displayName: optional(
      text(
        "The configuration's name; default MTO_Sync_<targetTenantId>, the name the Microsoft 365 admin center gives its own (so one made there is adopted). Changing it replaces the resource.",
        {
          maxLength: 256,
        },
      ),
    ),
    scope: described(SyncScope, "Who is synchronized. A change is applied in place; users leaving the scope are soft-deleted in the target at the next cycle."),
    mappings: optional(described(SyncMappings, "How users appear in the target. A change rewrites the job's schema, and Graph then processes every user in scope again.")),
    enabled: optional(flag("Whether the job runs (default true); false keeps the configuration with its job paused.")),
    wait: optional(
      oneOf(
        ["accepted", "synchronized"] as const,
        "'accepted' (default): return once the connection test passed and the job runs, since a first cycle takes about 40 minutes on Graph; 'synchronized': wait for a cycle to complete and Graph to report steady state.",
      ),
    ),
  },
  outputs: {
    tenantId: text("The source tenant's id."),
    servicePrincipalId: text("The configuration's service principal (where its job, secrets and scope live)."),
    appId: text("The configuration's application (client) id."),
    jobId: text("The synchronization job's id (it contains dots)."),
    adopted: flag("True when the configuration existed before this resource (made by hand, by the admin center, or by an interrupted run)."),
    status: text("Graph's status code of the job: NotRun, Active, Paused or Quarantine."),
    scheduleState: text("Whether cycles are scheduled: Active, Paused or Disabled."),
    lastCycle: orNull(text("The last cycle: its result and when it ended, e.g. 'Succeeded at 2026-01-01T10:40:00Z'.")),
    steadyStateLastAchieved: orNull(text("When a cycle last found nothing more to do.")),
    usersSynchronized: count("Users the job holds in the target."),
    quarantine: orNull(text("Why the job is in quarantine, since when and Graph's next attempt; null when it is not.")),
  },
  replaceOnChanges: ["targetTenantId", "displayName"],
});

/** `tenant` is the source tenant, whose people are synchronized. */
export type CrossTenantSynchronizationArgs = ArgsOf<typeof crossTenantSyncDescription>;
export type SyncScopeArgs = Static<typeof SyncScope>;
export type SyncMappingsArgs = Static<typeof SyncMappings>;
type Inputs = Static<typeof crossTenantSyncDescription.inputs>;
type Outputs = Inputs & Static<typeof crossTenantSyncDescription.outputs>;

const nameOf = (i: Inputs) => i.displayName ?? adminCenterConfigurationName(i.targetTenantId);
const scopeOf = (i: Inputs): sync.Scope => sync.normalScope({ users: i.scope?.users, groups: i.scope?.groups });
const mappingsOf = (i: Inputs): Mappings => ({ ...DEFAULT_MAPPINGS, ...(i.mappings ?? {}) });
const enabledOf = (i: Inputs) => i.enabled ?? true;

function healthOutputs(h: JobHealth) {
  return {
    status: h.code,
    scheduleState: h.scheduleState,
    lastCycle: h.lastCycle ? `${h.lastCycle.state} at ${h.lastCycle.ended}` : null,
    steadyStateLastAchieved: h.steadyStateLastAchieved,
    usersSynchronized: h.usersSynchronized,
    quarantine: h.quarantine
      ? `${h.quarantine.reason} since ${h.quarantine.since}, next attempt ${h.quarantine.nextAttempt}${h.quarantine.error ? ` (${h.quarantine.error})` : ""}`
      : null,
  };
}

/** What an update must change in place; "wait" alone needs no Graph call. */
function changedParts(olds: Outputs, news: Inputs): string[] {
  const changed: string[] = [];
  // A create that stopped part way (a failed connection test, a wait that timed out) recorded no
  // status: the next update carries on from where it stopped.
  if (olds.status === undefined) changed.push("unfinished");
  if (JSON.stringify(scopeOf(olds)) !== JSON.stringify(scopeOf(news))) changed.push("scope");
  if (JSON.stringify(mappingsOf(olds)) !== JSON.stringify(mappingsOf(news))) changed.push("mappings");
  if (enabledOf(olds) !== enabledOf(news)) changed.push("enabled");
  // A quarantined job is started again by the next update (start clears a quarantine), after the
  // policies it depends on are put back; until then refresh shows it in `quarantine`.
  if (olds.status === "Quarantine" && enabledOf(news)) changed.push("quarantine");
  if (commonInputsChanged(olds, news)) changed.push("wait");
  return changed;
}

/** The users and groups a new scope drops, as a phrase, or undefined. */
function leavers(olds: Inputs, news: Inputs): string | undefined {
  const before = scopeOf(olds);
  const after = scopeOf(news);
  const users = before.users.filter((id) => !after.users.includes(id));
  const groups = before.groups.filter((id) => !after.groups.includes(id));
  const parts = [users.length ? `user(s) ${users.join(", ")}` : "", groups.length ? `the members of group(s) ${groups.join(", ")}` : ""].filter(Boolean);
  return parts.length ? parts.join(" and ") : undefined;
}

/**
 * The mappings Graph holds, in the program's form: the options it declares, and any other that Graph
 * holds away from its default (so drift shows on exactly that option).
 */
function heldMappings(declared: Partial<Mappings> | undefined, held: Mappings): Partial<Mappings> | undefined {
  const keys = (Object.keys(held) as (keyof Mappings)[]).filter((k) => declared?.[k] !== undefined || held[k] !== DEFAULT_MAPPINGS[k]);
  return keys.length ? Object.fromEntries(keys.map((k) => [k, held[k]])) : undefined;
}

/** Everything a create or update does after the configuration exists, in Graph's order. */
async function converge(ctx: ProviderContext, inputs: Inputs, config: sync.Configuration, op: "create" | "update") {
  const source = inputs.tenant;
  await sync.testConnection(ctx, source, config, inputs.targetTenantId);
  const job = await sync.ensureJob(ctx, source, config);
  await sync.saveSecrets(ctx, source, config, inputs.targetTenantId);
  const scope = await sync.applyScope(ctx, source, config, scopeOf(inputs));
  const remapped = await sync.applyMappings(ctx, source, config, job.id, mappingsOf(inputs));
  if (op === "update" && (remapped || scope.added + scope.removed > 0)) {
    ctx.log(
      `${sync.configurationWhat(ctx, source, inputs.targetTenantId)}: ${remapped ? "mappings rewritten, every user in scope is processed again" : `scope changed (${scope.added} added, ${scope.removed} removed)`} at the next cycle`,
    );
  }
  await sync.setRunning(ctx, source, config, job.id, enabledOf(inputs));
  // Only a cycle that begins after every write above shows their effect.
  const settled = await sync.awaitSynchronized(ctx, source, inputs.targetTenantId, config, job.id, Date.now(), op, inputs);
  return { jobId: job.id, health: healthOf(settled) };
}

const outputsOf = (inputs: Inputs, tenantId: string, config: sync.Configuration, jobId: string, health: JobHealth): Outputs =>
  plain({ ...inputs, tenantId, servicePrincipalId: config.servicePrincipalId, appId: config.appId, jobId, adopted: config.adopted, ...healthOutputs(health) });

export const crossTenantSyncHandler = (ctx: ProviderContext): ResourceProvider<Inputs, Outputs> =>
  bounded(
    ctx,
    {
      async check(_olds, news) {
        const failures: CheckFailure[] = checkDescribed(ctx, crossTenantSyncDescription, news);
        const source = typeof news.tenant === "string" ? ctx.tenantIdOf(news.tenant) : undefined;
        const target = typeof news.targetTenantId === "string" && !isUnknown(news.targetTenantId) ? news.targetTenantId.toLowerCase() : undefined;
        if (source && target && source === target && !failures.some((f) => f.property === "targetTenantId")) {
          failures.push({ property: "targetTenantId", reason: `is the source tenant '${news.tenant}' itself: users are synchronized from one tenant into another` });
        }
        const scope = news.scope as { users?: unknown; groups?: unknown } | undefined;
        const entries = (v: unknown) => (Array.isArray(v) ? v.length : 0);
        if (
          scope &&
          typeof scope === "object" &&
          !isUnknown(scope.users) &&
          !isUnknown(scope.groups) &&
          entries(scope.users) + entries(scope.groups) === 0 &&
          !failures.some((f) => f.property.startsWith("scope"))
        ) {
          failures.push({
            property: "scope",
            reason: "must name at least one user or group: a configuration with an empty scope synchronizes nobody (Graph synchronizes only assigned users and groups)",
          });
        }
        return { inputs: lowerCaseId(news, "targetTenantId") as Inputs, failures };
      },

      async diff(_id, olds, news) {
        const replaces: string[] = [];
        if (tenantMoved(ctx, news, olds.tenantId)) replaces.push("tenant");
        if (!sameValue(olds.targetTenantId, news.targetTenantId)) replaces.push("targetTenantId");
        // A default name follows the target; only a name declared on either side is judged on its own.
        if ((olds.displayName !== undefined || news.displayName !== undefined) && nameOf(olds) !== nameOf(news)) replaces.push("displayName");
        const changed = changedParts(olds, news);
        if (replaces.length === 0) {
          // What costs users something is said at preview: leavers are deleted in the target, new mappings reprocess everyone.
          const what = sync.configurationWhat(ctx, news.tenant, news.targetTenantId);
          const leaving = leavers(olds, news);
          if (leaving) ctx.log(`${what}: ${leaving} leave the scope; their users are soft-deleted in ${ctx.tenantName(news.targetTenantId)} at the next cycle`);
          if (changed.includes("mappings")) ctx.log(`${what}: the new mappings rewrite the job's schema; Graph then processes every user in scope again (a full cycle)`);
        }
        return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
      },

      async create(inputs) {
        const source = inputs.tenant;
        const tenantId = ctx.tenantIdOf(source)!;
        const what = sync.configurationWhat(ctx, source, inputs.targetTenantId);
        // Nothing is written while the scope names people the source does not have.
        await sync.checkScopeExists(ctx, source, scopeOf(inputs));
        let config = await sync.findConfiguration(ctx, source, inputs.targetTenantId, nameOf(inputs));
        if (config) ctx.log(`${what}: adopting the existing configuration '${config.displayName}' (service principal ${config.servicePrincipalId})`);
        config ??= await sync.createConfiguration(ctx, source, nameOf(inputs));
        const id = `${tenantId}/${config.servicePrincipalId}`;
        try {
          const { jobId, health } = await converge(ctx, inputs, config, "create");
          return { id, outs: outputsOf(inputs, tenantId, config, jobId, health) };
        } catch (err) {
          // The configuration exists: recorded, so the next `up` continues with it rather than making another.
          const job = (await api.listJobs(ctx.graph(source), config.servicePrincipalId).catch(() => []))[0];
          return createdButNotConverged(
            id,
            { ...inputs, tenantId, servicePrincipalId: config.servicePrincipalId, appId: config.appId, adopted: config.adopted, jobId: job?.id ?? "" },
            err as Error,
          );
        }
      },

      async read(id, props) {
        const p = props as Outputs;
        const g = ctx.graph(p.tenant);
        const sp = await api.getServicePrincipal(g, p.servicePrincipalId);
        if (!sp) return { id: "" };
        const [jobs, assignments] = await Promise.all([api.listJobs(g, sp.id), api.listAssignments(g, sp.id)]);
        const job = jobs.find((j) => j.id === p.jobId) ?? jobs[0];
        const config = sync.configurationOf(sp, p.adopted);
        // An import knows the configuration only: its saved secrets name the target.
        const targetTenantId = p.targetTenantId ?? (await sync.targetOf(ctx, p.tenant, sp.id));
        if (!targetTenantId)
          throw new Error(
            `the configuration '${sp.displayName}' (service principal ${sp.id}) names no target tenant in its secrets: it is not set up for cross-tenant synchronization`,
          );
        const scope = sync.scopeOf(assignments);
        const held = job ? readMappings(await api.getSchema(g, sp.id, job.id)) : mappingsOf(p);
        // What Graph holds, in the declared form: drift shows on exactly the property that moved.
        const running = job?.schedule.state === "Active";
        const declared: Inputs = {
          tenant: p.tenant,
          targetTenantId,
          displayName: p.displayName === undefined && sp.displayName === nameOf({ ...p, targetTenantId }) ? undefined : sp.displayName,
          scope: {
            ...(p.scope?.users !== undefined || scope.users.length ? { users: scope.users } : {}),
            ...(p.scope?.groups !== undefined || scope.groups.length ? { groups: scope.groups } : {}),
          },
          mappings: heldMappings(p.mappings, held),
          enabled: p.enabled === undefined && running ? undefined : running,
          wait: p.wait,
          timeouts: p.timeouts,
        };
        const health = job
          ? healthOf(job)
          : { code: "NotConfigured", scheduleState: "Disabled", lastCycle: null, steadyStateLastAchieved: null, usersSynchronized: 0, quarantine: null };
        const outs = outputsOf(declared, p.tenantId, config, job?.id ?? "", health);
        return { id, props: outs, inputs: plain(declared) as Outputs };
      },

      async update(_id, olds, news) {
        if (changedParts(olds, news).every((c) => c === "wait")) return { outs: plain({ ...olds, wait: news.wait, timeouts: news.timeouts }) };
        const g = ctx.graph(news.tenant);
        const sp = await api.getServicePrincipal(g, olds.servicePrincipalId);
        if (!sp)
          throw new Error(
            `${sync.configurationWhat(ctx, news.tenant, news.targetTenantId)}: its configuration (service principal ${olds.servicePrincipalId}) is gone; run \`pulumi up --refresh\` to create it again`,
          );
        await sync.checkScopeExists(ctx, news.tenant, scopeOf(news));
        const config = sync.configurationOf(sp, olds.adopted);
        const { jobId, health } = await converge(ctx, news, config, "update");
        return { outs: outputsOf(news, olds.tenantId, config, jobId, health) };
      },

      async delete(_id, props) {
        await sync.removeConfiguration(ctx, props.tenant, props.targetTenantId, props.servicePrincipalId, props.appId);
      },
    } as ResourceProvider<any, any>,
    sync.SYNC_TIMEOUT_MS,
  ) as ResourceProvider<Inputs, Outputs>;

export const CrossTenantSynchronization = dynamicResource(crossTenantSyncDescription);
export type CrossTenantSynchronization = InstanceType<typeof CrossTenantSynchronization>;
