// Cross-tenant synchronization over real HTTPS under a manual clock (fast profile): the documented
// order end to end, connection tests failing for each missing policy, quarantine and recovery,
// pause, scope removal, schema rules, replication delay, the on-demand rate limit, permissions and
// faults.
import { CTS_APPLICATION_TEMPLATE_ID, NEVER, SYNC_POLICY_CHECK_FAILURE } from "../../contract/sync";
import { AUDITOR_APP, BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";
import { FAST, XTAP, allowSync, assign, configure, getJob, group, syncedUsers, user } from "./sync-helpers";

const CAIRO_DOMAIN = "cairo.onmicrosoft.com";

let em: TestEmulator;
beforeEach(async () => {
  em = await testEmulator({ profile: "fast" });
});
afterEach(async () => em?.dispose());

test("the documented order, end to end: users arrive in the target after the initial cycle", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const created = await em.call(CAIRO, "POST", `/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`, { displayName: "Berlin sync" });
  expect(created.status).toBe(201);
  expect(created.body.servicePrincipal).toMatchObject({ appRoleAssignmentRequired: true, applicationTemplateId: CTS_APPLICATION_TEMPLATE_ID, displayName: "Berlin sync" });
  expect(created.body.servicePrincipal.appRoles).toEqual([expect.objectContaining({ displayName: "msiam_access", allowedMemberTypes: ["User"] })]);
  const spId = created.body.servicePrincipal.id;
  const sync = `/servicePrincipals/${spId}/synchronization`;

  // Replication: nothing about the new objects can be read yet.
  expect((await em.call(CAIRO, "GET", `/servicePrincipals/${spId}`)).status).toBe(404);
  expect((await em.call(CAIRO, "GET", `/applications/${created.body.application.id}`)).body.error.code).toBe("Request_ResourceNotFound");
  expect((await em.call(CAIRO, "POST", `${sync}/jobs`, { templateId: "Azure2Azure" })).status).toBe(404);
  expect((await em.call(CAIRO, "GET", `/servicePrincipals?$filter=displayName eq 'Berlin sync'`)).body.value).toEqual([]);
  await em.advance(FAST.replication);
  expect((await em.call(CAIRO, "GET", `/servicePrincipals?$filter=applicationTemplateId eq '${CTS_APPLICATION_TEMPLATE_ID}'`)).body.value.map((s: any) => s.id)).toEqual([spId]);

  const credentials = [
    { key: "CompanyId", value: BERLIN },
    { key: "AuthenticationType", value: "SyncPolicy" },
  ];
  expect((await em.call(CAIRO, "POST", `${sync}/jobs/validateCredentials`, { useSavedCredentials: false, templateId: "Azure2Azure", credentials })).status).toBe(204);

  const job = await em.call(CAIRO, "POST", `${sync}/jobs`, { templateId: "Azure2Azure" });
  expect(job.status).toBe(201);
  expect(job.body.id).toMatch(/^Azure2Azure\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
  expect(job.body).toMatchObject({ schedule: { interval: "PT40M", state: "Disabled" }, status: { code: "Paused", lastExecution: null, steadyStateFirstAchievedTime: NEVER } });
  const jobUrl = `${sync}/jobs/${job.body.id}`;
  expect((await em.call(CAIRO, "GET", `${jobUrl}/`)).body.id).toBe(job.body.id); // trailing slash, dots in the id

  const secrets = [...credentials, { key: "SyncNotificationSettings", value: '{"Enabled":false}' }, { key: "SyncAll", value: "false" }, { key: "Password", value: "hunter2" }];
  expect((await em.call(CAIRO, "PUT", `${sync}/secrets`, { value: secrets })).status).toBe(204);
  const saved = (await em.call(CAIRO, "GET", `${sync}/secrets`)).body.value;
  expect(saved).toContainEqual({ key: "CompanyId", value: BERLIN });
  expect(saved).toContainEqual({ key: "Password", value: "*" });

  const assigned = await em.call(CAIRO, "POST", `/servicePrincipals/${spId}/appRoleAssignedTo`, {
    principalId: group(CAIRO, 1),
    resourceId: spId,
    appRoleId: created.body.servicePrincipal.appRoles[0].id,
  });
  expect(assigned.status).toBe(201);
  expect(assigned.body).toMatchObject({ principalType: "Group", principalDisplayName: "Sync pilots", resourceDisplayName: "Berlin sync" });
  expect(assigned.body.id).toMatch(/^[A-Za-z0-9_-]{40,}$/);

  const schema = (await em.call(CAIRO, "GET", `${jobUrl}/schema`)).body;
  expect(schema.synchronizationRules.map((r: any) => r.name)).toEqual(["USER_INBOUND_USER"]);

  expect((await em.call(CAIRO, "POST", `${jobUrl}/start`)).status).toBe(204);
  let started = (await em.call(CAIRO, "GET", jobUrl)).body;
  expect(started).toMatchObject({ schedule: { state: "Active" }, status: { code: "NotRun", lastExecution: { state: "Failed", error: { code: "None" } } } });
  expect(await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).toEqual([]);

  await em.advance(FAST.initialCycle);
  started = (await em.call(CAIRO, "GET", jobUrl)).body;
  expect(started.status).toMatchObject({
    code: "Active",
    quarantine: null,
    lastExecution: { state: "Succeeded", countExported: 3 },
    synchronizedEntryCountByType: [{ key: "user to User", value: 3 }],
  });
  expect(started.status.steadyStateFirstAchievedTime).not.toBe(NEVER);
  const arrived = await syncedUsers(em, BERLIN, CAIRO_DOMAIN);
  expect(arrived.map((u) => u.userPrincipalName).sort()).toEqual(["adele", "alex", "diego"].map((n) => `${n}_${CAIRO_DOMAIN}#EXT#@berlin.onmicrosoft.com`));
  expect(arrived[0]).toMatchObject({ userType: "Member", showInAddressList: true, accountEnabled: true });

  // The source's provisioning log, in both documented filter forms; each event names the target.
  const byJob = (await em.call(CAIRO, "GET", `/auditLogs/provisioning?$filter=jobId eq '${job.body.id}'&$top=500&$orderby=activityDateTime desc`)).body.value;
  expect(byJob).toHaveLength(3);
  expect(byJob.every((e: any) => e.tenantId === BERLIN && e.provisioningAction === "create" && e.provisioningStatusInfo.status === "success")).toBe(true);
  const documented = `((contains(tolower(servicePrincipal/id), '${spId}') or contains(tolower(servicePrincipal/displayName), '${spId}')) and activityDateTime gt 2025-07-30)`;
  expect((await em.call(CAIRO, "GET", `/auditLogs/provisioning?$filter=${encodeURIComponent(documented)}`)).body.value).toHaveLength(3);
  expect(new Set(byJob.map((e: any) => e.targetIdentity.id))).toEqual(new Set(arrived.map((u) => u.id)));

  // A later cycle finds nothing new; a long jump of the clock does not spin.
  await em.advance(10 * 24 * 3_600_000);
  expect((await em.call(CAIRO, "GET", jobUrl)).body.status.lastExecution.countExported).toBe(0);
});

test("validateCredentials names each missing policy, in the source's then the target's order", async () => {
  const [instantiated] = [await em.call(CAIRO, "POST", `/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`, { displayName: "x" })];
  await em.advance(FAST.replication);
  const validate = (companyId = BERLIN) =>
    em.call(CAIRO, "POST", `/servicePrincipals/${instantiated.body.servicePrincipal.id}/synchronization/jobs/validateCredentials`, {
      templateId: "Azure2Azure",
      credentials: [{ key: "CompanyId", value: companyId }],
    });
  const failure = async (pattern: RegExp) => {
    const r = await validate();
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(SYNC_POLICY_CHECK_FAILURE);
    expect(r.body.error.message).toMatch(pattern);
  };
  await failure(/Source tenant .*outboundAllowed/);
  await em.call(CAIRO, "POST", XTAP, { tenantId: BERLIN });
  await em.call(CAIRO, "PATCH", `${XTAP}/${BERLIN}`, { automaticUserConsentSettings: { outboundAllowed: true } });
  await failure(/Target tenant .*inboundAllowed/);
  await em.call(BERLIN, "POST", XTAP, { tenantId: CAIRO });
  await em.call(BERLIN, "PATCH", `${XTAP}/${CAIRO}`, { automaticUserConsentSettings: { inboundAllowed: true } });
  await failure(/Target tenant .*userSyncInbound/);
  await em.call(BERLIN, "PUT", `${XTAP}/${CAIRO}/identitySynchronization`, { displayName: "x", userSyncInbound: { isSyncAllowed: true } });
  expect((await validate()).status).toBe(204);
  const unknown = await validate("0000dead-0000-4000-8000-00000000dead");
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toMatchObject({ code: SYNC_POLICY_CHECK_FAILURE, message: expect.stringMatching(/could not be found/) });
  expect((await validate("not-a-tenant")).status).toBe(400);
});

test("a target that revokes inbound sync quarantines the job on its next cycle; the retry after the fix lifts it", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  await assign(em, CAIRO, c, user(CAIRO, 1));
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(FAST.initialCycle);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(1);

  await em.call(BERLIN, "PATCH", `${XTAP}/${CAIRO}/identitySynchronization`, { userSyncInbound: { isSyncAllowed: false } });
  const revokedAt = em.emulator.clock.now();
  await em.advance(FAST.interval);
  let job = await getJob(em, CAIRO, c);
  expect(job.status).toMatchObject({ code: "Quarantine", countSuccessiveCompleteFailures: 1, lastExecution: { state: "Failed" } });
  const q = job.status.quarantine;
  expect(q).toMatchObject({ reason: "EncounteredQuarantineException", seriesCount: 0, error: { code: SYNC_POLICY_CHECK_FAILURE, tenantActionable: true } });
  expect(q.error.message).toMatch(/userSyncInbound/);
  // The wire shows whole seconds: the series began at the first cycle after the revocation.
  const began = Date.parse(q.seriesBegan);
  expect(Math.abs(began - (revokedAt + FAST.interval))).toBeLessThan(1000);
  expect(q.currentBegan).toBe(q.seriesBegan);
  const near = (ms: number, expected: number) => expect(Math.abs(ms - expected)).toBeLessThanOrEqual(1000);
  near(Date.parse(q.nextAttempt) - began, FAST.retry);
  // Users already synchronized stay.
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(1);

  // Still failing at the retry: the series goes on, the next retry twice as far from its start.
  await em.advance(FAST.retry);
  job = await getJob(em, CAIRO, c);
  expect(job.status.quarantine).toMatchObject({ seriesCount: 1, seriesBegan: q.seriesBegan });
  near(Date.parse(job.status.quarantine.nextAttempt) - began, 2 * FAST.retry);
  expect(job.status.countSuccessiveCompleteFailures).toBe(2);

  await em.call(BERLIN, "PATCH", `${XTAP}/${CAIRO}/identitySynchronization`, { userSyncInbound: { isSyncAllowed: true } });
  await em.advance(2 * FAST.retry);
  job = await getJob(em, CAIRO, c);
  expect(job.status).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0, lastExecution: { state: "Succeeded" } });
});

