// Provider handlers against a live emulator: real credentials, the real Graph client, HTTPS.
import { ProviderContext } from "../../provider/context";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "../emulator/harness";

export { ATHENS, BERLIN, CAIRO, DENVER };

/** Stack configuration as the dynamic-provider process receives it (values are strings). */
export function tenantsConfig(url: string, tenants: Record<string, string>): Record<string, string> {
  const entries = Object.entries(tenants).map(([alias, tenantId]) => [
    alias,
    { tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecret: ADMIN_APP.secrets![0] },
  ]);
  return {
    "entra-mto:tenants": JSON.stringify(Object.fromEntries(entries)),
    "entra-mto:graphEndpoint": url,
    "entra-mto:authorityHost": url,
  };
}

/** A provider context from stack configuration, as `configure` builds it in the dynamic-provider process. */
export function contextFrom(config: Record<string, string | undefined>, sink?: (line: string) => void): ProviderContext {
  return ProviderContext.configure((key) => config[key], undefined, sink);
}

/**
 * A live emulator with the four test tenants configured: `config` as a stack holds it, `ctx` the
 * context the handlers act in.
 */
export async function providerEmulator(): Promise<TestEmulator & { ctx: ProviderContext; config: Record<string, string> }> {
  // Poll quickly: the emulator's fast profile finishes jobs in a few hundred milliseconds.
  process.env.ENTRA_MTO_POLL_INITIAL_MS = "50";
  process.env.ENTRA_MTO_POLL_MAX_MS = "200";
  const em = await testEmulator({ manualClock: false, profile: "fast" });
  const config = tenantsConfig(em.url, { cairo: CAIRO, berlin: BERLIN, athens: ATHENS, denver: DENVER });
  return Object.assign(em, { ctx: contextFrom(config), config });
}

/** Graph calls the emulator served for a route, e.g. "GET /tenantRelationships/multiTenantOrganization/tenants". */
export function calls(em: TestEmulator, route: string): number {
  return em.emulator.counters[route] ?? 0;
}
