// People across the organization through the real engine (examples/people): Cairo's configuration
// made by hand in the admin center's name is adopted, a group of Cairo's people arrives in Berlin,
// a scope change brings one more, a job paused by hand is drift on `enabled` and repaired, a
// quarantine after Berlin revokes inbound synchronization is reported with its reason and lifted by
// `up --refresh`, and removing the configuration leaves the people Berlin already has.
import { previewDrift } from "../../cli/drift/preview";
import { CTS_APPLICATION_TEMPLATE_ID, type SynchronizationJob, type User, adminCenterConfigurationName } from "../../contract/sync";
import { builtInId } from "../../emulator/model/directory-seed";
import { BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { emulatorStack } from "./emulator-stack";

jest.setTimeout(600_000);
const XTAP = "/policies/crossTenantAccessPolicy";
const PILOTS = builtInId(CAIRO, "group", 1); // three of Cairo's people
const FOURTH = builtInId(CAIRO, "user", 4);
let em: TestEmulator;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());

const cairo = () => em.graph(CAIRO);
/** Berlin's users that came from Cairo: external (`#EXT#` names) and named as Cairo's own people. */
async function arrived(): Promise<User[]> {
  const cairoNames = new Set(((await cairo().api("/users").get()).value as User[]).filter((u) => u.userType === "Member").map((u) => u.displayName));
  return ((await em.graph(BERLIN).api("/users").get()).value as User[]).filter((u) => u.userPrincipalName.includes("#EXT#") && cairoNames.has(u.displayName));
}
const configurations = async () => (await cairo().api("/servicePrincipals").filter(`applicationTemplateId eq '${CTS_APPLICATION_TEMPLATE_ID}'`).get()).value as { id: string }[];
const jobOf = async (spId: string) => ((await cairo().api(`/servicePrincipals/${spId}/synchronization/jobs`).get()).value as SynchronizationJob[])[0];
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("adopt, synchronize, change scope, repair a pause and a quarantine, remove: users stay", async () => {
  const engine = await emulatorStack(
    em,
    "people",
    { cairo: CAIRO, berlin: BERLIN },
    {
      config: { scope: { value: JSON.stringify({ groups: [PILOTS] }) }, wait: { value: "synchronized" } },
    },
  );
  const { stack, scan } = engine;
  try {
    // Someone started in the Microsoft 365 admin center: a configuration toward Berlin, nothing more.
    const made = await cairo()
      .api(`/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`)
      .post({ displayName: adminCenterConfigurationName(BERLIN) });
    const adoptedId = made.servicePrincipal.id as string;

    const up = await stack.up();
    const sync = up.outputs.synchronization.value;
    expect(sync).toMatchObject({ status: "Active", usersSynchronized: 3, adopted: true, servicePrincipalId: adoptedId, quarantine: null });
    expect(sync.lastCycle).toMatch(/^Succeeded at /);
    expect(await configurations()).toHaveLength(1);
    const people = await arrived();
    const pilots = ((await cairo().api(`/groups/${PILOTS}/members`).get()).value as User[]).map((u) => u.displayName).sort();
    expect(people.map((u) => u.displayName).sort()).toEqual(pilots);
    expect(pilots).toHaveLength(3);
    expect(people.every((u) => u.userType === "Member")).toBe(true);
    // The order the connection test needs was written: redemption both ways, Berlin's sync policy.
    expect((await cairo().api(`${XTAP}/partners/${BERLIN}`).get()).automaticUserConsentSettings).toMatchObject({ outboundAllowed: true });
    expect((await em.graph(BERLIN).api(`${XTAP}/partners/${CAIRO}`).get()).automaticUserConsentSettings).toMatchObject({ inboundAllowed: true });
    await stack.preview({ expectNoChanges: true });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // One more person in scope: updated in place, and they arrive.
    await stack.setConfig("scope", { value: JSON.stringify({ groups: [PILOTS], users: [FOURTH] }) });
    const widened = await stack.up();
    expect(widened.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(widened.outputs.synchronization.value.usersSynchronized).toBe(4);
    expect(await arrived()).toHaveLength(4);

    // Paused by hand: drift on exactly `enabled`; up --refresh starts it again.
    await cairo()
      .api(`/servicePrincipals/${adoptedId}/synchronization/jobs/${encodeURIComponent((await jobOf(adoptedId)).id)}/pause`)
      .post({});
    const paused = await previewDrift(stack);
    expect(paused.map((d) => [d.name, d.properties.map((p) => `${p.path}: ${JSON.stringify(p.declared)} -> ${JSON.stringify(p.live)}`)])).toEqual([
      ["people-cairo-people-into-berlin", ["enabled: undefined -> false"]],
    ]);
    await stack.up({ refresh: true });
    expect((await jobOf(adoptedId)).schedule.state).toBe("Active");

    // Berlin revokes inbound synchronization: the next cycle quarantines the job.
    await em
      .graph(BERLIN)
      .api(`${XTAP}/partners/${CAIRO}/identitySynchronization`)
      .patch({ userSyncInbound: { isSyncAllowed: false } });
    await until(
      "the job's quarantine",
      () => jobOf(adoptedId),
      (j) => j.status.code === "Quarantine",
    );
    const held = await previewDrift(stack);
    const quarantine = held.find((d) => d.type.endsWith(":CrossTenantSynchronization"))!.properties.find((p) => p.path === "quarantine")!;
    expect(quarantine.live).toMatch(/^EncounteredQuarantineException since \S+, next attempt \S+ \(AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure: /);
    expect(held.find((d) => d.type.endsWith(":CrossTenantIdentitySync"))!.properties.map((p) => p.path)).toEqual(["userSyncInbound.isSyncAllowed"]);
    // up --refresh restores the policy first, then starts the job (start clears the quarantine).
    const repaired = await stack.up({ refresh: true });
    expect(repaired.outputs.synchronization.value).toMatchObject({ status: "Active", quarantine: null });

    // Remove the configuration (keep allowing synchronization): the people Berlin has stay.
    await stack.setConfig("synchronize", { value: "false" });
    await stack.up();
    expect(await configurations()).toHaveLength(0);
    expect(await arrived()).toHaveLength(4);
    await scan.recordState(stack);
    await stack.destroy();
    expect(scan.assertClean().tokens).toBeGreaterThan(0);
  } finally {
    await engine.dispose();
  }
});