test("restart with QuarantineState lifts a quarantine at once; the next initial cycle quarantines again while the policy is missing", async () => {
  await allowSync(em, CAIRO, BERLIN, { skip: "userSync" });
  const c = await configure(em, CAIRO, BERLIN);
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(FAST.initialCycle);
  expect((await getJob(em, CAIRO, c)).status.code).toBe("Quarantine");
  expect((await em.call(CAIRO, "POST", `${c.job}/restart`, { criteria: { resetScope: "Watermark, Escrows, QuarantineState" } })).status).toBe(204);
  expect((await getJob(em, CAIRO, c)).status).toMatchObject({ code: "NotRun", quarantine: null });
  expect((await em.call(CAIRO, "POST", `${c.job}/restart`, { criteria: { resetScope: "Everything" } })).status).toBe(400);
  await em.advance(FAST.initialCycle);
  expect((await getJob(em, CAIRO, c)).status.code).toBe("Quarantine");
});

test("pause stops cycles; start resumes them", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  await assign(em, CAIRO, c, user(CAIRO, 1));
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(FAST.initialCycle);
  expect((await em.call(CAIRO, "POST", `${c.job}/pause`)).status).toBe(204);
  await assign(em, CAIRO, c, user(CAIRO, 2));
  await em.advance(10 * FAST.interval);
  expect(await getJob(em, CAIRO, c)).toMatchObject({ schedule: { state: "Paused" }, status: { code: "Paused" } });
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(1);
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(1);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(2);
  expect((await getJob(em, CAIRO, c)).status.code).toBe("Active");
});

