// Tenants' credentials, built when an operation runs from the settings (settings.ts) or the
// environment, and never leaving this module in inputs, outputs, logs or error text. Entra's
// refusals are explained by their AADSTS code; token requests of one tenant are shared.
import {
  type AccessToken,
  AzureCliCredential,
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { CREDENTIAL_ERROR_NAMES } from "./graph/errors";
import { redact } from "./inputs/secrets";
import { type ProviderSettings, type TenantConfig, configuredSecrets } from "./settings";

/** A policy of a credential's HTTP pipeline, as @azure/identity takes them. */
export type PipelinePolicy = NonNullable<TokenCredentialOptions["additionalPolicies"]>[number]["policy"];

function fromEnv(name: string | undefined, what: string, alias: string): string {
  const value = name ? process.env[name] : undefined;
  if (!value) throw new Error(`tenant '${alias}': ${what} is not set (expected in the environment variable ${name}).`);
  return value;
}

/** GitHub Actions OIDC: ask the runner for a token with Entra's federation audience. */
function githubAssertion(alias: string): () => Promise<string> {
  return async () => {
    const url = fromEnv("ACTIONS_ID_TOKEN_REQUEST_URL", "the GitHub OIDC request URL", alias);
    const bearer = fromEnv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "the GitHub OIDC request token", alias);
    const r = await fetch(`${url}&audience=api://AzureADTokenExchange`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!r.ok) throw new Error(`tenant '${alias}': the GitHub OIDC token request answered ${r.status}.`);
    return ((await r.json()) as { value: string }).value;
  };
}

/** What to do about Entra's refusal, by its AADSTS code. */
const ENTRA_ADVICE: [RegExp, (at: string, t: TenantConfig) => string][] = [
  [
    /AADSTS7000215|AADSTS7000222/,
    (at) =>
      `The client secret is wrong or expired: put the secret's value (not its ID) in ${at}.clientSecret (\`pulumi config set --secret\`) or in the variable ${at}.clientSecretEnv names.`,
  ],
  [/AADSTS700016/, (at) => `No application with this client id exists in the tenant: check ${at}.clientId, and that the app is multitenant or registered in this tenant.`],
  [
    /AADSTS7000229|AADSTS65001|AADSTS500011/,
    () => "The application has no service principal or admin consent in this tenant: an administrator of the tenant grants it admin consent for the permissions it needs.",
  ],
  [/AADSTS90002|AADSTS90023|AADSTS900023/, (at) => `Entra does not know this tenant: check ${at}.tenantId.`],
  [
    /AADSTS700027|AADSTS700023/,
    (at) =>
      `The certificate is not registered for the application, or is no longer valid: add its public certificate to the app registration, or configure the one that is (${at}.certificatePath or certificatePem).`,
  ],
  [
    /AADSTS700024/,
    () =>
      "The client assertion is outside its valid time range (expired, or the clock is wrong): give a fresh federated token (workload identity refreshes its token file), and check the machine's clock.",
  ],
  [
    /AADSTS70021|AADSTS700211|AADSTS700212|AADSTS700213|AADSTS50027/,
    () =>
      "No federated credential of the application accepts this assertion (issuer, subject or audience): add a matching federated credential to the app registration, or fix the pipeline's service connection.",
  ],
];

/**
 * The credential's token errors, explained: which alias and app, what Entra said, what to change.
 * The error object is kept (its name and status decide how the Graph client classifies it); its
 * message is rewritten, with anything that looks like a secret redacted.
 */
function explained<T extends TokenCredential>(credential: T, alias: string, t: TenantConfig, known: () => string[]): T {
  const getToken = credential.getToken.bind(credential);
  credential.getToken = async (scopes, options) => {
    try {
      return await getToken(scopes, options);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const at = `entra-mto:tenants.${alias}`;
      const advice = ENTRA_ADVICE.find(([code]) => code.test(e.message))?.[1](at, t) ?? `Check ${at}: its tenantId, auth, clientId and credential.`;
      e.message = redact(`tenant '${alias}' (auth ${t.auth}${t.clientId ? `, app ${t.clientId}` : ""}): ${e.message.trim()} ${advice}`, known());
      // Whatever failed (Entra's refusal, an unusable key, a missing token file), getting a token
      // again will not fix it: named so, the Graph client reports it at once instead of retrying.
      if (!CREDENTIAL_ERROR_NAMES.includes(e.name)) e.name = "CredentialUnavailableError";
      throw e;
    }
  };
  return credential;
}

