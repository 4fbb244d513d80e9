// CrossTenantSynchronization's handler against the emulator, on paths the end-to-end run does not
// take: a failed connection test that names what each tenant lacks and is carried on by the next
// update once they allow it; a scope naming a group the source lacks, refused before any write; a
// quarantine failing a wait at the first read that sees it; and import from the configuration alone.
import { CTS_APPLICATION_TEMPLATE_ID } from "../../../contract/sync";
import { builtInId } from "../../../emulator";
import { IncompleteOperationError } from "../../../provider/inputs/common";
import * as sync from "../../../provider/operations/sync";
import { SyncQuarantinedError } from "../../../provider/operations/sync-status";
import { importResource } from "../../../provider/plugin/import";
import { crossTenantSyncHandler } from "../../../provider/resources/people/cross-tenant-sync";
import { BERLIN, CAIRO, providerEmulator } from "../fixture";

jest.setTimeout(60_000);
const XTAP = "/policies/crossTenantAccessPolicy";
const PILOTS = builtInId(CAIRO, "group", 1);
let em: Awaited<ReturnType<typeof providerEmulator>>;
let cts: ReturnType<typeof crossTenantSyncHandler>;
beforeEach(async () => {
  em = await providerEmulator();
  cts = crossTenantSyncHandler(em.ctx);
});
afterEach(async () => em?.dispose());

/** What synchronization from Cairo into Berlin needs: automatic redemption both ways, Berlin allowing users in. */
async function allow(): Promise<void> {
  await em
    .graph(CAIRO)
    .api(`${XTAP}/partners`)
    .post({ tenantId: BERLIN, automaticUserConsentSettings: { outboundAllowed: true } });
  await em
    .graph(BERLIN)
    .api(`${XTAP}/partners`)
    .post({ tenantId: CAIRO, automaticUserConsentSettings: { inboundAllowed: true } });
  await em
    .graph(BERLIN)
    .api(`${XTAP}/partners/${CAIRO}/identitySynchronization`)
    .put({ userSyncInbound: { isSyncAllowed: true } });
}
const writes = () => em.emulator.log.filter((e) => e.method !== "GET" && !/oauth2/.test(e.path)).map((e) => e.route);
const inputs = { tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [PILOTS] } };

test("a failed connection test says what each tenant lacks; once allowed, the next update carries on", async () => {
  em.emulator.clearLog();
  const failed = await cts.create(inputs as never).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(IncompleteOperationError);
  const message = (failed as Error).message;
  // No organization here to learn the tenants' display names from: aliases and ids name them.
  expect(message).toMatch(
    /the connection test from cairo \([0-9a-f-]{36}\) into berlin \([0-9a-f-]{36}\) failed \(AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure; nothing else was written\)/,
  );
  expect(message).toMatch(/cairo .* must allow, in its partner configuration for berlin .*: automaticUserConsentSettings\.outboundAllowed = true/);
  expect(message).toMatch(/berlin .* must allow, in its partner configuration for cairo .*: automaticUserConsentSettings\.inboundAllowed = true/);
  expect(message).toMatch(/berlin .*: userSyncInbound\.isSyncAllowed = true/);
  // Only the configuration was made, and recorded, so the next run does not make another.
  expect(writes()).toEqual([`POST /applicationTemplates/{id}/instantiate`, "POST /servicePrincipals/{id}/synchronization/jobs/validateCredentials"]);
  const recorded = (failed as IncompleteOperationError).properties as never;
  expect(await cts.diff!("id", recorded, inputs as never)).toMatchObject({ changes: true, replaces: [] });

  await allow();
  const carried = await cts.update!("id", recorded, inputs as never);
  expect(carried.outs).toMatchObject({ status: "NotRun", scheduleState: "Active", jobId: expect.stringMatching(/^Azure2Azure\./) });
  const configurations = (await em.graph(CAIRO).api("/servicePrincipals").filter(`applicationTemplateId eq '${CTS_APPLICATION_TEMPLATE_ID}'`).get()).value;
  expect(configurations).toHaveLength(1);
});

test("a scope naming a group the source does not have is refused before any write", async () => {
  await allow();
  em.emulator.clearLog();
  const missing = builtInId(CAIRO, "group", 9);
  await expect(cts.create({ ...inputs, scope: { groups: [PILOTS, missing] } } as never)).rejects.toThrow(
    new RegExp(`names what the source tenant does not have \\(nothing was written\\):\\n {2}scope\\.groups\\[1\\]: no group ${missing} in cairo`),
  );
  expect(writes()).toEqual([]);
});