test("scope: direct members of assigned groups only; users leaving the scope are soft-deleted unless Delete is not a flow", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  // Project Orion: Grady directly, the Sync pilots only through a nested group; the guest is skipped.
  const orion = await assign(em, CAIRO, c, group(CAIRO, 3));
  await assign(em, CAIRO, c, user(CAIRO, 7));
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(FAST.initialCycle);
  const synced = await syncedUsers(em, BERLIN, CAIRO_DOMAIN);
  expect(synced.map((u) => u.displayName)).toEqual(["Grady Archie"]);
  const skipped = (await em.call(CAIRO, "GET", "/auditLogs/provisioning?$filter=provisioningStatusInfo/status eq 'skipped'")).body.value;
  expect(skipped.map((e: any) => e.sourceIdentity.id)).toEqual([user(CAIRO, 7)]);

  expect((await em.call(CAIRO, "DELETE", `/servicePrincipals/${c.spId}/appRoleAssignedTo/${orion}`)).status).toBe(204);
  await em.advance(FAST.interval);
  expect((await em.call(BERLIN, "GET", `/users/${synced[0].id}`)).status).toBe(404);
  const deleted = (await em.call(BERLIN, "GET", "/directory/deletedItems/microsoft.graph.user")).body.value;
  expect(deleted.map((u: any) => u.id)).toEqual([synced[0].id]);
  expect((await getJob(em, CAIRO, c)).status.synchronizedEntryCountByType).toEqual([{ key: "user to User", value: 0 }]);

  // Back in scope: restored, not duplicated.
  await assign(em, CAIRO, c, user(CAIRO, 4));
  await em.advance(FAST.interval);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).map((u) => u.id)).toEqual([synced[0].id]);

  // Without Delete among the flows, leaving the scope deletes nothing.
  const schema = (await em.call(CAIRO, "GET", `${c.job}/schema`)).body;
  schema.synchronizationRules[0].objectMappings[0].flowTypes = "Add,Update";
  expect((await em.call(CAIRO, "PUT", `${c.job}/schema`, schema)).status).toBe(204);
  const again = (await em.call(CAIRO, "GET", `/servicePrincipals/${c.spId}/appRoleAssignedTo`)).body.value;
  await em.call(CAIRO, "DELETE", `/servicePrincipals/${c.spId}/appRoleAssignedTo/${again[again.length - 1].id}`);
  await em.advance(FAST.interval);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(1);
});

