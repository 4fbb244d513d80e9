// Acceptance: the walkthrough topology's whole life (up, a clean refresh, destroy) against the
// emulator in every `npm test`, or, opt-in, against real Microsoft Graph and real tenants:
//   ENTRA_MTO_ACCEPTANCE_TENANTS  the value of entra-mto:tenants: at least two aliases with their
//                                 tenant ids and app registrations (secrets by *Env variables)
//   ENTRA_MTO_ACCEPTANCE_OWNER    the alias that creates and owns the organization (default: first)
// Each app needs, in its tenant with admin consent: MultiTenantOrganization.ReadWrite.All,
// Policy.Read.All, Policy.ReadWrite.CrossTenantAccess, CrossTenantInformation.ReadBasic.All. The run
// creates an organization with every tenant, their templates and partner configurations, and
// removes all of it; the tenants must not belong to an organization already. Real joins take
// minutes to hours: the timeout is 4 hours.
// Every run records what Graph answered (docs/recording.md): into ENTRA_MTO_RECORD if set (`off`
// records nothing), else recordings/acceptance-<time>/ in the clone for real tenants, or a
// temporary folder for the emulator, whose recording is then replayed against a fresh emulator
// and must agree with it exactly.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readRecording } from "../../emulator/replay/read";
import { replayRecording } from "../../emulator/replay/replay";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { newEngineStack } from "./engine";

const real = process.env.ENTRA_MTO_ACCEPTANCE_TENANTS;
jest.setTimeout(real ? 4 * 3_600_000 : 300_000);
const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
let em: TestEmulator | undefined;
/** Where this run records; a temporary one (emulator runs) is removed at the end. */
const recording = ((): { folder?: string; temporary: boolean } => {
  const asked = process.env.ENTRA_MTO_RECORD;
  if (asked === "off") return { temporary: false };
  if (asked) return { folder: path.resolve(asked), temporary: false };
  if (real) return { folder: path.join(repoRoot, "recordings", `acceptance-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`), temporary: false };
  return { folder: path.join(os.tmpdir(), `entra-mto-acceptance-recording-${process.pid}`), temporary: true };
})();
beforeAll(async () => {
  if (!real) em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => {
  await em?.dispose();
  if (recording.temporary && recording.folder) fs.rmSync(recording.folder, { recursive: true, force: true });
});

/** entra-mto:tenants and the environment of the run: real tenants, or the emulator's. */
function target(): { tenants: Record<string, { tenantId: string }>; owner: string; config: Record<string, string>; env: Record<string, string> } {
  if (real) {
    const tenants = JSON.parse(real) as Record<string, { tenantId: string }>;
    const owner = process.env.ENTRA_MTO_ACCEPTANCE_OWNER ?? Object.keys(tenants)[0];
    return { tenants, owner, config: {}, env: {} };
  }
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  return {
    tenants: { cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) },
    owner: "cairo",
    config: { "entra-mto:graphEndpoint": em!.url, "entra-mto:authorityHost": em!.url },
    env: { NODE_EXTRA_CA_CERTS: em!.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", [SECRET_ENV]: ADMIN_APP.secrets![0] },
  };
}

test(`the walkthrough topology's whole life against ${real ? "real tenants" : "the emulator"}`, async () => {
  const t = target();
  const record: Record<string, string> = recording.folder ? { ENTRA_MTO_RECORD: recording.folder } : {};
  const engine = await newEngineStack({ workDir: path.join(repoRoot, "examples", "walkthrough"), extraEnv: { ...t.env, ...record } });
  const { stack } = engine;
  const members = Object.fromEntries(
    Object.keys(t.tenants)
      .filter((a) => a !== t.owner)
      .map((a) => [a, { displayName: a }]),
  );
  try {
    await stack.setAllConfig({
      "entra-mto:tenants": { value: JSON.stringify(t.tenants), secret: true },
      ...Object.fromEntries(Object.entries(t.config).map(([k, value]) => [k, { value }])),
      owner: { value: t.owner },
      ownerName: { value: t.owner },
      members: { value: JSON.stringify(members) },
    });
    const up = await stack.up();
    const states = up.outputs.tenantStates.value as Record<string, { state: string }>;
    expect(Object.keys(states).sort()).toEqual(Object.keys(t.tenants).sort());
    for (const s of Object.values(states)) expect(s.state).toBe("active");
    await stack.preview({ refresh: true, expectNoChanges: true });
    await stack.destroy();
    expect((await stack.exportStack()).deployment.resources ?? []).toEqual([]);
  } finally {
    await engine.dispose();
  }
  if (real && recording.folder) console.log(`recorded into ${recording.folder}: check it with \`npx entra-mto-emulator check ${recording.folder}\``);
  if (!real && recording.folder) {
    // The emulator's own recording, replayed against a fresh emulator of the same profile: no difference.
    const report = await replayRecording(readRecording(recording.folder), { profile: "fast" });
    expect(report.differences).toEqual([]);
    expect(report.replayed).toBeGreaterThan(50);
  }
});
