// Tenants and their credentials. A program names tenants by alias; the stack configuration
// `entra-mto:tenants` maps each alias to a tenant id and an authentication method. Credentials are
// built when an operation runs, from configuration or the environment, and never leave this module
// in inputs, outputs, logs or error text.
import {
  AzureCliCredential,
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { GUID_PATTERN } from "../contract/wire";

export const AUTH_METHODS = [
  "clientSecret",
  "clientCertificate",
  "workloadIdentity",
  "azurePipelines",
  "githubOidc",
  "managedIdentity",
  "azureCli",
  "default",
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface TenantConfig {
  tenantId: string;
  auth: AuthMethod;
  clientId?: string;
  /** clientSecret: the secret (set with `pulumi config set --secret`) or the variable holding it. */
  clientSecret?: string;
  clientSecretEnv?: string;
  /** clientCertificate: a PEM file with key and certificate, or the PEM itself (secret). */
  certificatePath?: string;
  certificatePem?: string;
  /** workloadIdentity: the federated token file (default AZURE_FEDERATED_TOKEN_FILE). */
  tokenFilePath?: string;
  /** azurePipelines: the service connection, and the variable with System.AccessToken. */
  serviceConnectionId?: string;
  systemAccessTokenEnv?: string;
}

export interface ProviderSettings {
  tenants: Record<string, TenantConfig>;
  /** Graph endpoint override (the emulator); default https://graph.microsoft.com. */
  graphEndpoint?: string;
  /** Authority host override (the emulator); default https://login.microsoftonline.com. */
  authorityHost?: string;
  /** Active tenants an organization may have, the owner included (Microsoft's default: 100). */
  maxActiveTenants: number;
}

export const DEFAULT_MAX_ACTIVE_TENANTS = 100;

const GLOBAL_CLOUDS = ["AzurePublic", "AzurePublicCloud", "public", "global"];

/**
 * Reads the settings from stack configuration values (`get(key)` of `entra-mto:<key>`) and the
 * environment; returns every problem at once, each naming the key and the rule.
 */
export function parseSettings(get: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): { settings: ProviderSettings; problems: string[] } {
  const problems: string[] = [];
  const cloud = get("cloud") ?? env.ENTRA_MTO_CLOUD;
  if (cloud && !GLOBAL_CLOUDS.includes(cloud)) {
    problems.push(`entra-mto:cloud: '${cloud}' is not supported; the multitenant organization APIs exist only in the global cloud.`);
  }
  let raw: unknown = {};
  const text = get("tenants");
  if (text) {
    try {
      raw = JSON.parse(text);
    } catch {
      problems.push("entra-mto:tenants: must be an object mapping each tenant alias to {tenantId, auth, ...}.");
    }
  }
  const tenants: Record<string, TenantConfig> = {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push("entra-mto:tenants: must be an object mapping each tenant alias to {tenantId, auth, ...}.");
  } else {
    for (const [alias, value] of Object.entries(raw as Record<string, Partial<TenantConfig>>)) {
      const at = `entra-mto:tenants.${alias}`;
      if (typeof value?.tenantId !== "string" || !GUID_PATTERN.test(value.tenantId)) problems.push(`${at}.tenantId: must be a tenant id (GUID).`);
      const auth = value?.auth ?? "default";
      if (!AUTH_METHODS.includes(auth)) problems.push(`${at}.auth: must be one of ${AUTH_METHODS.join(", ")}.`);
      const needsClient = auth !== "azureCli" && auth !== "default" && auth !== "managedIdentity";
      if (needsClient && typeof value?.clientId !== "string") problems.push(`${at}.clientId: required for auth '${auth}'.`);
      if (auth === "clientSecret" && !value?.clientSecret && !value?.clientSecretEnv) {
        problems.push(`${at}.clientSecret: required for auth 'clientSecret' (or name a variable in clientSecretEnv).`);
      }
      if (auth === "clientCertificate" && !value?.certificatePath && !value?.certificatePem) {
        problems.push(`${at}.certificatePath: required for auth 'clientCertificate' (or give certificatePem).`);
      }
      if (auth === "azurePipelines" && !value?.serviceConnectionId) problems.push(`${at}.serviceConnectionId: required for auth 'azurePipelines'.`);
      tenants[alias] = { ...value, auth, tenantId: String(value?.tenantId ?? "").toLowerCase() } as TenantConfig;
    }
  }
  const graphEndpoint = get("graphEndpoint") ?? env.ENTRA_MTO_GRAPH_ENDPOINT;
  const authorityHost = get("authorityHost") ?? env.AZURE_AUTHORITY_HOST;
  for (const [key, url] of [["graphEndpoint", graphEndpoint], ["authorityHost", authorityHost]] as const) {
    if (url && !/^https:\/\//.test(url)) problems.push(`entra-mto:${key}: must be an https URL.`);
  }
  const limit = get("maxActiveTenants") ?? env.ENTRA_MTO_MAX_ACTIVE_TENANTS;
  const maxActiveTenants = limit === undefined ? DEFAULT_MAX_ACTIVE_TENANTS : Number(limit);
  if (!Number.isInteger(maxActiveTenants) || maxActiveTenants < 2) {
    problems.push("entra-mto:maxActiveTenants: must be a whole number of at least 2 (Microsoft's default is 100).");
  }
  return { settings: { tenants, graphEndpoint, authorityHost, maxActiveTenants }, problems };
}

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

/** Builds the credential of one tenant alias. Errors name the alias and the setting, never a secret. */
export function credentialFor(settings: ProviderSettings, alias: string): TokenCredential {
  const t = settings.tenants[alias];
  if (!t) throw new Error(`tenant '${alias}' is not configured: add it under entra-mto:tenants in the stack configuration.`);
  const options = settings.authorityHost
    ? { authorityHost: settings.authorityHost, disableInstanceDiscovery: true }
    : {};
  const clientId = t.clientId!;
  switch (t.auth) {
    case "clientSecret":
      return new ClientSecretCredential(t.tenantId, clientId, t.clientSecret ?? fromEnv(t.clientSecretEnv, "the client secret", alias), options);
    case "clientCertificate":
      return t.certificatePem
        ? new ClientCertificateCredential(t.tenantId, clientId, { certificate: t.certificatePem }, options)
        : new ClientCertificateCredential(t.tenantId, clientId, { certificatePath: t.certificatePath! }, options);
    case "workloadIdentity":
      return new WorkloadIdentityCredential({ tenantId: t.tenantId, clientId, tokenFilePath: t.tokenFilePath ?? fromEnv("AZURE_FEDERATED_TOKEN_FILE", "the federated token file", alias), ...options });
    case "azurePipelines":
      return new AzurePipelinesCredential(t.tenantId, clientId, t.serviceConnectionId!, fromEnv(t.systemAccessTokenEnv ?? "SYSTEM_ACCESSTOKEN", "System.AccessToken", alias), options);
    case "githubOidc":
      return new ClientAssertionCredential(t.tenantId, clientId, githubAssertion(alias), options);
    case "managedIdentity":
      return t.clientId ? new ManagedIdentityCredential({ clientId: t.clientId }) : new ManagedIdentityCredential();
    case "azureCli":
      return new AzureCliCredential({ tenantId: t.tenantId });
    case "default":
      return new DefaultAzureCredential({ tenantId: t.tenantId, ...options });
  }
}