test("SyncAll takes every internal member; deleting the job leaves the target's users", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN, "all", { SyncAll: "true" });
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(FAST.initialCycle);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(6);
  expect((await em.call(CAIRO, "DELETE", `${c.job}/`)).status).toBe(204);
  expect((await em.call(CAIRO, "GET", c.job)).status).toBe(404);
  expect((await em.call(CAIRO, "DELETE", `/servicePrincipals/${c.spId}`)).status).toBe(204);
  await em.advance(FAST.interval);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(6);
});

test("schema: the matching attribute is fixed; a userType mapping applies at creation", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  const schema = (await em.call(CAIRO, "GET", `${c.job}/schema`)).body;
  const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.name === "Provision Azure Active Directory Users");
  const matching = users.attributeMappings.find((a: any) => a.matchingPriority === 1);
  expect(matching).toMatchObject({ targetAttributeName: "alternativeSecurityIds", source: { type: "Function", expression: "AltSecIdFromNetId([netId])" } });
  expect(users.attributeMappings.find((a: any) => a.targetAttributeName === "userType")).toMatchObject({ flowType: "ObjectAddOnly", source: { type: "Constant", name: "Member" } });
  expect(schema.synchronizationRules[0].objectMappings[1]).toMatchObject({ name: "Provision Azure Active Directory Groups", enabled: false });

  const changed = structuredClone(schema);
  changed.synchronizationRules[0].objectMappings[0].attributeMappings.find((a: any) => a.targetAttributeName === "userPrincipalName").matchingPriority = 2;
  const refused = await em.call(CAIRO, "PUT", `${c.job}/schema`, changed);
  expect(refused.status).toBe(400);
  expect(refused.body.error.code).toBe("schemaInvalid");
  expect((await em.call(CAIRO, "PUT", `${c.job}/schema`, { ...schema, synchronizationRules: [{ ...schema.synchronizationRules[0], priority: "1" }] })).status).toBe(400);

  const guest = structuredClone(schema);
  const userType = guest.synchronizationRules[0].objectMappings[0].attributeMappings.find((a: any) => a.targetAttributeName === "userType");
  userType.source = { ...userType.source, name: "Guest", expression: '"Guest"' };
  expect((await em.call(CAIRO, "PUT", `${c.job}/schema`, guest)).status).toBe(204);
  expect((await em.call(CAIRO, "GET", `${c.job}/schema`)).body.synchronizationRules[0].objectMappings[0].attributeMappings).toContainEqual(userType);
  await assign(em, CAIRO, c, user(CAIRO, 1));
  await em.call(CAIRO, "POST", `${c.job}/start`);
  await em.advance(FAST.initialCycle);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).map((u) => u.userType)).toEqual(["Guest"]);
});

