// Trust through the real engine (examples/trust): templates declared in every tenant, then the
// joins, then explicit partner configurations and Berlin's user synchronization. A second `up`
// changes nothing; edits made by hand through Graph show in `preview --refresh` on exactly the
// changed resource and property (none for a reorder); `up --refresh` repairs them; `destroy`
// leaves templates and defaults at Graph's defaults and no user synchronization behind.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { emulatorStack } from "./emulator-stack";

jest.setTimeout(600_000);
const XTAP = "/policies/crossTenantAccessPolicy";
const ENGINEERS = "b0b0b0b0-0000-4000-8000-00000000e001";
let em: TestEmulator;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());

/** The resources a preview would update, each with the top-level inputs that differ. */
function updates(events: EngineEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (!m || m.op !== "update") continue;
    const olds = (m.old?.inputs ?? {}) as Record<string, unknown>;
    const news = (m.new?.inputs ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    out[m.urn.split("::").pop()!] = keys.sort();
  }
  return out;
}

test("templates shape the joins; explicit trust holds; drift is exact; destroy returns every tenant to defaults", async () => {
  // Every output and the exported state are scanned for the secret and the tokens used (the
  // program's own lookupTenant call included).
  const engine = await emulatorStack(em, "trust", { cairo: CAIRO, berlin: BERLIN, athens: ATHENS });
  const { stack, scan } = engine;
  const cairo = em.graph(CAIRO);
  const berlin = em.graph(BERLIN);
  try {
    const up = await stack.up();
    expect(up.outputs.joined.value).toEqual({ berlin: "active", athens: "active" });
    expect(up.outputs.cairoTrustsBerlin.value).toBe(true);
    expect(up.outputs.athensDomain.value).toBe("athens.onmicrosoft.com"); // lookupTenant, in the program
    // The generated configurations carry the templates' values, and the explicit ones on top.
    const cairoToBerlin = await cairo.api(`${XTAP}/partners/${BERLIN}`).get();
    expect(cairoToBerlin).toMatchObject({
      isInMultiTenantOrganization: true,
      inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
    });
    expect(cairoToBerlin.b2bCollaborationInbound.usersAndGroups.targets).toEqual([{ target: ENGINEERS, targetType: "group" }]);
    expect(await em.graph(ATHENS).api(`${XTAP}/partners/${BERLIN}/identitySynchronization`).get()).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
    expect(await berlin.api(`${XTAP}/partners/${CAIRO}/identitySynchronization`).get()).toMatchObject({ displayName: "Cairo", userSyncInbound: { isSyncAllowed: true } });

    // Two consecutive runs never fight: the second changes nothing, with or without a refresh.
    const again = await stack.up();
    expect(Object.keys(again.summary.resourceChanges ?? {})).toEqual(["same"]);
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Hand edits: a template reset, a trust flag flipped, a target list rewritten in another order,
    // a partner's user sync disabled.
    await cairo.api(`${XTAP}/templates/multiTenantOrganizationPartnerConfiguration/resetToDefaultSettings`).post({});
    await cairo.api(`${XTAP}/partners/${ATHENS}`).patch({ inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true } });
    await cairo.api(`${XTAP}/partners/${BERLIN}`).patch({
      b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: [{ target: ENGINEERS.toUpperCase(), targetType: "group" }] }, applications: null },
    });
    await berlin.api(`${XTAP}/partners/${CAIRO}/identitySynchronization`).patch({ userSyncInbound: { isSyncAllowed: false } });
    const events: EngineEvent[] = [];
    const drift = await stack.preview({ refresh: true, onEvent: (e) => events.push(e) });
    expect(drift.changeSummary).toMatchObject({ update: 3 });
    expect(updates(events)).toEqual({
      "cairo-partner-template": ["automaticUserConsentSettings", "inboundTrust"],
      "cairo-trusts-athens": ["inboundTrust"],
      "berlin-syncs-from-cairo": ["userSyncInbound"],
    });
    const repaired = await stack.up({ refresh: true });
    expect(repaired.summary.resourceChanges).toMatchObject({ update: 3 });
    expect((await cairo.api(`${XTAP}/partners/${ATHENS}`).get()).inboundTrust.isMfaAccepted).toBe(true);
    expect((await berlin.api(`${XTAP}/partners/${CAIRO}/identitySynchronization`).get()).userSyncInbound.isSyncAllowed).toBe(true);
    await stack.preview({ refresh: true, expectNoChanges: true });

    await scan.recordState(stack);
    await stack.destroy();
    expect(scan.assertClean().tokens).toBeGreaterThan(0); // the tokens of the run were there to look for
    for (const id of [CAIRO, BERLIN, ATHENS]) {
      const g = em.graph(id);
      expect(await g.api(`${XTAP}/templates/multiTenantOrganizationPartnerConfiguration`).get()).toMatchObject({
        templateApplicationLevel: "newPartners,existingPartners",
        inboundTrust: null,
      });
      expect(await g.api(`${XTAP}/templates/multiTenantOrganizationIdentitySynchronization`).get()).toMatchObject({ userSyncInbound: { isSyncAllowed: null } });
      const partners = (await g.api(`${XTAP}/partners`).expand("identitySynchronization").get()).value;
      expect(partners.filter((p: { identitySynchronization?: unknown }) => p.identitySynchronization)).toEqual([]);
    }
    expect((await cairo.api(`${XTAP}/default`).get()).isServiceDefault).toBe(true);
    expect(em.emulator.state.orgs).toEqual({});
  } finally {
    await engine.dispose();
  }
});
