// The pipeline credentials, end to end against the emulator: GitHub Actions OIDC, Azure Pipelines
// service connections and workload identity token files each get a Graph token and act.
import * as fs from "node:fs";
import * as path from "node:path";
import { organizationHandler } from "../../provider/resources/organization/organization";
import { ADMIN_APP, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "../emulator/harness";
import { contextFrom } from "./fixture";

let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => em?.dispose());

test("githubOidc, azurePipelines and workloadIdentity tenants create their organizations", async () => {
  const tokenFile = path.join(em.dataDir, "federated-token");
  const minted = await fetch(`${em.url}/_emulator/federation/token`, { method: "POST", body: JSON.stringify({ subject: ADMIN_APP.federated![0].subject }) });
  fs.writeFileSync(tokenFile, ((await minted.json()) as { token: string }).token);
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = `${em.url}/_emulator/ci/github?subject=${encodeURIComponent(ADMIN_APP.federated![0].subject)}`;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = "runner-token";
  process.env.SYSTEM_OIDCREQUESTURI = `${em.url}/_emulator/ci/azure-pipelines/${encodeURIComponent(ADMIN_APP.federated![1].subject)}`;
  process.env.SYSTEM_ACCESSTOKEN = "pipeline-token";
  const tenants = {
    cairo: { tenantId: CAIRO, auth: "githubOidc", clientId: ADMIN_APP.clientId },
    berlin: { tenantId: BERLIN, auth: "azurePipelines", clientId: ADMIN_APP.clientId, serviceConnectionId: "mto-connection" },
    denver: { tenantId: DENVER, auth: "workloadIdentity", clientId: ADMIN_APP.clientId, tokenFilePath: tokenFile },
  };
  const config: Record<string, string> = { "entra-mto:tenants": JSON.stringify(tenants), "entra-mto:graphEndpoint": em.url, "entra-mto:authorityHost": em.url };
  const org = organizationHandler(contextFrom(config));
  for (const [alias, tenantId] of [
    ["cairo", CAIRO],
    ["berlin", BERLIN],
    ["denver", DENVER],
  ]) {
    const created = await org.create({ tenant: alias, displayName: alias, wait: "accepted" });
    expect(created).toMatchObject({ id: tenantId, outs: { state: "active" } });
  }
  const tokens = em.emulator.log.filter((e) => e.route.endsWith("/oauth2/v2.0/token"));
  expect(tokens.map((e) => e.status)).toEqual([200, 200, 200]);
});