test("provisionOnDemand provisions one user and allows 5 requests per 10 seconds per job", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  await assign(em, CAIRO, c, user(CAIRO, 1));
  const ruleId = (await em.call(CAIRO, "GET", `${c.job}/schema`)).body.synchronizationRules[0].id;
  const onDemand = (objectId: string) => em.call(CAIRO, "POST", `${c.job}/provisionOnDemand`, { parameters: [{ ruleId, subjects: [{ objectId, objectTypeName: "User" }] }] });
  const first = await onDemand(user(CAIRO, 1));
  expect(first.status).toBe(200);
  expect(first.body.key).toBe("Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo");
  expect(JSON.parse(first.body.value)[0].provisioningSteps.map((s: any) => s.status)).toEqual(["Success", "Success", "Success"]);
  expect((await syncedUsers(em, BERLIN, CAIRO_DOMAIN)).length).toBe(1);
  const unassigned = await onDemand(user(CAIRO, 2));
  expect(JSON.parse(unassigned.body.value)[0].provisioningSteps.at(-1).details.SkipReason).toBe("NotEffectivelyEntitled");
  for (let i = 0; i < 3; i++) expect((await onDemand(user(CAIRO, 1))).status).toBe(200);
  const limited = await onDemand(user(CAIRO, 1));
  expect(limited.status).toBe(429);
  expect(limited.body.error.code).toBe("TooManyRequests");
  await em.advance(10_000);
  expect((await onDemand(user(CAIRO, 1))).status).toBe(200);
});

test("permissions: the auditor reads the configuration but cannot change it; assignment checks", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  const auditor = em.graph(CAIRO, { app: AUDITOR_APP });
  expect((await auditor.api(c.job).get()).id).toBe(c.jobId);
  expect((await auditor.api("/users").get()).value.length).toBe(7);
  await expect(auditor.api(`${c.job}/start`).post({})).rejects.toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });
  await expect(
    auditor.api(`/servicePrincipals/${c.spId}/appRoleAssignedTo`).post({ principalId: user(CAIRO, 1), resourceId: c.spId, appRoleId: c.appRoleId }),
  ).rejects.toMatchObject({
    statusCode: 403,
  });
  await expect(auditor.api(`/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`).post({ displayName: "x" })).rejects.toMatchObject({ statusCode: 403 });

  const post = (body: object) => em.call(CAIRO, "POST", `/servicePrincipals/${c.spId}/appRoleAssignedTo`, { resourceId: c.spId, appRoleId: c.appRoleId, ...body });
  expect((await post({ principalId: user(BERLIN, 1) })).status).toBe(404); // another tenant's user
  expect((await post({ principalId: user(CAIRO, 1), appRoleId: user(CAIRO, 2) })).status).toBe(400);
  expect((await post({ principalId: user(CAIRO, 1) })).status).toBe(201);
  const duplicate = await post({ principalId: user(CAIRO, 1) });
  expect(duplicate.status).toBe(409);
  expect((await em.call(CAIRO, "POST", `${c.sync}/jobs`, { templateId: "Azure2Azure" })).status).toBe(409);
  expect((await em.call(CAIRO, "POST", `/applicationTemplates/00000000-0000-4000-8000-000000000000/instantiate`, { displayName: "x" })).status).toBe(404);
  expect((await em.call(CAIRO, "PUT", `${c.sync}/secrets`, { value: [{ key: "NoSuchKey", value: "1" }] })).status).toBe(400);
});

test("faults apply to the synchronization routes like the others", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  em.emulator.setFaults({
    seed: 1,
    rules: [{ kind: "throttle", match: "^POST /servicePrincipals/[^/]+/synchronization/jobs/.+/start$", rate: 1, times: 1, retryAfterSeconds: 2 }],
  });
  const throttled = await em.call(CAIRO, "POST", `${c.job}/start`);
  expect(throttled.status).toBe(429);
  expect((await getJob(em, CAIRO, c)).schedule.state).toBe("Disabled"); // not carried out
  expect((await em.call(CAIRO, "POST", `${c.job}/start`)).status).toBe(204);
  expect((await getJob(em, CAIRO, c)).schedule.state).toBe("Active");
});

test("state survives a restart: a pending cycle runs after it", async () => {
  await allowSync(em, CAIRO, BERLIN);
  const c = await configure(em, CAIRO, BERLIN);
  await assign(em, CAIRO, c, user(CAIRO, 1));
  await em.call(CAIRO, "POST", `${c.job}/start`);
  const dataDir = em.dataDir;
  await em.stop();
  const again = await testEmulator({ dataDir, profile: "fast" });
  try {
    await again.advance(FAST.initialCycle);
    expect((await syncedUsers(again, BERLIN, CAIRO_DOMAIN)).length).toBe(1);
  } finally {
    await again.dispose();
  }
});
