// startEmulator: the Graph and Entra emulator for code and tests. Binds to 127.0.0.1 by default.
import * as path from "node:path";
import { Emulator, type EmulatorOptions } from "./emulator";
import { IdentityService } from "./identity";
import { buildServer } from "./server";
import { ensureTls } from "./tls";

export { Emulator } from "./emulator";
export type { EmulatorOptions } from "./emulator";
export { CTS_ADMIN_PERMISSIONS, CTS_READ_PERMISSIONS, DEFAULT_WORLD, MTO_ADMIN_PERMISSIONS } from "./model/world";
export type { World, WorldApp, WorldGroup, WorldTenant, WorldUser } from "./model/world";
/** Ids of the built-in users (1-7) and groups (1-3) of a tenant's directory. */
export { builtInId } from "./model/directory-seed";
export type { FaultConfig, FaultRule } from "./faults";
export { type JobRecord, criticalPathMs } from "./jobs";
export type { Durations, JobKind, Profile, SyncTimingKind, TimingKind } from "./model/timing";

export interface StartOptions extends EmulatorOptions {
  port?: number;
  host?: string;
  /** Where the CA and server certificate live (default: the data directory). */
  tlsDir?: string;
}

export interface RunningEmulator {
  /** Base URL, e.g. https://127.0.0.1:8443: the Graph endpoint and the authority host alike. */
  url: string;
  /** The local CA's certificate: give it to clients through NODE_EXTRA_CA_CERTS. */
  caPath: string;
  emulator: Emulator;
  /** Environment lines a client process needs to reach and trust the emulator. */
  env: Record<string, string>;
  /** The tokens it issued (access tokens, federated assertions): for tests that scan output for leaks. */
  issuedTokens(): string[];
  /** Sends a request through the server's routes in process, without a connection (the replay's way in). */
  inject(request: { method: string; url: string; headers?: Record<string, string>; payload?: string }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  stop(): Promise<void>;
}

export async function startEmulator(options: StartOptions): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const dataDir = path.resolve(options.dataDir);
  const emulator = new Emulator({ ...options, dataDir });
  const tls = ensureTls(path.resolve(options.tlsDir ?? dataDir));
  const identity = await IdentityService.open(dataDir, () => emulator.baseUrl);
  const server = buildServer(emulator, identity, tls);
  await server.listen({ port: options.port ?? 0, host });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  emulator.baseUrl = url;
  return {
    url,
    caPath: tls.caPath,
    emulator,
    env: { NODE_EXTRA_CA_CERTS: tls.caPath, ENTRA_MTO_GRAPH_ENDPOINT: url, AZURE_AUTHORITY_HOST: url, NO_PROXY: "localhost,127.0.0.1" },
    issuedTokens: () => identity.issued(),
    inject: async (request) => {
      const r = await server.inject({ method: request.method as "GET", url: request.url, headers: request.headers, payload: request.payload });
      return { status: r.statusCode, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)])), body: r.body };
    },
    stop: async () => {
      await server.close();
      emulator.persist();
    },
  };
}
