// The provider's settings: the tenants by alias (`entra-mto:tenants`), each with its tenant id and
// how its credentials are obtained, the endpoint overrides and the limits; parsed and checked as
// a whole, every problem reported with its key. The secrets they name are known here too, so that
// no other text (an input, a log line, an error) ever repeats one.
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import { GUID_PATTERN } from "../contract/wire";
import { misplacedSecret, secretKind, shown } from "./inputs/secrets";

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
        // Azure Pipelines' System.AccessToken, in the variable named or the agent's default one.
        ["env", t.auth === "azurePipelines" ? (t.systemAccessTokenEnv ?? "SYSTEM_ACCESSTOKEN") : t.systemAccessTokenEnv],
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
