// The provider process's context: settings from `configure` (or the environment when a program
// runs without it), one Graph client per tenant alias, and the log. Credentials are created here
// when an operation needs them and stay here.
import { createHash } from "node:crypto";
import { GUID_PATTERN } from "../contract/wire";
import { GraphClient, WriteLog } from "./graph/client";
import { credentialFor } from "./credentials";
import { type ProviderSettings, configuredSecrets, parseSettings } from "./settings";
import { redact } from "./inputs/secrets";

let current: ProviderSettings | undefined;
let problems: string[] = [];
/** The settings the clients were built from, as text: a configure that changes nothing keeps them. */
let fingerprint: string | undefined;
const clients = new Map<string, GraphClient>();
/** The clients' shared write count: a write through any tenant's client invalidates cached reads. */
let writeLog = new WriteLog();

/**
 * Called by each dynamic provider's `configure` with the stack configuration. The engine calls it
 * once per resource kind, with the same configuration each time: the clients (their credentials
 * and the tokens they hold) are kept unless the settings changed, so a run asks Entra for one token
 * per tenant, not one per tenant and resource kind.
 */
export function configure(get: (key: string) => string | undefined): void {
  const parsed = parseSettings((key) => get(`entra-mto:${key}`));
  const next = fingerprintOf(parsed);
  current = parsed.settings;
  problems = parsed.problems;
  if (next !== fingerprint) {
    clients.clear();
    writeLog = new WriteLog();
  }
  fingerprint = next;
}

/** Variables credentials and clients read when they are built (Azure SDK, CI systems, our own). */
const CLIENT_ENV = /^(AZURE_|ENTRA_MTO_|SYSTEM_|ACTIONS_ID_TOKEN_|IDENTITY_|MSI_|IMDS_)/;

/**
 * What the clients are built from: the settings and the environment they read, as a digest (the
 * text holds secrets; only its hash is kept).
 */
function fingerprintOf(parsed: { settings: ProviderSettings; problems: string[] }): string {
  const named = new Set(
    Object.values(parsed.settings.tenants)
      .flatMap((t) => [t.clientSecretEnv, t.systemAccessTokenEnv])
      .filter((x): x is string => !!x),
  );
  const env = Object.keys(process.env)
    .filter((k) => CLIENT_ENV.test(k) || named.has(k))
    .sort()
    .map((k) => [k, process.env[k]]);
  return createHash("sha256")
    .update(JSON.stringify([parsed, env]))
    .digest("hex");
}

/** In a program process (tenant lookups), from the stack configuration, unless configured already. */
export function configureIfUnset(get: (key: string) => string | undefined): void {
  if (!current) configure(get);
}

/**
 * The settings `configure` was given. Every face configures before it acts (the engine calls
 * `configure` first; programs and commands call it themselves): settings asked for before that are
 * a mistake in the code, said as such, never an empty configuration.
 */
export function settings(): ProviderSettings {
  if (!current) {
    throw new Error("pulumi-entra-mto was used before it was configured: `configure` (called by the engine for each provider, or configureIfUnset in a program) must run first");
  }
  return current;
}

/** Configuration problems, reported by `check` so `preview` shows them. */
export function configurationProblems(): string[] {
  settings();
  return problems;
}

export function tenantIdOf(alias: string): string | undefined {
  return settings().tenants[alias]?.tenantId;
}

/** The alias configured for a tenant id (the first, should two aliases name one tenant). */
export function aliasOf(tenantId: string): string | undefined {
  const id = tenantId.toLowerCase();
  return Object.keys(settings().tenants).find((alias) => settings().tenants[alias].tenantId === id);
}

// Display names of tenants, by tenant id, as the program declares them and Graph shows them.
// Resources feed it before they act, so every line names a tenant as people know it. It lives for
// the provider process and is not reset by `configure` (called once per resource kind).
const displayNames = new Map<string, { name: string; fallback: boolean }>();

/** A tenant given by alias or by id: its id, when configured or a GUID. */
function idOf(tenant: string): string | undefined {
  return tenantIdOf(tenant) ?? (GUID_PATTERN.test(tenant) ? tenant.toLowerCase() : undefined);
}

/**
 * Remembers a tenant's display name (tenant by alias or id). A `fallback` name (an organization's
 * name for its owner, a name suggested for a partner) never replaces one already known.
 */
export function learnTenantName(tenant: unknown, displayName: unknown, opts: { fallback?: boolean } = {}): void {
  if (typeof tenant !== "string" || typeof displayName !== "string" || !displayName.trim()) return;
  const id = idOf(tenant);
  if (!id) return;
  const known = displayNames.get(id);
  if (opts.fallback && known) return;
  if (known && !known.fallback && known.name === displayName) return;
  displayNames.set(id, { name: displayName, fallback: opts.fallback === true });
}

/**
 * How a tenant is named in progress lines and errors: "berlin (Berlin, 00000be1-…)"; with no known
 * display name "berlin (00000be1-…)"; with no configured alias "Berlin (00000be1-…)", or
 * "tenant 00000be1-…" when nothing else is known. The id is always shown in full.
 */
export function nameOf(alias: string | undefined, displayName: string | null | undefined, tenantId: string | undefined): string {
  const name = displayName?.trim() && displayName !== alias ? displayName : undefined;
  const head = alias ?? name;
  if (!head) return tenantId ? `tenant ${tenantId}` : "an unnamed tenant";
  const inside = [alias ? name : undefined, tenantId].filter((x): x is string => !!x);
  return inside.length ? `${head} (${inside.join(", ")})` : head;
}

/**
 * Names a tenant given by alias or by id (or both), with what the configuration and the names
 * learnt so far tell about it; a display name given here wins over a remembered one.
 */
export function tenantName(tenant: string | { alias?: string; tenantId?: string; displayName?: string | null }): string {
  const ref = typeof tenant === "string" ? (tenantIdOf(tenant) || !GUID_PATTERN.test(tenant) ? { alias: tenant } : { tenantId: tenant }) : tenant;
  const tenantId = (ref.tenantId ?? (ref.alias ? tenantIdOf(ref.alias) : undefined))?.toLowerCase();
  const alias = ref.alias ?? (tenantId ? aliasOf(tenantId) : undefined);
  const displayName = ref.displayName || (tenantId ? displayNames.get(tenantId)?.name : undefined);
  return nameOf(alias, displayName, tenantId);
}

export function graph(alias: string): GraphClient {
  let client = clients.get(alias);
  if (!client) {
    if (problems.length) throw new Error(`the provider configuration is invalid:\n  ${problems.join("\n  ")}`);
    const s = settings();
    client = new GraphClient({ credential: credentialFor(s, alias), endpoint: s.graphEndpoint, writeLog });
    clients.set(alias, client);
  }
  return client;
}

/**
 * Progress lines: the engine shows the dynamic provider's stdout among the stack's diagnostics.
 * Authorization headers, tokens, keys and the configured secrets are redacted from every line.
 */
export function log(line: string): void {
  sink(`[entra-mto] ${redact(line, current ? configuredSecrets(current) : [])}`);
}

/** Where progress lines go: stdout, which the engine shows for dynamic providers. */
let sink: (line: string) => void = (line) => console.log(line);

/** Sends progress lines elsewhere: the provider plugin's go to the engine's log service. */
export function logTo(destination: (line: string) => void): void {
  sink = destination;
}