/**
 * One token request at a time per credential: operations of one tenant that run at once (a refresh
 * reads many resources concurrently) share the request in flight instead of each asking Entra, and
 * a new credential's OpenID discovery, again. Later calls find the token in the credential's own
 * cache. A claims challenge always asks for a token of its own.
 */
function shared<T extends TokenCredential>(credential: T): T {
  const getToken = credential.getToken.bind(credential);
  const inFlight = new Map<string, Promise<AccessToken | null>>();
  credential.getToken = (scopes, options) => {
    if (options?.claims) return getToken(scopes, options);
    const key = JSON.stringify([scopes, options?.tenantId ?? null, options?.enableCae ?? false]);
    let pending = inFlight.get(key);
    if (!pending) {
      // Shared, so no one caller's abort signal may cancel it for the others.
      const { abortSignal: _ignored, ...rest } = options ?? {};
      pending = getToken(scopes, rest).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
  return credential;
}

/** Builds the credential of one tenant alias. Errors name the alias and the setting, never a secret. */
export function credentialFor(settings: ProviderSettings, alias: string, policies: PipelinePolicy[] = []): TokenCredential {
  const t = settings.tenants[alias];
  if (!t) throw new Error(`tenant '${alias}' is not configured: add it under entra-mto:tenants in the stack configuration.`);
  return shared(explained(buildCredential(settings, alias, policies), alias, t, () => configuredSecrets(settings)));
}

/** `policies` join the credential's HTTP pipeline (the recorder's, with ENTRA_MTO_RECORD). */
function buildCredential(settings: ProviderSettings, alias: string, policies: PipelinePolicy[]): TokenCredential {
  const t = settings.tenants[alias];
  if (!t) throw new Error(`tenant '${alias}' is not configured: add it under entra-mto:tenants in the stack configuration.`);
  const pipeline = policies.length ? { additionalPolicies: policies.map((policy) => ({ policy, position: "perRetry" as const })) } : {};
  const options = { ...(settings.authorityHost ? { authorityHost: settings.authorityHost, disableInstanceDiscovery: true } : {}), ...pipeline };
  const clientId = t.clientId!;
  switch (t.auth) {
    case "clientSecret":
      return new ClientSecretCredential(t.tenantId, clientId, t.clientSecret ?? fromEnv(t.clientSecretEnv, "the client secret", alias), options);
    case "clientCertificate":
      return t.certificatePem
        ? new ClientCertificateCredential(t.tenantId, clientId, { certificate: t.certificatePem }, options)
        : new ClientCertificateCredential(t.tenantId, clientId, { certificatePath: t.certificatePath! }, options);
    case "workloadIdentity":
      return new WorkloadIdentityCredential({
        tenantId: t.tenantId,
        clientId,
        tokenFilePath: t.tokenFilePath ?? fromEnv("AZURE_FEDERATED_TOKEN_FILE", "the federated token file", alias),
        ...options,
      });
    case "azurePipelines":
      return new AzurePipelinesCredential(
        t.tenantId,
        clientId,
        t.serviceConnectionId!,
        fromEnv(t.systemAccessTokenEnv ?? "SYSTEM_ACCESSTOKEN", "System.AccessToken", alias),
        options,
      );
    case "githubOidc":
      return new ClientAssertionCredential(t.tenantId, clientId, githubAssertion(alias), options);
    case "managedIdentity":
      return new ManagedIdentityCredential({ ...(t.clientId ? { clientId: t.clientId } : {}), ...pipeline });
    case "azureCli":
      return new AzureCliCredential({ tenantId: t.tenantId });
    case "default":
      return new DefaultAzureCredential({ tenantId: t.tenantId, ...options });
  }
}
