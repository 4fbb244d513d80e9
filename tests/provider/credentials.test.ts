// Tenant configuration: every problem reported at once with its key, global cloud only, and
// credentials built per method without a secret ever appearing in an error.
import { ClientCertificateCredential, ClientSecretCredential, WorkloadIdentityCredential } from "@azure/identity";
import { credentialFor } from "../../provider/credentials";
import { configuredSecrets, parseSettings } from "../../provider/settings";

const T = "00000ca1-0000-4000-8000-000000000ca1";
const settingsOf = (config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
  parseSettings((k) => (config[k] === undefined ? undefined : typeof config[k] === "string" ? (config[k] as string) : JSON.stringify(config[k])), env);

test("reports every configuration problem together, each naming its key", () => {
  const { problems } = settingsOf({
    cloud: "AzureChinaCloud",
    graphEndpoint: "http://localhost:1",
    tenants: { a: { tenantId: "nope", auth: "clientSecret" }, b: { tenantId: T, auth: "magic" } },
  });
  expect(problems).toEqual([
    expect.stringMatching(/^entra-mto:cloud: .*global cloud/),
    "entra-mto:tenants.a.tenantId: must be a tenant id (GUID).",
    "entra-mto:tenants.a.clientId: required for auth 'clientSecret'.",
    expect.stringMatching(/^entra-mto:tenants.a.clientSecret: required/),
    expect.stringMatching(/^entra-mto:tenants.b.auth: must be one of/),
    "entra-mto:tenants.b.clientId: required for auth 'magic'.",
    "entra-mto:graphEndpoint: must be an https URL.",
  ]);
});

test("endpoints come from configuration or the environment", () => {
  const { settings, problems } = settingsOf(
    { tenants: { a: { tenantId: T, auth: "azureCli" } } },
    { ENTRA_MTO_GRAPH_ENDPOINT: "https://127.0.0.1:8443", AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" },
  );
  expect(problems).toEqual([]);
  expect(settings).toMatchObject({ graphEndpoint: "https://127.0.0.1:8443", authorityHost: "https://127.0.0.1:8443" });
});

test("each method builds its credential; secrets from the environment are read when used", () => {
  const { settings } = settingsOf({
    tenants: {
      secret: { tenantId: T, auth: "clientSecret", clientId: "c", clientSecretEnv: "MY_SECRET" },
      cert: { tenantId: T, auth: "clientCertificate", clientId: "c", certificatePath: "/dev/null" },
      wi: { tenantId: T, auth: "workloadIdentity", clientId: "c", tokenFilePath: "/dev/null" },
    },
  });
  process.env.MY_SECRET = "s3cr3t-value";
  expect(credentialFor(settings, "secret")).toBeInstanceOf(ClientSecretCredential);
  expect(credentialFor(settings, "cert")).toBeInstanceOf(ClientCertificateCredential);
  expect(credentialFor(settings, "wi")).toBeInstanceOf(WorkloadIdentityCredential);
  delete process.env.MY_SECRET;
  expect(() => credentialFor(settings, "secret")).toThrow("tenant 'secret': the client secret is not set (expected in the environment variable MY_SECRET).");
  expect(() => credentialFor(settings, "missing")).toThrow(/tenant 'missing' is not configured/);
});

test("errors about a tenant never contain its secret", () => {
  const { settings } = settingsOf({ tenants: { a: { tenantId: T, auth: "azurePipelines", clientId: "c", clientSecret: "zzz-secret" } } });
  // The error path runs whatever the machine's environment: an agent sets SYSTEM_ACCESSTOKEN.
  const agent = process.env.SYSTEM_ACCESSTOKEN;
  delete process.env.SYSTEM_ACCESSTOKEN;
  let message = "";
  try {
    credentialFor(settings, "a");
  } catch (err) {
    message = (err as Error).message;
  } finally {
    if (agent !== undefined) process.env.SYSTEM_ACCESSTOKEN = agent;
  }
  expect(message).toMatch(/tenant 'a': System.AccessToken is not set \(expected in the environment variable SYSTEM_ACCESSTOKEN\)/);
  expect(message).not.toContain("zzz-secret");
});

test("the agent's System.AccessToken counts as a configured secret, in the default variable too", () => {
  const { settings } = settingsOf({ tenants: { a: { tenantId: T, auth: "azurePipelines", clientId: "c", serviceConnectionId: "s" } } });
  expect(configuredSecrets(settings, { SYSTEM_ACCESSTOKEN: "agent-token-value" })).toEqual(["agent-token-value"]);
});
