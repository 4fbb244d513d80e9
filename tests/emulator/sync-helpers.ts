// Steps of the documented cross-tenant synchronization procedure, over raw Graph calls, shared by
// the synchronization tests. Each asserts its own status so a failing step names itself.
import { CTS_APPLICATION_TEMPLATE_ID } from "../../contract/sync";
import { builtInId } from "../../emulator/model/directory-seed";
import type { TestEmulator } from "./harness";

export const XTAP = "/policies/crossTenantAccessPolicy/partners";
/** The fast profile's durations (ms): see emulator/model/timing.ts. */
export const FAST = { replication: 300, initialCycle: 500, interval: 1_500, retry: 3_000 };

export const user = (tenantId: string, n: number) => builtInId(tenantId, "user", n);
export const group = (tenantId: string, n: number) => builtInId(tenantId, "group", n);

async function ok(p: Promise<{ status: number; body: any }>, status: number) {
  const r = await p;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Steps 2-3 (target) and 5 (source): each side's partner configuration, auto-redemption and inbound sync. */
export async function allowSync(em: TestEmulator, source: string, target: string, opts: { skip?: "outbound" | "inbound" | "userSync" } = {}) {
  await ok(em.call(target, "POST", XTAP, { tenantId: source }), 201);
  if (opts.skip !== "userSync")
    await ok(em.call(target, "PUT", `${XTAP}/${source}/identitySynchronization`, { displayName: "sync", userSyncInbound: { isSyncAllowed: true } }), 204);
  if (opts.skip !== "inbound") await ok(em.call(target, "PATCH", `${XTAP}/${source}`, { automaticUserConsentSettings: { inboundAllowed: true } }), 204);
  await ok(em.call(source, "POST", XTAP, { tenantId: target }), 201);
  if (opts.skip !== "outbound") await ok(em.call(source, "PATCH", `${XTAP}/${target}`, { automaticUserConsentSettings: { outboundAllowed: true } }), 204);
}

export interface Configuration {
  spId: string;
  appId: string;
  appRoleId: string;
  jobId: string;
  /** `/servicePrincipals/{spId}/synchronization`. */
  sync: string;
  /** `/servicePrincipals/{spId}/synchronization/jobs/{jobId}`. */
  job: string;
}

/** Steps 6-9: instantiate (and wait out replication), a job, and the secrets naming the target. */
export async function configure(em: TestEmulator, source: string, target: string, name = "Berlin sync", secrets: Record<string, string> = {}): Promise<Configuration> {
  const created = await ok(em.call(source, "POST", `/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`, { displayName: name }), 201);
  await em.advance(FAST.replication);
  const spId = created.servicePrincipal.id;
  const sync = `/servicePrincipals/${spId}/synchronization`;
  const job = await ok(em.call(source, "POST", `${sync}/jobs`, { templateId: "Azure2Azure" }), 201);
  const value = Object.entries({ AuthenticationType: "SyncPolicy", CompanyId: target, SyncAll: "false", ...secrets }).map(([key, v]) => ({ key, value: v }));
  await ok(em.call(source, "PUT", `${sync}/secrets`, { value }), 204);
  return { spId, appId: created.application.id, appRoleId: created.servicePrincipal.appRoles[0].id, jobId: job.id, sync, job: `${sync}/jobs/${job.id}` };
}

/** Step 10: assigns a user or group to the configuration; returns the assignment id. */
export async function assign(em: TestEmulator, source: string, c: Configuration, principalId: string): Promise<string> {
  const body = await ok(em.call(source, "POST", `/servicePrincipals/${c.spId}/appRoleAssignedTo`, { principalId, resourceId: c.spId, appRoleId: c.appRoleId }), 201);
  return body.id;
}

/** Users the configurations from `source` created in `target`: matched on the UPN's source domain. */
export async function syncedUsers(em: TestEmulator, target: string, sourceDomain: string): Promise<any[]> {
  const body = await ok(em.call(target, "GET", "/users?$filter=creationType eq 'Invitation' and externalUserState eq 'Accepted'"), 200);
  return body.value.filter((u: { userPrincipalName: string }) => u.userPrincipalName.includes(`_${sourceDomain}#EXT#@`));
}

export async function getJob(em: TestEmulator, source: string, c: Configuration) {
  return ok(em.call(source, "GET", c.job), 200);
}
