// CrossTenantSynchronization without Graph: what preview refuses (each naming the property and the
// rule), what updates in place and what replaces, and the mapping options read from and written
// into a job's schema without touching the rest of it.
import { CTS_USER_RULE_NAME, NEVER, type SynchronizationJob, type SynchronizationSchema } from "../../../contract/sync";
import type { ProviderContext } from "../../../provider/context";
import { UNKNOWN } from "../../../provider/inputs/common";
import { DEFAULT_MAPPINGS, readMappings, withMappings } from "../../../provider/operations/sync-mappings";
import { SyncQuarantinedError, describeJob, healthOf } from "../../../provider/operations/sync-status";
import { crossTenantSyncHandler } from "../../../provider/resources/people/cross-tenant-sync";
import { contextFrom, tenantsConfig } from "../fixture";

const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
const BERLIN = "00000be1-0000-4000-8000-000000000be1";
const GROUP = "0000aaaa-0000-4000-8000-000000000001";
const USER = "0000bbbb-0000-4000-8000-000000000002";
/** Progress lines the context of the current test said. */
let lines: string[];
let ctx: ProviderContext;
let cts: ReturnType<typeof crossTenantSyncHandler>;
beforeEach(() => {
  const config = tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN });
  lines = [];
  ctx = contextFrom(config, (line) => lines.push(line));
  cts = crossTenantSyncHandler(ctx);
});
const check = async (news: object) => (await cts.check!({} as never, news as never)).failures ?? [];
const props = (failures: { property: string }[]) => failures.map((f) => f.property);

test("a valid declaration passes, its target id lower-cased", async () => {
  const r = await cts.check!({} as never, { tenant: "cairo", targetTenantId: BERLIN.toUpperCase(), scope: { groups: [GROUP] } } as never);
  expect(r.failures).toEqual([]);
  expect(r.inputs).toMatchObject({ targetTenantId: BERLIN });
});

