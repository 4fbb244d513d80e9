// The drift report end to end: a real stack of the walkthrough, the real engine, the emulator, and
// the command as users run it (a separate process, the stack's own credentials). Exit code 0 and a
// clean report on a converged stack; 2 after out-of-band edits made through Graph, naming each
// property with its declared and live value in all three formats, and the trust nobody declared;
// 1 when the check itself cannot run.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { CTS_APPLICATION_TEMPLATE_ID } from "../../contract/sync";
import { DEFAULT_WORLD } from "../../emulator";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { type EngineStack, newEngineStack } from "../e2e/engine";

jest.setTimeout(300_000);
const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
const SPARE = DEFAULT_WORLD.tenants.find((t) => t.displayName === "Spare 1")!.id;
const XTAP = "/policies/crossTenantAccessPolicy";
const MTO = "/tenantRelationships/multiTenantOrganization";
const workDir = path.join(repoRoot, "examples", "walkthrough");
let em: TestEmulator;
let engine: EngineStack;

beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
  engine = await newEngineStack({
    workDir,
    extraEnv: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300", [SECRET_ENV]: ADMIN_APP.secrets![0] },
  });
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  await engine.stack.setAllConfig({
    "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) }) },
    "entra-mto:graphEndpoint": { value: em.url },
    "entra-mto:authorityHost": { value: em.url },
  });
  await engine.stack.up();
});
afterAll(async () => {
  await engine?.dispose();
  await em?.dispose();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `entra-mto-drift` as a pipeline runs it: the stack's environment, nothing else shared. */
async function drift(...args: string[]): Promise<Run> {
  const env = { ...process.env, ...engine.stack.workspace.envVars };
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(repoRoot, "node_modules", ".bin", "entra-mto-drift"), args, { env, cwd: workDir });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const stackArgs = () => ["--stack", engine.stack.name];

test("a converged stack: no drift in any format, exit 0", async () => {
  const text = await drift(...stackArgs());
  expect(text).toMatchObject({ code: 0, stderr: "" });
  expect(text.stdout).toMatch(/^No drift in stack e2e-/);
  const md = await drift(...stackArgs(), "--format", "markdown");
  expect(md.code).toBe(0);
  expect(md.stdout).toMatch(/^### Entra MTO drift: .*\n\n✅ No drift/);
  const json = await drift(...stackArgs(), "--format", "json", "--cwd", workDir);
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual({ stack: engine.stack.name, drift: false, resources: [], undeclared: [] });
});

test("out-of-band edits through Graph: each property with declared and live value, undeclared trust listed, exit 2", async () => {
  // An administrator of Athens stops accepting MFA from Cairo; Cairo promotes Berlin to owner; and
  // Cairo trusts a tenant nobody declared, syncing its users in.
  await em
    .graph(ATHENS)
    .api(`${XTAP}/partners/${CAIRO}`)
    .patch({ inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true } });
  await em.graph(CAIRO).api(`${MTO}/tenants/${BERLIN}`).patch({ role: "owner" });
  await em
    .graph(CAIRO)
    .api(`${XTAP}/partners`)
    .post({ tenantId: SPARE, inboundTrust: { isMfaAccepted: true } });
  await em
    .graph(CAIRO)
    .api(`${XTAP}/partners/${SPARE}/identitySynchronization`)
    .put({ userSyncInbound: { isSyncAllowed: true } });
  // And a synchronization configuration in Cairo toward it (saving its secrets waits out replication).
  const made = await em.graph(CAIRO).api(`/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`).post({ displayName: "To Spare" });
  const spId = made.servicePrincipal.id as string;
  for (let i = 0; ; i++) {
    try {
      await em
        .graph(CAIRO)
        .api(`/servicePrincipals/${spId}/synchronization/secrets`)
        .put({ value: [{ key: "CompanyId", value: SPARE }] });
      break;
    } catch (err) {
      if (i > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const text = await drift(...stackArgs());
  expect(text.code).toBe(2);
  expect(text.stdout).toMatch(/^Drift in stack .*: 2 resource\(s\) differ from Graph, 3 undeclared object\(s\) in Graph\./);
  expect(text.stdout).toMatch(
    /entra-mto:CrossTenantAccessPartner seed-athens-trusts-cairo: `pulumi up --refresh` sets it back\n {2}inboundTrust\.isMfaAccepted: declared true, live false\n/,
  );
  expect(text.stdout).toMatch(/entra-mto:MultiTenantOrganizationMembership .*\n {2}members\.berlin\.role: declared "member", live "owner"\n/);
  expect(text.stdout).toContain(`cairo: partner configuration toward ${SPARE}: accepts MFA; allows users in (synchronization)`);
  expect(text.stdout).toContain(`cairo: user synchronization policy toward ${SPARE}: users may be synchronized in from it`);
  expect(text.stdout).toContain(`cairo: synchronization configuration toward ${SPARE}: synchronizes users into it: 'To Spare': no job yet`);

  const md = await drift(...stackArgs(), "--format", "markdown");
  expect(md.code).toBe(2);
  expect(md.stdout).toContain(
    "| `seed-athens-trusts-cairo` (entra-mto:CrossTenantAccessPartner): `pulumi up --refresh` sets it back | `inboundTrust.isMfaAccepted` | `true` | `false` |",
  );
  expect(md.stdout).toContain(`| cairo | partner configuration | ${SPARE} | accepts MFA; allows users in (synchronization) |`);

  const json = JSON.parse((await drift(...stackArgs(), "--format", "json")).stdout);
  expect(json.drift).toBe(true);
  const partner = json.resources.find((r: { name: string }) => r.name === "seed-athens-trusts-cairo");
  expect(partner).toMatchObject({
    type: "entra-mto:CrossTenantAccessPartner",
    change: "update",
    properties: [{ path: "inboundTrust.isMfaAccepted", declared: true, live: false }],
  });
  expect(json.undeclared).toEqual([
    { kind: "configuration", in: "cairo", tenantId: SPARE, detail: "synchronizes users into it: 'To Spare': no job yet" },
    { kind: "partner", in: "cairo", tenantId: SPARE, detail: "accepts MFA; allows users in (synchronization)" },
    { kind: "userSync", in: "cairo", tenantId: SPARE, detail: "users may be synchronized in from it" },
  ]);
  expect(JSON.stringify(json)).not.toContain(ADMIN_APP.secrets![0]);

  // `pulumi up --refresh` sets the declared properties back; the undeclared partner stays until
  // someone removes it, and with it the report is clean again.
  await engine.stack.up({ refresh: true });
  const afterUp = JSON.parse((await drift(...stackArgs(), "--format", "json")).stdout);
  expect(afterUp.resources).toEqual([]);
  expect(afterUp.undeclared).toHaveLength(3);
  await em.graph(CAIRO).api(`/applications/${made.application.id}`).delete();
  await em.graph(CAIRO).api(`${XTAP}/partners/${SPARE}/identitySynchronization`).delete();
  await em.graph(CAIRO).api(`${XTAP}/partners/${SPARE}`).delete();
  expect((await drift(...stackArgs())).code).toBe(0);
});

test("a check that cannot run exits 1 with the reason, never a report", async () => {
  const missing = await drift("--stack", "no-such-stack");
  expect(missing.code).toBe(1);
  expect(missing.stdout).toBe("");
  expect(missing.stderr).toMatch(/^entra-mto-drift: cannot open stack 'no-such-stack' of the project in .*walkthrough: /);
  const format = await drift(...stackArgs(), "--format", "html");
  expect(format.code).toBe(1);
  expect(format.stderr).toMatch(/argument 'html' is invalid.*text, markdown, json/);
  // Graph refusing the stack's credentials is an error, not "no drift".
  const env = engine.stack.workspace.envVars;
  const secret = env[SECRET_ENV];
  env[SECRET_ENV] = "not-the-secret-of-the-app";
  try {
    const refused = await drift(...stackArgs(), "--no-undeclared");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    // Each failure once, on one line, with what was being read and what to do; no stack traces.
    expect(refused.stderr).toMatch(/^entra-mto-drift: the refresh preview of stack e2e-.* failed:\n/);
    // Reads run concurrently, so a tenant's display name appears in the label only once some read
    // has learned it; the alias and the tenant id are always there.
    expect(refused.stderr).toMatch(
      /\n {2}reading the partner configuration for athens \((Athens, )?[0-9a-f-]{36}\) in cairo \((Cairo, )?[0-9a-f-]{36}\): .*The client secret is wrong or expired: put the secret's value/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at |GraphRequestError/);
    const lines = refused.stderr.trim().split("\n").slice(1);
    expect(new Set(lines).size).toBe(lines.length);
  } finally {
    env[SECRET_ENV] = secret;
  }
});
