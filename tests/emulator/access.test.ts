// Identity and authorization: every credential kind the provider supports, Entra-style failures,
// missing permissions and tenant isolation.
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, WorkloadIdentityCredential } from "@azure/identity";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_WORLD, type World } from "../../emulator";
import { ADMIN_APP, AUDITOR_APP, BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";
import { selfSignedCertificate } from "./certificates";

const SCOPE = "https://graph.microsoft.com/.default";
const MTO = "/tenantRelationships/multiTenantOrganization";

const cert = selfSignedCertificate();
const CERT_APP = {
  clientId: "c0c0c0c0-0000-4000-8000-00000000c001",
  displayName: "certificate app",
  certificates: [cert.certPem],
  grants: { [CAIRO]: ["MultiTenantOrganization.Read.All"] },
};
const world: World = { ...DEFAULT_WORLD, apps: [...DEFAULT_WORLD.apps, CERT_APP] };

let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator({ world });
});
afterAll(async () => em?.dispose());

const opts = () => ({ authorityHost: em.url, disableInstanceDiscovery: true });
/** A token from the emulator's own OIDC issuer, as a CI system would hand a pipeline. */
async function federatedToken(subject: string, lifetimeSeconds?: number): Promise<string> {
  const r = await fetch(`${em.url}/_emulator/federation/token`, { method: "POST", body: JSON.stringify({ subject, lifetimeSeconds }) });
  return ((await r.json()) as { token: string }).token;
}
async function claims(token: string) {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
}

test("a client secret yields a signed app token with tid, appid, roles and the Graph audience", async () => {
  const token = await new ClientSecretCredential(CAIRO, ADMIN_APP.clientId, ADMIN_APP.secrets![0], opts()).getToken(SCOPE);
  expect(await claims(token!.token)).toMatchObject({
    tid: CAIRO,
    appid: ADMIN_APP.clientId,
    aud: "https://graph.microsoft.com",
    roles: expect.arrayContaining(["MultiTenantOrganization.ReadWrite.All"]),
  });
});

test("a certificate assertion signed by a registered certificate is accepted", async () => {
  const pemPath = path.join(em.dataDir, "client.pem");
  fs.writeFileSync(pemPath, cert.keyPem + cert.certPem);
  const token = await new ClientCertificateCredential(CAIRO, CERT_APP.clientId, pemPath, opts()).getToken(SCOPE);
  expect((await claims(token!.token)).appid).toBe(CERT_APP.clientId);
});

test("federated assertions work through ClientAssertionCredential and WorkloadIdentityCredential", async () => {
  const subject = ADMIN_APP.federated![0].subject;
  const mint = () => federatedToken(subject);
  const viaCallback = await new ClientAssertionCredential(BERLIN, ADMIN_APP.clientId, mint, opts()).getToken(SCOPE);
  expect((await claims(viaCallback!.token)).tid).toBe(BERLIN);
  const file = path.join(em.dataDir, "federated-token");
  fs.writeFileSync(file, await mint());
  const viaFile = await new WorkloadIdentityCredential({ tenantId: CAIRO, clientId: ADMIN_APP.clientId, tokenFilePath: file, ...opts() }).getToken(SCOPE);
  expect((await claims(viaFile!.token)).tid).toBe(CAIRO);
});

test.each([
  ["wrong secret", () => new ClientSecretCredential(CAIRO, ADMIN_APP.clientId, "not-the-secret", opts()), /AADSTS7000215/],
  ["unknown app", () => new ClientSecretCredential(CAIRO, "ffffffff-0000-4000-8000-000000000000", "x", opts()), /AADSTS700016/],
  ["app not consented in the tenant", () => new ClientCertificateCredential(BERLIN, CERT_APP.clientId, { certificate: cert.keyPem + cert.certPem }, opts()), /AADSTS7000229/],
  ["unknown tenant", () => new ClientSecretCredential("99999999-0000-4000-8000-000000000000", ADMIN_APP.clientId, ADMIN_APP.secrets![0], opts()), /AADSTS90002|not found/i],
])("Entra refuses a token: %s", async (_name, make, pattern) => {
  await expect(make().getToken(SCOPE)).rejects.toThrow(pattern);
});

test("an expired federated assertion is refused with AADSTS700024", async () => {
  const expired = await federatedToken(ADMIN_APP.federated![0].subject, -120);
  await expect(new ClientAssertionCredential(CAIRO, ADMIN_APP.clientId, async () => expired, opts()).getToken(SCOPE)).rejects.toThrow(/AADSTS700024/);
});

test("a token without the needed permission gets 403 Authorization_RequestDenied, and nothing changes", async () => {
  const auditor = em.graph(CAIRO, { app: AUDITOR_APP });
  await expect(auditor.api(MTO).put({ displayName: "nope" })).rejects.toMatchObject({ statusCode: 403, code: "Authorization_RequestDenied" });
  expect((await auditor.api(MTO).get()).state).toBe("inactive");
});

test("tenants are isolated: a caller sees and changes only its own tenant's objects", async () => {
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo only" });
  expect((await em.graph(BERLIN).api(MTO).get()).state).toBe("inactive");
  await em.graph(BERLIN).api("/policies/crossTenantAccessPolicy/partners").post({ tenantId: CAIRO });
  expect((await em.graph(CAIRO).api("/policies/crossTenantAccessPolicy/partners").get()).value).toEqual([]);
});

test("requests without a valid token get 401 InvalidAuthenticationToken", async () => {
  const r = await fetch(`${em.url}/v1.0${MTO}`, { headers: { authorization: "Bearer forged.token.value" } });
  expect(r.status).toBe(401);
  expect(((await r.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
});
