// The provider process's context: settings from `configure` (or the environment when a program
// runs without it), one Graph client per tenant alias, and the log. Credentials are created here
// when an operation needs them and stay here.
import { GraphClient } from "./graph/client";
import { configuredSecrets, credentialFor, parseSettings, type ProviderSettings } from "./credentials";
import { redact } from "./inputs/secrets";

let current: ProviderSettings | undefined;
let problems: string[] = [];
const clients = new Map<string, GraphClient>();

/** Called by each dynamic provider's `configure` with the stack configuration. */
export function configure(get: (key: string) => string | undefined): void {
  const parsed = parseSettings((key) => get(`entra-mto:${key}`));
  current = parsed.settings;
  problems = parsed.problems;
  clients.clear();
}

/** In a program process (tenant lookups), from the stack configuration, unless configured already. */
export function configureIfUnset(get: (key: string) => string | undefined): void {
  if (!current) configure(get);
}

export function settings(): ProviderSettings {
  if (!current) configure(() => undefined);
  return current!;
}

/** Configuration problems, reported by `check` so `preview` shows them. */
export function configurationProblems(): string[] {
  settings();
  return problems;
}

export function tenantIdOf(alias: string): string | undefined {
  return settings().tenants[alias]?.tenantId;
}

export function graph(alias: string): GraphClient {
  let client = clients.get(alias);
  if (!client) {
    if (problems.length) throw new Error(`the provider configuration is invalid:\n  ${problems.join("\n  ")}`);
    const s = settings();
    client = new GraphClient({ credential: credentialFor(s, alias), endpoint: s.graphEndpoint });
    clients.set(alias, client);
  }
  return client;
}

/**
 * Progress lines: the engine shows the dynamic provider's stdout among the stack's diagnostics.
 * Authorization headers, tokens, keys and the configured secrets are redacted from every line.
 */
export function log(line: string): void {
  console.log(`[entra-mto] ${redact(line, current ? configuredSecrets(current) : [])}`);
}