test("preview refuses each bad input, naming the property and the rule", async () => {
  expect(await check({ tenant: "cairo", targetTenantId: CAIRO, scope: { users: [USER] } })).toEqual([
    { property: "targetTenantId", reason: expect.stringMatching(/is the source tenant 'cairo' itself/) },
  ]);
  expect(await check({ tenant: "cairo", targetTenantId: BERLIN, scope: {} })).toEqual([{ property: "scope", reason: expect.stringMatching(/at least one user or group/) }]);
  expect(await check({ tenant: "cairo", targetTenantId: BERLIN, scope: { users: [], groups: [] } })).toEqual([
    { property: "scope", reason: expect.stringMatching(/at least one/) },
  ]);
  const notGuid = await check({ tenant: "cairo", targetTenantId: BERLIN, scope: { groups: ["Sync pilots"] } });
  expect(notGuid).toEqual([{ property: "scope.groups[0]", reason: expect.stringMatching(/a group's object id \(GUID\)/) }]);
  const mapping = await check({ tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [GROUP] }, mappings: { userType: "member", colour: "blue" } });
  expect(props(mapping)).toEqual(expect.arrayContaining(["mappings.userType", "mappings.colour"]));
  expect(mapping.find((f) => f.property === "mappings.userType")!.reason).toMatch(/'Member'.*'Guest'|wrong case/i);
  const wait = await check({ tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [GROUP] }, wait: "converged" });
  expect(wait).toEqual([{ property: "wait", reason: expect.stringMatching(/accepted.*synchronized/) }]);
  expect(props(await check({ tenant: "cairo", scope: { groups: [GROUP] } }))).toEqual(["targetTenantId"]);
});

test("values unknown at preview pass", async () => {
  expect(await check({ tenant: "cairo", targetTenantId: UNKNOWN, scope: { groups: UNKNOWN } })).toEqual([]);
});

test("diff: scope, mappings and enabled update in place; the target and the name replace", async () => {
  const olds = { tenant: "cairo", tenantId: CAIRO, targetTenantId: BERLIN, scope: { groups: [GROUP] }, servicePrincipalId: "sp", jobId: "j", status: "Active" } as never;
  const same = { tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [GROUP.toUpperCase()] } } as never;
  expect(await cts.diff!("id", olds, same)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  // Declaring Graph's defaults is no change.
  expect((await cts.diff!("id", olds, { ...(same as object), mappings: { ...DEFAULT_MAPPINGS }, enabled: true } as never)).changes).toBe(false);
  const scoped = await cts.diff!("id", olds, { tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [GROUP], users: [USER] } } as never);
  expect(scoped).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect((await cts.diff!("id", olds, { ...(same as object), mappings: { userType: "Guest" } } as never)).replaces).toEqual([]);
  expect((await cts.diff!("id", olds, { ...(same as object), enabled: false } as never)).changes).toBe(true);
  expect((await cts.diff!("id", olds, { ...(same as object), targetTenantId: CAIRO } as never)).replaces).toEqual(["targetTenantId"]);
  expect((await cts.diff!("id", olds, { ...(same as object), displayName: "Cairo to Berlin" } as never)).replaces).toEqual(["displayName"]);
  // The admin center's name, declared, is the default name: no replacement.
  expect((await cts.diff!("id", olds, { ...(same as object), displayName: `MTO_Sync_${BERLIN}` } as never)).changes).toBe(false);
  // A create that stopped part way recorded no status: the next up carries on.
  const { status: _none, ...unfinished } = olds as Record<string, unknown>;
  expect(await cts.diff!("id", unfinished as never, same)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});

const schema = (): SynchronizationSchema => ({
  id: "job",
  version: "v1.2",
  directories: [{ name: "kept as it is" }],
  synchronizationRules: [
    {
      containerFilter: null,
      editable: true,
      groupFilter: null,
      id: "rule",
      metadata: [],
      name: CTS_USER_RULE_NAME,
      priority: 1,
      sourceDirectoryName: "Azure Active Directory",
      targetDirectoryName: "Azure Active Directory (target tenant)",
      objectMappings: [
        {
          name: "Provision Azure Active Directory Users",
          enabled: true,
          flowTypes: "Add, Update, Delete",
          metadata: [],
          scope: null,
          sourceObjectName: "User",
          targetObjectName: "User",
          attributeMappings: [
            {
              defaultValue: null,
              exportMissingReferences: false,
              flowBehavior: "FlowWhenChanged",
              flowType: "Always",
              matchingPriority: 1,
              source: { expression: "AltSecIdFromNetId([netId])", name: "AltSecIdFromNetId", parameters: [], type: "Function" },
              targetAttributeName: "alternativeSecurityIds",
            },
            {
              defaultValue: null,
              exportMissingReferences: false,
              flowBehavior: "FlowWhenChanged",
              flowType: "ObjectAddOnly",
              matchingPriority: 0,
              source: { expression: '"Member"', name: "Member", parameters: [], type: "Constant" },
              targetAttributeName: "userType",
            },
          ],
        },
        {
          name: "Provision Azure Active Directory Groups",
          enabled: false,
          flowTypes: "Add, Update, Delete",
          metadata: [],
          scope: null,
          sourceObjectName: "Group",
          targetObjectName: "Group",
          attributeMappings: [],
        },
      ],
    },
  ],
});

test("mappings: read with Graph's defaults for what the schema lacks, written without touching the rest", () => {
  const original = schema();
  expect(readMappings(original)).toEqual(DEFAULT_MAPPINGS);
  const changed = withMappings(original, { userType: "Guest", showInAddressList: false, provisionGroups: true });
  expect(readMappings(changed)).toEqual({ userType: "Guest", showInAddressList: false, provisionGroups: true });
  expect(readMappings(original)).toEqual(DEFAULT_MAPPINGS);
  const users = changed.synchronizationRules[0].objectMappings[0].attributeMappings;
  expect(users[0]).toEqual(original.synchronizationRules[0].objectMappings[0].attributeMappings[0]);
  expect(users.find((a) => a.targetAttributeName === "userType")).toMatchObject({ flowType: "ObjectAddOnly", source: { type: "Constant", name: "Guest", expression: '"Guest"' } });
  expect(users.find((a) => a.targetAttributeName === "showInAddressList")).toMatchObject({ source: { type: "Constant", name: "false" } });
  expect(changed.directories).toEqual(original.directories);
  const noGroups = schema();
  noGroups.synchronizationRules[0].objectMappings.pop();
  expect(() => withMappings(noGroups, { ...DEFAULT_MAPPINGS, provisionGroups: true })).toThrow(/no mapping for groups/);
  expect(() => withMappings({ directories: [], synchronizationRules: [] }, DEFAULT_MAPPINGS)).toThrow(/not a cross-tenant synchronization job/);
});

const job = (status: Partial<SynchronizationJob["status"]>): SynchronizationJob => ({
  id: "Azure2Azure.abc.def",
  templateId: "Azure2Azure",
  schedule: { expiration: null, interval: "PT40M", state: "Active" },
  synchronizationJobSettings: [],
  status: {
    code: "NotRun",
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: NEVER,
    steadyStateLastAchievedTime: NEVER,
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
    ...status,
  },
});

test("health: a job never run, one synchronized, one quarantined with what to do", () => {
  expect(healthOf(job({}))).toEqual({ code: "NotRun", scheduleState: "Active", lastCycle: null, steadyStateLastAchieved: null, usersSynchronized: 0, quarantine: null });
  const ran = job({
    code: "Active",
    steadyStateLastAchievedTime: "2026-01-01T00:45:00Z",
    synchronizedEntryCountByType: [{ key: "user to User", value: 3 }],
    lastExecution: {
      activityIdentifier: "a",
      countEntitled: 3,
      countEntitledForProvisioning: 3,
      countEscrowed: 0,
      countEscrowedRaw: 0,
      countExported: 3,
      countExports: 3,
      countImported: 3,
      countImportedDeltas: 0,
      countImportedReferenceDeltas: 0,
      error: null,
      state: "Succeeded",
      timeBegan: "2026-01-01T00:40:00Z",
      timeEnded: "2026-01-01T00:45:00Z",
    },
  });
  expect(healthOf(ran)).toMatchObject({ usersSynchronized: 3, lastCycle: { state: "Succeeded", exported: 3 }, steadyStateLastAchieved: "2026-01-01T00:45:00Z" });
  expect(describeJob(ran)).toBe("Active (schedule Active, last cycle Succeeded at 2026-01-01T00:45:00Z, 3 user(s) synchronized)");
  const quarantine = {
    reason: "EncounteredQuarantineException" as const,
    currentBegan: "2026-01-01T01:25:00Z",
    seriesBegan: "2026-01-01T01:25:00Z",
    nextAttempt: "2026-01-01T07:25:00Z",
    seriesCount: 0,
    error: { code: "AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure", message: "inbound sync not allowed", tenantActionable: true },
  };
  const held = healthOf(job({ code: "Quarantine", quarantine }));
  expect(held.quarantine).toEqual({
    reason: "EncounteredQuarantineException",
    since: "2026-01-01T01:25:00Z",
    nextAttempt: "2026-01-01T07:25:00Z",
    error: "AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure: inbound sync not allowed",
  });
  const err = new SyncQuarantinedError("the synchronization of users from cairo into berlin", quarantine, ctx.tenantName(BERLIN));
  expect(err.message).toMatch(/in quarantine \(EncounteredQuarantineException\) since 2026-01-01T01:25:00Z; Graph tries again at 2026-01-01T07:25:00Z/);
  expect(err.message).toMatch(/What to do: .*userSyncInbound/);
});

test("preview says who leaves the scope and that new mappings reprocess everyone; a wait change updates without Graph", async () => {
  const olds = {
    tenant: "cairo",
    tenantId: CAIRO,
    targetTenantId: BERLIN,
    scope: { groups: [GROUP], users: [USER] },
    servicePrincipalId: "sp",
    jobId: "j",
    status: "Active",
  } as never;
  await cts.diff!("id", olds, { tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [GROUP] }, mappings: { userType: "Guest" } } as never);
  expect(lines).toEqual([
    expect.stringMatching(new RegExp(`user\\(s\\) ${USER} leave the scope; their users are soft-deleted in berlin \\(.*\\) at the next cycle`)),
    expect.stringMatching(/new mappings rewrite the job's schema; Graph then processes every user in scope again/),
  ]);
  // The configured endpoint does not answer: an update that called Graph would fail.
  const updated = await cts.update!("id", olds, { tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [GROUP], users: [USER] }, wait: "synchronized" } as never);
  expect(updated.outs).toMatchObject({ wait: "synchronized", servicePrincipalId: "sp", status: "Active" });
});
