// The topology through the real engine (examples/walkthrough) on an emulator whose organizations
// may have 3 active tenants: from nothing to active and trusted in one `up`; then adding a tenant,
// promoting one, swapping one for another at the limit, and removing one, each in exactly one `up`
// with only the Graph writes it needs and a clean refresh afterwards; a join Graph refuses fails
// the `up` at once and the fixed program converges; `destroy` leaves nothing behind.
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_WORLD } from "../../emulator";
import { ATHENS, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "../emulator/harness";
import { emulatorStack } from "./emulator-stack";

jest.setTimeout(900_000);
const OVERSIZE = DEFAULT_WORLD.tenants.find((t) => t.displayName === "Oversize")!.id;
const MTO = "/tenantRelationships/multiTenantOrganization";
const XTAP = "/policies/crossTenantAccessPolicy";
let em: TestEmulator;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast", world: { ...DEFAULT_WORLD, limits: { maxActiveTenants: 3 } } });
});
afterAll(async () => em?.dispose());

/** The Graph writes the emulator served since the last call, as sorted "METHOD route" lines. */
function writes(): string[] {
  const lines = em.emulator.log.filter((e) => e.method !== "GET" && /^\/(tenantRelationships|policies)\//.test(e.path)).map((e) => e.route);
  em.emulator.clearLog();
  return lines.sort();
}

type Members = Record<string, { displayName: string; role?: string }>;
const trust = { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true } };

/**
 * The two ways to declare the same organization: the TypeScript walkthrough (its `members`
 * setting), and the package's own program reading the whole topology from configuration.
 */
const PROGRAMS: [string, string, (stack: Stack, members: Members) => Promise<void>][] = [
  ["the TypeScript walkthrough", "walkthrough", (stack, value) => stack.setConfig("members", { value: JSON.stringify(value) })],
  [
    "an organization declared in configuration alone",
    "configuration",
    (stack, value) => {
      const tenants: Record<string, object> = { cairo: { displayName: "Cairo" }, ...value };
      if (tenants.berlin) tenants.berlin = { ...tenants.berlin, syncUsersFrom: ["cairo"] };
      const topology = {
        displayName: "Cairo",
        description: "Cairo, Berlin and Athens",
        owner: "cairo",
        tenants,
        trust,
        templates: { partner: trust, identitySync: { userSyncInbound: { isSyncAllowed: true } } },
      };
      return stack.setConfig("entra-mto:topology", { value: JSON.stringify(topology) });
    },
  ],
];

const times = (n: number, line: string) => Array.from({ length: n }, () => line);
/** Removing one tenant's trust: in each of the other tenants and in its own, sync first, then the partner. */
const pairRemovals = (pairs: number) => [...times(pairs, `DELETE ${XTAP}/partners/{id}`), ...times(pairs, `DELETE ${XTAP}/partners/{id}/identitySynchronization`)];
const TEMPLATES = `${XTAP}/templates/multiTenantOrganization`;
/** A tenant arriving in the topology gets both templates; a departing one has both reset. */
const templatesSet = [`PATCH ${TEMPLATES}IdentitySynchronization`, `PATCH ${TEMPLATES}PartnerConfiguration`];
const templatesReset = [`POST ${TEMPLATES}IdentitySynchronization/resetToDefaultSettings`, `POST ${TEMPLATES}PartnerConfiguration/resetToDefaultSettings`];

