// The manual procedure as a baseline (issue #12): the documented steps ("Configure a multitenant
// organization using the Microsoft Graph API", seeds/001) scripted with the Microsoft Graph client,
// with the documented fixed waits, reaching the walkthrough's organization: Cairo creates it and
// adds Berlin and Athens; wait a minimum of 2 hours between creation and joining; each member joins;
// wait up to 4 hours for the joins; then each tenant trusts the others and Berlin allows user sync
// from Cairo. Same profile and time scale as the convergence bench, whose `pulumi up` it is set
// beside (its run is reused: convergenceRun). The waits are fixed, so they are not slept: the
// emulator runs on its manual clock, moved by each wait, and the procedure's wall time is the time
// its calls took plus its waits.
import { ClientSecretCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type BenchEmulator, benchEmulator, callsByRoute, isGraphCall, seconds } from "./harness";
import { convergenceRun, convergenceScale } from "./convergence";
import type { Bench } from "./result";
import type { RequestLogEntry } from "../emulator/emulator";

const HOUR = 3_600_000;
const MTO = "/tenantRelationships/multiTenantOrganization";
const PARTNERS = "/policies/crossTenantAccessPolicy/partners";
const TRUST = {
  inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
  automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
};

function sdk(em: BenchEmulator, tenantId: string): Client {
  const credential = new ClientSecretCredential(tenantId, ADMIN_APP.clientId, ADMIN_APP.secrets![0], { authorityHost: em.url, disableInstanceDiscovery: true });
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ["https://graph.microsoft.com/.default"] }),
    baseUrl: em.url,
    customHosts: new Set([new URL(em.url).hostname]),
  });
}

interface ManualRun {
  wallMs: number;
  waitsMs: number;
  log: RequestLogEntry[];
}

async function manualProcedure(scale: number): Promise<ManualRun> {
  const em = await benchEmulator({ profile: "realistic", timeScale: scale, manualClock: true });
  try {
    const [cairo, berlin, athens] = [CAIRO, BERLIN, ATHENS].map((t) => sdk(em, t));
    let waitsMs = 0;
    const wait = (hours: number) => {
      waitsMs += hours * HOUR * scale;
      em.emulator.advance(hours * HOUR * scale);
    };
    const started = Date.now();
    // Owner: create, check, add the members, check.
    await cairo.api(MTO).put({ displayName: "Cairo", description: "Cairo, Berlin and Athens" });
    await cairo.api(MTO).get();
    await cairo.api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
    await cairo.api(`${MTO}/tenants`).post({ tenantId: ATHENS, displayName: "Athens" });
    await cairo.api(`${MTO}/tenants`).get();
    wait(2); // "wait a minimum of 2 hours between creation and joining"
    for (const member of [berlin, athens]) {
      await member.api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
      await member.api(`${MTO}/joinRequest`).get();
    }
    wait(4); // "wait up to 4 hours before joining a multitenant organization is completed"
    for (const [name, member] of [
      ["Berlin", berlin],
      ["Athens", athens],
    ] as const) {
      const jr = await member.api(`${MTO}/joinRequest`).get();
      if (jr.memberState !== "active") throw new Error(`manual procedure: ${name} has not joined after the documented waits (${JSON.stringify(jr.transitionDetails)})`);
    }
    await cairo.api(`${MTO}/tenants`).get();
    // Trust: every tenant toward the two others; Berlin accepts users synchronized from Cairo.
    const tenants = [
      [CAIRO, cairo],
      [BERLIN, berlin],
      [ATHENS, athens],
    ] as const;
    for (const [self, client] of tenants) {
      for (const [other] of tenants) if (other !== self) await client.api(`${PARTNERS}/${other}`).patch(TRUST);
    }
    await berlin.api(`${PARTNERS}/${CAIRO}/identitySynchronization`).put({ userSyncInbound: { isSyncAllowed: true } });
    return { wallMs: Date.now() - started + waitsMs, waitsMs, log: [...em.emulator.log] };
  } finally {
    await em.dispose();
  }
}

/** Graph calls as writes and reads, and identity calls. */
function kinds(log: RequestLogEntry[]): [number, number, number] {
  const graph = log.filter(isGraphCall);
  const writes = graph.filter((e) => e.method !== "GET").length;
  return [writes, graph.length - writes, log.length - graph.length];
}

export const bench: Bench = async ({ smoke, log }) => {
  const provider = await convergenceRun({ smoke, log });
  const scale = convergenceScale(smoke);
  log(`manual baseline: the documented procedure with its fixed waits, realistic durations × ${scale}`);
  const manual = await manualProcedure(scale);
  const providerMs = provider.upEndedAt - provider.upStartedAt;
  const asGraphHours = (ms: number) => Math.round((ms / scale / HOUR) * 100) / 100;
  const [pw, pr, pi] = kinds(provider.log);
  const [mw, mr, mi] = kinds(manual.log);
  return {
    id: "manual-baseline",
    title: "The provider beside the manual procedure (documented steps and fixed waits)",
    goals: [{ metric: "provider up wall time / manual procedure wall time", value: Math.round((providerMs / manual.wallMs) * 1000) / 1000, limit: 1, kind: "max", unit: "×" }],
    details: [
      {
        columns: ["figure", "provider (pulumi up)", "manual procedure"],
        rows: [
          ["wall time, s", seconds(providerMs), seconds(manual.wallMs)],
          ["of which fixed waits, s", 0, seconds(manual.waitsMs)],
          ["as on Graph (÷ scale), hours", asGraphHours(providerMs), asGraphHours(manual.wallMs)],
          ["Graph writes", pw, mw],
          ["Graph reads", pr, mr],
          ["identity calls (discovery, tokens)", pi, mi],
        ],
      },
      { columns: ["manual procedure: calls by route", "calls"], rows: callsByRoute(manual.log) },
    ],
    notes: [
      `Both on the realistic profile × ${scale}: creation 3 minutes, joins 1 hour (as on Graph). The manual procedure waits what the documents say (2 hours before joining, 4 hours for the joins) whatever Graph takes; the provider waits for what Graph reports, so its time follows Graph's critical path (bench convergence).`,
      "The manual waits are not slept: the emulator's manual clock is moved by each one. Its wall time is the time its calls took plus the waits.",
      "The provider makes more calls: it polls the status the manual procedure waits out, reads before it writes (so a second run changes nothing), and sets the two templates so joins generate partner settings that already trust.",
    ],
  };
};