test("a quarantine fails a wait at the first read that sees it, with Graph's reason and what to do", async () => {
  await allow();
  const made = await cts.create(inputs as never);
  const outs = made.outs as { servicePrincipalId: string; jobId: string; appId: string };
  // Berlin stops allowing users in: the next cycle's policy check quarantines the job.
  await em
    .graph(BERLIN)
    .api(`${XTAP}/partners/${CAIRO}/identitySynchronization`)
    .patch({ userSyncInbound: { isSyncAllowed: false } });
  const jobPath = `/servicePrincipals/${outs.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(outs.jobId)}`;
  for (let i = 0; (await em.graph(CAIRO).api(jobPath).get()).status.code !== "Quarantine"; i++) {
    if (i > 100) throw new Error("the job was never quarantined");
    await new Promise((r) => setTimeout(r, 100));
  }
  em.emulator.clearLog();
  const config = { servicePrincipalId: outs.servicePrincipalId, appId: outs.appId, displayName: "x", appRoleId: "", adopted: false };
  const failed = await sync.awaitSynchronized(em.ctx, "cairo", BERLIN, config, outs.jobId, Date.now(), "update", { wait: "synchronized" }).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(SyncQuarantinedError);
  expect((failed as Error).message).toMatch(
    /is in quarantine \(EncounteredQuarantineException\) since \S+; Graph tries again at \S+ .*AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure.*What to do: .*userSyncInbound/,
  );
  expect(em.emulator.log.filter((e) => e.method === "GET" && e.route.includes("/synchronization/jobs/"))).toHaveLength(1);
});

test("import from the source tenant and the configuration's id reads the target, scope and job", async () => {
  await allow();
  const made = await cts.create({ ...inputs, mappings: { showInAddressList: false } } as never);
  const spId = (made.outs as { servicePrincipalId: string }).servicePrincipalId;
  const imported = await importResource(em.ctx, "CrossTenantSynchronization", cts as never, `cairo/${spId}`);
  expect(imported.id).toBe(`${CAIRO}/${spId}`);
  expect(imported.inputs).toEqual({ tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [PILOTS] }, mappings: { showInAddressList: false } });
  expect(imported.props).toMatchObject({ adopted: true, jobId: (made.outs as { jobId: string }).jobId });
});

test("a scope or mapping changed by hand is drift on exactly that property", async () => {
  await allow();
  const made = await cts.create({ ...inputs, scope: { groups: [PILOTS], users: [builtInId(CAIRO, "user", 4)] } } as never);
  const outs = made.outs as { servicePrincipalId: string; jobId: string };
  const sp = `/servicePrincipals/${outs.servicePrincipalId}`;
  // Someone removes the user from the configuration and makes synchronized users guests.
  const assignments = (await em.graph(CAIRO).api(`${sp}/appRoleAssignedTo`).get()).value as { id: string; principalType: string }[];
  await em
    .graph(CAIRO)
    .api(`${sp}/appRoleAssignedTo/${assignments.find((a) => a.principalType === "User")!.id}`)
    .delete();
  const schemaPath = `${sp}/synchronization/jobs/${encodeURIComponent(outs.jobId)}/schema`;
  const schema = await em.graph(CAIRO).api(schemaPath).get();
  const users = schema.synchronizationRules[0].objectMappings.find((m: { sourceObjectName: string }) => m.sourceObjectName === "User");
  users.attributeMappings.find((a: { targetAttributeName: string }) => a.targetAttributeName === "userType").source = {
    expression: '"Guest"',
    name: "Guest",
    parameters: [],
    type: "Constant",
  };
  await em.graph(CAIRO).api(schemaPath).put(schema);

  const read = await cts.read!(made.id, made.outs as never);
  expect(read.inputs).toEqual({ tenant: "cairo", targetTenantId: BERLIN, scope: { groups: [PILOTS], users: [] }, mappings: { userType: "Guest" } });
  const diff = await cts.diff!(made.id, read.props as never, { ...inputs, scope: { groups: [PILOTS], users: [builtInId(CAIRO, "user", 4)] } } as never);
  expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
});