test.each(PROGRAMS)("%s: every ordinary change of the topology takes one up, with only the writes it needs", async (_name, dir, members) => {
  em.emulator.reset();
  // Every output, error (the refused preview, the failed join) and the exported state are scanned.
  const engine = await emulatorStack(
    em,
    dir,
    { cairo: CAIRO, berlin: BERLIN, athens: ATHENS, denver: DENVER, oversize: OVERSIZE },
    {
      pollMaxMs: 300,
      config: { "entra-mto:maxActiveTenants": { value: "3" } },
    },
  );
  const { stack, scan } = engine;

  const clean = () => stack.preview({ refresh: true, expectNoChanges: true });
  try {
    // Checks run at preview, all reported together, before anything is written.
    await members(stack, { berlin: { displayName: "Berlin" }, athens: { displayName: "Athens" }, denver: { displayName: "" }, cairo2: { displayName: "C" } });
    const refused = String(await stack.preview().catch((e: Error) => e));
    expect(refused).toMatch(/tenants.denver.displayName: required/);
    expect(refused).toMatch(/tenants.cairo2: alias 'cairo2' is not configured/);
    expect(refused).toMatch(/tenants: 5 tenants, more than the 3 active tenants/);
    // The problems alone: no stack trace under them.
    expect(refused).not.toMatch(/\n\s+at .*(\.ts|\.js):\d+/);
    expect(refused).not.toMatch(/Unhandled exception/i);
    expect(writes()).toEqual([]);

    // From nothing: Cairo owns, Berlin joins, trust in both directions, Berlin syncs from Cairo.
    await members(stack, { berlin: { displayName: "Berlin" } });
    const first = await stack.up();
    expect(first.outputs.tenantStates.value).toMatchObject({ cairo: { role: "owner", state: "active" }, berlin: { role: "member", state: "active" } });
    expect(await em.graph(BERLIN).api(`${XTAP}/partners/${CAIRO}/identitySynchronization`).get()).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
    expect((await em.graph(CAIRO).api(`${XTAP}/partners/${BERLIN}`).get()).inboundTrust).toMatchObject({ isMfaAccepted: true, isCompliantDeviceAccepted: true });
    await clean();
    writes();

    // Add Athens (now at the limit): the owner adds it, Athens joins; its partners are generated
    // trusting by the templates, so adopting them writes nothing.
    await members(stack, { berlin: { displayName: "Berlin" }, athens: { displayName: "Athens" } });
    await stack.up();
    expect(writes()).toEqual([`PATCH ${MTO}/joinRequest`, `POST ${MTO}/tenants`, ...templatesSet].sort());
    await clean();

    // Promote Berlin.
    await members(stack, { berlin: { displayName: "Berlin", role: "owner" }, athens: { displayName: "Athens" } });
    await stack.up();
    expect(writes()).toEqual([`PATCH ${MTO}/tenants/{id}`]);
    await clean();

    // Swap Athens for Denver at the limit: Athens leaves before Denver joins.
    await members(stack, { berlin: { displayName: "Berlin", role: "owner" }, denver: { displayName: "Denver" } });
    const swapped = await stack.up();
    expect(swapped.outputs.tenantStates.value).toMatchObject({ denver: { state: "active" } });
    expect(swapped.outputs.tenantStates.value).not.toHaveProperty("athens");
    expect(writes()).toEqual([`DELETE ${MTO}/tenants/{id}`, `PATCH ${MTO}/joinRequest`, `POST ${MTO}/tenants`, ...pairRemovals(4), ...templatesSet, ...templatesReset].sort());
    await clean();

    // Remove Denver.
    await members(stack, { berlin: { displayName: "Berlin", role: "owner" } });
    await stack.up();
    expect(writes()).toEqual([`DELETE ${MTO}/tenants/{id}`, ...pairRemovals(4), ...templatesReset].sort());
    await clean();

    // A tenant added by hand is named in the refreshed preview as the departure the next
    // `up --refresh` makes, and that up makes it.
    await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: ATHENS, displayName: "Athens" });
    writes();
    const seen = await stack.preview({ refresh: true });
    expect(seen.stdout).toMatch(new RegExp(`athens \\(Athens, ${ATHENS}\\), added outside this program, will leave the organization at the next \`pulumi up --refresh\``));
    await stack.up({ refresh: true });
    expect(writes()).toEqual([`DELETE ${MTO}/tenants/{id}`]);
    await clean();

    // A new name for a tenant of the organization is refused at preview, with the deliberate way.
    await members(stack, { berlin: { displayName: "Berlin GmbH", role: "owner" } });
    const renamed = String(await stack.preview().catch((e: Error) => e));
    expect(renamed).toMatch(/property members\.berlin\.displayName .*has a problem: Graph cannot rename a tenant of the organization: 'Berlin' would become 'Berlin GmbH'/);
    expect(writes()).toEqual([]);
    await members(stack, { berlin: { displayName: "Berlin", role: "owner" } });

    // A join Graph refuses for a reason resubmitting cannot fix: the up fails at once, naming the
    // tenant and the reason; the fixed program converges.
    await members(stack, { berlin: { displayName: "Berlin", role: "owner" }, oversize: { displayName: "Oversize" } });
    const started = Date.now();
    const failed = await stack.up().catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(String(failed)).toMatch(
      new RegExp(
        `oversize \\(Oversize, ${OVERSIZE}\\): join of oversize \\(Oversize, ${OVERSIZE}\\) into the organization of cairo \\((Cairo, )?${CAIRO}\\) was refused by Graph \\(.*internal users`,
      ),
    );
    await members(stack, { berlin: { displayName: "Berlin", role: "owner" } });
    await stack.up();
    await clean();

    await scan.recordState(stack);
    await stack.destroy();
    expect(scan.assertClean().tokens).toBeGreaterThan(0); // the tokens of the run were there to look for
    expect(em.emulator.state.orgs).toEqual({});
    for (const id of [CAIRO, BERLIN, ATHENS, DENVER]) {
      const g = em.graph(id);
      expect((await g.api(`${XTAP}/partners`).get()).value).toEqual([]);
      expect(await g.api(`${XTAP}/templates/multiTenantOrganizationPartnerConfiguration`).get()).toMatchObject({
        templateApplicationLevel: "newPartners,existingPartners",
        inboundTrust: null,
      });
      expect(await g.api(`${XTAP}/templates/multiTenantOrganizationIdentitySynchronization`).get()).toMatchObject({ userSyncInbound: { isSyncAllowed: null } });
    }
  } finally {
    await engine.dispose();
  }
});
