// The provider's context: the settings `configure` was given, one Graph client per tenant alias,
// the display names of tenants learnt so far, and where progress lines go. Every operation, check
// and handler receives it explicitly. Only the faces keep one: the dynamic-provider process
// (handlers.ts), the plugin (plugin/configure.ts), a program (program-context.ts) and the
// commands (cli/stack.ts). Credentials are created here when an operation needs them and stay here.
import { createHash } from "node:crypto";
import { GUID_PATTERN } from "../contract/wire";
import { GraphClient, WriteLog } from "./graph/client";
import { credentialFor } from "./credentials";
import { type ProviderSettings, configuredSecrets, parseSettings } from "./settings";
import { redact } from "./inputs/secrets";
import { Recorder } from "./recording/recorder";
import { VERSION } from "./version";

/** Where progress lines go: stdout by default, which the engine shows for dynamic providers. */
export type LineSink = (line: string) => void;
const STDOUT: LineSink = (line) => console.log(line);

/** A tenant's display name as the program declares it or Graph shows it; a fallback never replaces a known name. */
type KnownName = { name: string; fallback: boolean };

export class ProviderContext {
  readonly settings: ProviderSettings;
  /** Configuration problems, reported by `check` so `preview` shows them. */
  readonly problems: readonly string[];
  /** The settings and environment the clients are built from, as a digest: a configure that changes nothing keeps them. */
  readonly fingerprint: string;
  private readonly clients = new Map<string, GraphClient>();
  /** The clients' shared write count: a write through any tenant's client invalidates cached reads. */
  private readonly writeLog = new WriteLog();
  /** By tenant id. Shared with the contexts that follow this one: names outlive a configure. */
  private readonly names: Map<string, KnownName>;
  private readonly sink: LineSink;
  /** Every Graph and identity exchange of this context's clients, when ENTRA_MTO_RECORD names a folder. */
  readonly recorder: Recorder | undefined;

  constructor(parsed: { settings: ProviderSettings; problems: string[] }, opts: { names?: Map<string, KnownName>; sink?: LineSink } = {}) {
    this.settings = parsed.settings;
    this.problems = parsed.problems;
    this.fingerprint = fingerprintOf(parsed);
    this.names = opts.names ?? new Map();
    this.sink = opts.sink ?? STDOUT;
    this.recorder = Recorder.fromEnv({
      recordedBy: `pulumi-entra-mto ${VERSION}`,
      graphHost: new URL(this.settings.graphEndpoint ?? "https://graph.microsoft.com").host,
      tenants: Object.entries(this.settings.tenants).map(([alias, t]) => ({ alias, tenantId: t.tenantId })),
      known: () => this.configuredSecrets(),
    });
  }

  /**
   * A context from configuration values (`entra-mto:<key>`). Given the context before it, with the
   * same settings and environment, that one is returned: the engine configures once per resource
   * kind, and the clients (their credentials and the tokens they hold) must last the whole run, so
   * a run asks Entra for one token per tenant, not one per tenant and resource kind.
   */
  static configure(get: (key: string) => string | undefined, previous?: ProviderContext, sink?: LineSink): ProviderContext {
    const parsed = parseSettings((key) => get(`entra-mto:${key}`));
    if (previous && previous.fingerprint === fingerprintOf(parsed) && (sink === undefined || sink === previous.sink)) return previous;
    return new ProviderContext(parsed, { names: previous?.names, sink: sink ?? previous?.sink });
  }

  /** The secrets configured now, to recognise one pasted into another input or a line. */
  configuredSecrets(): string[] {
    return configuredSecrets(this.settings);
  }

  tenantIdOf(alias: string): string | undefined {
    return this.settings.tenants[alias]?.tenantId;
  }

  /** The alias configured for a tenant id (the first, should two aliases name one tenant). */
  aliasOf(tenantId: string): string | undefined {
    const id = tenantId.toLowerCase();
    return Object.keys(this.settings.tenants).find((alias) => this.settings.tenants[alias].tenantId === id);
  }

  /** A tenant given by alias or by id: its id, when configured or a GUID. */
  private idOf(tenant: string): string | undefined {
    return this.tenantIdOf(tenant) ?? (GUID_PATTERN.test(tenant) ? tenant.toLowerCase() : undefined);
  }

  /**
   * Remembers a tenant's display name (tenant by alias or id), so every line names a tenant as people
   * know it. A `fallback` name (an organization's name for its owner, a name suggested for a
   * partner) never replaces one already known.
   */
  learnTenantName(tenant: unknown, displayName: unknown, opts: { fallback?: boolean } = {}): void {
    if (typeof tenant !== "string" || typeof displayName !== "string" || !displayName.trim()) return;
    const id = this.idOf(tenant);
    if (!id) return;
    const known = this.names.get(id);
    if (opts.fallback && known) return;
    if (known && !known.fallback && known.name === displayName) return;
    this.names.set(id, { name: displayName, fallback: opts.fallback === true });
  }

  /**
   * Names a tenant given by alias or by id (or both), with what the configuration and the names
   * learnt so far tell about it; a display name given here wins over a remembered one.
   */
  tenantName(tenant: string | { alias?: string; tenantId?: string; displayName?: string | null }): string {
    const ref = typeof tenant === "string" ? (this.tenantIdOf(tenant) || !GUID_PATTERN.test(tenant) ? { alias: tenant } : { tenantId: tenant }) : tenant;
    const tenantId = (ref.tenantId ?? (ref.alias ? this.tenantIdOf(ref.alias) : undefined))?.toLowerCase();
    const alias = ref.alias ?? (tenantId ? this.aliasOf(tenantId) : undefined);
    const displayName = ref.displayName || (tenantId ? this.names.get(tenantId)?.name : undefined);
    return nameOf(alias, displayName, tenantId);
  }

  /** The Graph client acting with a tenant alias's credentials, built on first use. */
  readonly graph = (alias: string): GraphClient => {
    let client = this.clients.get(alias);
    if (!client) {
      if (this.problems.length) throw new Error(`the provider configuration is invalid:\n  ${this.problems.join("\n  ")}`);
      const recorder = this.recorder;
      client = new GraphClient({
        credential: credentialFor(this.settings, alias, recorder ? [recorder.identityPolicy(alias)] : []),
        endpoint: this.settings.graphEndpoint,
        writeLog: this.writeLog,
        ...(recorder ? { onTheWire: recorder.graphMiddleware(alias) } : {}),
      });
      this.clients.set(alias, client);
    }
    return client;
  };

  /** A progress line. Authorization headers, tokens, keys and the configured secrets are redacted. */
  readonly log = (line: string): void => {
    this.sink(`[entra-mto] ${redact(line, this.configuredSecrets())}`);
  };
}

/** Variables credentials and clients read when they are built (Azure SDK, CI systems, our own). */
const CLIENT_ENV = /^(AZURE_|ENTRA_MTO_|SYSTEM_|ACTIONS_ID_TOKEN_|IDENTITY_|MSI_|IMDS_)/;

/** The settings and the environment the clients read, as a digest (the text holds secrets; only its hash is kept). */
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
