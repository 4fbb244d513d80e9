// Tenants and their credentials. A program names tenants by alias; the stack configuration
// `entra-mto:tenants` maps each alias to a tenant id and an authentication method. Credentials are
// built when an operation runs, from configuration or the environment, and never leave this module
// in inputs, outputs, logs or error text.
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
  WorkloadIdentityCredential,
} from "@azure/identity";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import { GUID_PATTERN } from "../contract/wire";
import { misplacedSecret, redact, secretKind, shown } from "./inputs/secrets";

export const AUTH_METHODS = ["clientSecret", "clientCertificate", "workloadIdentity", "azurePipelines", "githubOidc", "managedIdentity", "azureCli", "default"] as const;
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

/** Every setting a tenant entry may have. */
const TENANT_KEYS = [
  "tenantId",
  "auth",
  "clientId",
  "clientSecret",
  "clientSecretEnv",
  "certificatePath",
  "certificatePem",
  "tokenFilePath",
  "serviceConnectionId",
  "systemAccessTokenEnv",
] as const;
/** Settings that are not secret: stored in plain text, so a secret pasted into one is refused. */
const PLAIN_KEYS = ["tenantId", "auth", "clientId", "clientSecretEnv", "certificatePath", "tokenFilePath", "serviceConnectionId", "systemAccessTokenEnv"] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Hosts of the national clouds (US Government, China, Germany): the MTO APIs do not exist there. */
const NATIONAL_CLOUD_HOST =
  /(^|\.)(microsoft\.us|microsoftonline\.us|usgovcloudapi\.net|chinacloudapi\.cn|microsoftonline\.cn|partner\.microsoftonline\.cn|microsoft\.de|microsoftonline\.de|cloudapi\.de)$/i;

/**
 * Where the tenants' secrets come from, each source once: a value in the configuration, or the
 * environment variable holding it. Worked out once per settings object, since every check of every
 * resource asks (hundreds of tenants often share one variable or one secret).
 */
const secretSources = new WeakMap<object, { value?: string; env?: string }[]>();

function sourcesOf(tenants: Record<string, TenantConfig>): { value?: string; env?: string }[] {
  let sources = secretSources.get(tenants);
  if (!sources) {
    const seen = new Set<string>();
    sources = [];
    for (const t of Object.values(tenants)) {
      for (const [kind, v] of [
        ["value", t.clientSecret],
        ["value", t.certificatePem],
        ["env", t.clientSecretEnv],
        ["env", t.systemAccessTokenEnv],
      ] as const) {
        if (typeof v !== "string" || !v || seen.has(`${kind}:${v}`)) continue;
        seen.add(`${kind}:${v}`);
        sources.push({ [kind]: v });
      }
    }
    secretSources.set(tenants, sources);
  }
  return sources;
}

/** The secrets configured for the tenants (values, including those read from the environment), each once. */
export function configuredSecrets(settings: Pick<ProviderSettings, "tenants">, env: NodeJS.ProcessEnv = process.env): string[] {
  const out = new Set<string>();
  for (const source of sourcesOf(settings.tenants)) {
    const v = source.env !== undefined ? env[source.env] : source.value;
    if (typeof v === "string" && v.length >= 8) out.add(v);
  }
  return [...out];
}

