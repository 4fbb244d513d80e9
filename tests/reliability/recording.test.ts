// Recordings (ENTRA_MTO_RECORD): every Graph and identity exchange the provider makes is written,
// and no secret survives in it, whatever the credential type: client secret, certificate,
// workload identity token file, GitHub OIDC, Azure Pipelines. The same scanner as the end-to-end
// secret checks reads every file; with pseudonyms, no tenant id or name of the world is left.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REDACTED, type RecordedExchange } from "../../contract/recording";
import { CTS_APPLICATION_TEMPLATE_ID } from "../../contract/sync";
import { Pseudonyms } from "../../provider/recording/pseudonyms";
import { readRecording } from "../../emulator/replay/read";
import { organizationHandler } from "../../provider/resources/organization/organization";
import { partnerHandler } from "../../provider/resources/trust/partner";
import { SecretScan } from "../e2e/secrets";
import { ADMIN_APP, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "../emulator/harness";
import { DEFAULT_WORLD } from "../../emulator";
import { contextFrom } from "../provider/fixture";
import { selfSignedCertificate } from "../emulator/certificates";

jest.setTimeout(120_000);

const cert = selfSignedCertificate();
const [SPARE1, SPARE2] = DEFAULT_WORLD.tenants.slice(4, 6).map((t) => t.id);
const WORLD = { ...DEFAULT_WORLD, apps: DEFAULT_WORLD.apps.map((a, i) => (i === 0 ? { ...a, certificates: [cert.certPem] } : a)) };
const ENV_KEYS = [
  "ENTRA_MTO_RECORD",
  "ENTRA_MTO_RECORD_PSEUDONYMS",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "SYSTEM_OIDCREQUESTURI",
  "SYSTEM_ACCESSTOKEN",
];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let em: TestEmulator;
let scratch: string;
let federated: string;
beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast", world: WORLD });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-recording-"));
  const minted = await fetch(`${em.url}/_emulator/federation/token`, { method: "POST", body: JSON.stringify({ subject: ADMIN_APP.federated![0].subject }) });
  federated = ((await minted.json()) as { token: string }).token;
  fs.writeFileSync(path.join(scratch, "federated-token"), federated);
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await em?.dispose();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Every credential type the emulator can stand in for, one tenant each. */
function everyCredential(): Record<string, unknown> {
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${em.url}/_emulator/ci/github?subject=${encodeURIComponent(ADMIN_APP.federated![0].subject)}`;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = "runner-request-token-0123456789";
  process.env.SYSTEM_OIDCREQUESTURI = `${em.url}/_emulator/ci/azure-pipelines/${encodeURIComponent(ADMIN_APP.federated![1].subject)}`;
  process.env.SYSTEM_ACCESSTOKEN = "pipeline-access-token-0123456789";
  return {
    cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecret: ADMIN_APP.secrets![0] },
    berlin: { tenantId: BERLIN, auth: "clientCertificate", clientId: ADMIN_APP.clientId, certificatePem: cert.keyPem + cert.certPem },
    denver: { tenantId: DENVER, auth: "workloadIdentity", clientId: ADMIN_APP.clientId, tokenFilePath: path.join(scratch, "federated-token") },
    spare1: { tenantId: SPARE1, auth: "githubOidc", clientId: ADMIN_APP.clientId },
    spare2: { tenantId: SPARE2, auth: "azurePipelines", clientId: ADMIN_APP.clientId, serviceConnectionId: "mto-connection" },
  };
}

/** Creates an organization in every tenant and a partner configuration in Cairo, recording into `folder`. */
async function recordInto(folder: string, pseudonyms = false): Promise<void> {
  process.env.ENTRA_MTO_RECORD = folder;
  if (pseudonyms) process.env.ENTRA_MTO_RECORD_PSEUDONYMS = "1";
  else delete process.env.ENTRA_MTO_RECORD_PSEUDONYMS;
  try {
    const tenants = everyCredential();
    const ctx = contextFrom({ "entra-mto:tenants": JSON.stringify(tenants), "entra-mto:graphEndpoint": em.url, "entra-mto:authorityHost": em.url });
    const org = organizationHandler(ctx);
    for (const alias of Object.keys(tenants)) await org.create({ tenant: alias, displayName: `Org of ${alias}`, wait: "accepted" });
    await partnerHandler(ctx).create({ tenant: "cairo", partnerTenantId: BERLIN, inboundTrust: { isMfaAccepted: true } } as never);
  } finally {
    delete process.env.ENTRA_MTO_RECORD;
    delete process.env.ENTRA_MTO_RECORD_PSEUDONYMS;
  }
}

const filesIn = (folder: string) => fs.readdirSync(folder).filter((f) => f.endsWith(".jsonl"));
const exchangesIn = (folder: string): RecordedExchange[] =>
  filesIn(folder).flatMap((f) =>
    fs
      .readFileSync(path.join(folder, f), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l) as RecordedExchange),
  );

test("every exchange is recorded and no secret survives, for every credential type", async () => {
  const folder = path.join(scratch, "plain");
  await recordInto(folder);
  const exchanges = exchangesIn(folder);
  const tokenRequests = exchanges.filter((e) => e.channel === "identity" && e.path.split("?")[0].endsWith("/oauth2/v2.0/token"));
  // One token per tenant: each credential's request is in the recording, its proof of identity removed.
  expect(new Set(tokenRequests.map((e) => e.tenant))).toEqual(new Set(["cairo", "berlin", "denver", "spare1", "spare2"]));
  const body = (alias: string) => tokenRequests.find((e) => e.tenant === alias)!.requestBody as Record<string, string>;
  expect(body("cairo").client_secret).toBe(REDACTED);
  for (const alias of ["berlin", "denver", "spare1", "spare2"]) expect(body(alias).client_assertion).toBe(REDACTED);
  for (const e of tokenRequests) expect((e.responseBody as Record<string, unknown>).access_token).toBe(REDACTED);
  // The Graph calls, with their answers, and no header that authorizes.
  const graph = exchanges.filter((e) => e.channel === "graph");
  expect(graph.some((e) => e.method === "PUT" && e.path === "/v1.0/tenantRelationships/multiTenantOrganization" && e.status === 201)).toBe(true);
  expect(graph.some((e) => e.method === "POST" && e.path === "/v1.0/policies/crossTenantAccessPolicy/partners" && e.status === 201)).toBe(true);
  for (const e of exchanges) expect(Object.keys({ ...e.requestHeaders, ...e.responseHeaders })).not.toContain("authorization");

  const scan = new SecretScan(em).add("client secret", ADMIN_APP.secrets![0]).add("certificate key", cert.keyPem).add("federated token", federated);
  scan.add("GitHub request token", process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN).add("pipeline access token", process.env.SYSTEM_ACCESSTOKEN);
  for (const f of filesIn(folder)) scan.record(f, fs.readFileSync(path.join(folder, f), "utf8"));
  scan.assertClean();
  // And the replay's own check reads it as a recording with no secret in it.
  expect(readRecording(folder).exchanges.length).toBe(exchanges.length);
});

test("with pseudonyms, no tenant id or name of the world is left, and one id keeps one pseudonym across the folder's files", async () => {
  const folder = path.join(scratch, "pseudonyms");
  await recordInto(folder, true);
  await recordInto(folder, true);
  expect(filesIn(folder)).toHaveLength(2);
  const text = filesIn(folder)
    .map((f) => fs.readFileSync(path.join(folder, f), "utf8"))
    .join("\n");
  for (const id of [CAIRO, BERLIN, DENVER, SPARE1, SPARE2]) expect(text.toLowerCase()).not.toContain(id);
  for (const name of ["Org of cairo", "cairo.onmicrosoft.com"]) expect(text).not.toContain(name);
  const recording = readRecording(folder);
  const [first, second] = recording.headers.map((h) => h.tenants.find((t) => t.alias === "cairo")!.tenantId);
  expect(first).toBe(second);
  expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  // The key that makes them stays beside the recording, not in it.
  expect(fs.readdirSync(folder)).toContain(".pseudonym-key");
});

test("pseudonyms reach ids written without dashes (a synchronization job's id) and keep the ids every tenant shares", () => {
  const names = new Pseudonyms(Buffer.alloc(32, 7));
  const bare = CAIRO.replace(/-/g, "");
  const job = `Azure2Azure.${bare}.${BERLIN}`;
  const replaced = names.ids(job);
  expect(replaced).toMatch(/^Azure2Azure\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
  expect(replaced).not.toContain(bare);
  expect(replaced).not.toContain(BERLIN);
  // The same tenant, dashed or not, gets the same pseudonym.
  expect(replaced.split(".")[1]).toBe(names.id(CAIRO).replace(/-/g, ""));
  expect(names.ids(`/applicationTemplates/${CTS_APPLICATION_TEMPLATE_ID}/instantiate`)).toContain(CTS_APPLICATION_TEMPLATE_ID);
});