/** Problems of a client certificate: unreadable, not a PEM with key and certificate, expired. */
function certificateProblems(at: string, t: Partial<TenantConfig>, now = Date.now()): string[] {
  const key = t.certificatePem ? "certificatePem" : "certificatePath";
  let pem: string;
  if (t.certificatePem) {
    pem = t.certificatePem;
  } else {
    try {
      pem = fs.readFileSync(t.certificatePath!, "utf8");
    } catch (err) {
      return [
        `${at}.certificatePath: the file ${shown(t.certificatePath)} cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}); give the path of a PEM file holding the private key and the certificate.`,
      ];
    }
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return [`${at}.${key}: holds no private key; give a PEM with both the private key and the certificate.`];
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  let cert: X509Certificate;
  try {
    if (!block) throw new Error("no certificate");
    cert = new X509Certificate(block);
  } catch {
    return [`${at}.${key}: holds no readable certificate; give a PEM with both the private key and the certificate.`];
  }
  const until = Date.parse(cert.validTo);
  const from = Date.parse(cert.validFrom);
  if (until < now) {
    return [
      `${at}.${key}: the certificate expired on ${new Date(until).toISOString()}; create a new one, add it to the app registration (${t.clientId ?? "clientId"}) and configure it here.`,
    ];
  }
  if (from > now) return [`${at}.${key}: the certificate is not valid before ${new Date(from).toISOString()}; use one that is valid now.`];
  return [];
}

/** An endpoint override: an https URL of the service root, in the global cloud, carrying no credentials. */
function endpointProblems(key: string, url: string): string[] {
  if (!/^https:\/\//.test(url)) return [`entra-mto:${key}: must be an https URL.`];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [`entra-mto:${key}: must be an https URL.`];
  }
  if (u.username || u.password) {
    return [
      `entra-mto:${key}: must not carry credentials (user:password@): the endpoint is not secret and would be stored and shown in plain text; give credentials only in entra-mto:tenants.<alias>.`,
    ];
  }
  if (NATIONAL_CLOUD_HOST.test(u.hostname)) {
    return [
      `entra-mto:${key}: ${u.hostname} is a national cloud; the multitenant organization APIs exist only in the global service (graph.microsoft.com, login.microsoftonline.com).`,
    ];
  }
  if (u.search || u.hash || (key === "graphEndpoint" && /\/(v1\.0|beta)\/?$/i.test(u.pathname))) {
    return [`entra-mto:${key}: must be the service root only, such as https://graph.microsoft.com (no version, query or fragment).`];
  }
  return [];
}

/**
 * Reads the settings from stack configuration values (`get(key)` of `entra-mto:<key>`) and the
 * environment; returns every problem at once, each naming the key and the rule.
 */
export function parseSettings(get: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): { settings: ProviderSettings; problems: string[] } {
  const problems: string[] = [];
  const cloud = get("cloud") ?? env.ENTRA_MTO_CLOUD;
  if (cloud && !GLOBAL_CLOUDS.includes(cloud)) {
    problems.push(`entra-mto:cloud: ${shown(cloud)} is not supported; the multitenant organization APIs exist only in the global cloud.`);
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
    const secrets = configuredSecrets({ tenants: raw as Record<string, TenantConfig> }, env);
    for (const [alias, value] of Object.entries(raw as Record<string, Partial<TenantConfig>>)) {
      const at = `entra-mto:tenants.${alias}`;
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${at}: must be an object {tenantId, auth, ...}.`);
        continue;
      }
      for (const key of Object.keys(value)) {
        if (!(TENANT_KEYS as readonly string[]).includes(key)) problems.push(`${at}.${key}: unknown setting; expected ${TENANT_KEYS.join(", ")}.`);
        else if (key !== "tenantId" && key !== "auth" && typeof (value as Record<string, unknown>)[key] !== "string") problems.push(`${at}.${key}: must be a string.`);
      }
      // A secret in a plain setting is stored and shown in plain text: refused, and not repeated.
      const misplaced = new Set<string>();
      for (const key of PLAIN_KEYS) {
        const kind = secretKind((value as Record<string, unknown>)[key], key === "clientSecretEnv" || key === "systemAccessTokenEnv" ? [] : secrets);
        if (kind) {
          problems.push(`${at}.${key}: ${misplacedSecret(kind, key)}.`);
          misplaced.add(key);
        }
      }
      if (!misplaced.has("tenantId") && (typeof value.tenantId !== "string" || !GUID_PATTERN.test(value.tenantId))) problems.push(`${at}.tenantId: must be a tenant id (GUID).`);
      for (const key of ["clientSecretEnv", "systemAccessTokenEnv"] as const) {
        const name = value[key];
        if (!misplaced.has(key) && typeof name === "string" && !ENV_NAME.test(name))
          problems.push(`${at}.${key}: must be the name of an environment variable (letters, digits, _), not its value.`);
      }
      const auth = value?.auth ?? "default";
      if (!AUTH_METHODS.includes(auth) && !misplaced.has("auth")) problems.push(`${at}.auth: must be one of ${AUTH_METHODS.join(", ")}.`);
      const needsClient = auth !== "azureCli" && auth !== "default" && auth !== "managedIdentity";
      if (needsClient && typeof value?.clientId !== "string") problems.push(`${at}.clientId: required for auth '${auth}'.`);
      if (auth === "clientSecret" && !value?.clientSecret && !value?.clientSecretEnv) {
        problems.push(`${at}.clientSecret: required for auth 'clientSecret' (or name a variable in clientSecretEnv).`);
      }
      if (auth === "clientCertificate" && !value?.certificatePath && !value?.certificatePem) {
        problems.push(`${at}.certificatePath: required for auth 'clientCertificate' (or give certificatePem).`);
      } else if (auth === "clientCertificate" && !misplaced.has("certificatePath")) {
        problems.push(...certificateProblems(at, value));
      }
      if (auth === "azurePipelines" && !value?.serviceConnectionId) problems.push(`${at}.serviceConnectionId: required for auth 'azurePipelines'.`);
      tenants[alias] = { ...value, auth, tenantId: String(value?.tenantId ?? "").toLowerCase() } as TenantConfig;
    }
  }
  const graphEndpoint = get("graphEndpoint") ?? env.ENTRA_MTO_GRAPH_ENDPOINT;
  const authorityHost = get("authorityHost") ?? env.AZURE_AUTHORITY_HOST;
  for (const [key, url] of [
    ["graphEndpoint", graphEndpoint],
    ["authorityHost", authorityHost],
  ] as const) {
    if (url) problems.push(...endpointProblems(key, url));
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

/** Names @azure/identity gives its failures; the Graph client does not retry these. */
const CREDENTIAL_ERRORS = ["AuthenticationError", "CredentialUnavailableError", "AggregateAuthenticationError"];

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
      if (!CREDENTIAL_ERRORS.includes(e.name)) e.name = "CredentialUnavailableError";
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
export function credentialFor(settings: ProviderSettings, alias: string): TokenCredential {
  const t = settings.tenants[alias];
  if (!t) throw new Error(`tenant '${alias}' is not configured: add it under entra-mto:tenants in the stack configuration.`);
  return shared(explained(buildCredential(settings, alias), alias, t, () => configuredSecrets(settings)));
}

function buildCredential(settings: ProviderSettings, alias: string): TokenCredential {
  const t = settings.tenants[alias];
  if (!t) throw new Error(`tenant '${alias}' is not configured: add it under entra-mto:tenants in the stack configuration.`);
  const options = settings.authorityHost ? { authorityHost: settings.authorityHost, disableInstanceDiscovery: true } : {};
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
      return t.clientId ? new ManagedIdentityCredential({ clientId: t.clientId }) : new ManagedIdentityCredential();
    case "azureCli":
      return new AzureCliCredential({ tenantId: t.tenantId });
    case "default":
      return new DefaultAzureCredential({ tenantId: t.tenantId, ...options });
  }
}
