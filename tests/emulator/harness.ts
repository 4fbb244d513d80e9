// Test harness: an emulator in a temporary data directory, trusted in-process, and real
// @azure/identity credentials with the real Graph client for any tenant of the world.
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { DEFAULT_WORLD, type RunningEmulator, type StartOptions, startEmulator } from "../../emulator";

export const [CAIRO, BERLIN, ATHENS, DENVER] = DEFAULT_WORLD.tenants.map((t) => t.id);
export const ADMIN_APP = DEFAULT_WORLD.apps[0];
export const AUDITOR_APP = DEFAULT_WORLD.apps[1];

/** Trust the emulator's CA in this process (NODE_EXTRA_CA_CERTS is read only at process start). */
function trust(caPath: string): void {
  const ca = fs.readFileSync(caPath, "utf8");
  const current = tls.getCACertificates("default");
  if (!current.includes(ca)) tls.setDefaultCACertificates([...current, ca]);
}

export interface TestEmulator extends RunningEmulator {
  dataDir: string;
  credential(tenantId: string, app?: { clientId: string; secrets?: string[] }): TokenCredential;
  graph(tenantId: string, opts?: { app?: { clientId: string; secrets?: string[] }; version?: "v1.0" | "beta" }): Client;
  /** A raw Graph request as `tenantId`'s admin app: status, content type and parsed body (JSON or text). */
  call(tenantId: string, method: string, url: string, body?: unknown, version?: "v1.0" | "beta"): Promise<RawResponse>;
  advance(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  // Tests read whatever Graph answered; its shape is what they assert.
  body: any;
}

/**
 * One CA per test file: emulators started by one file share it. Jest evaluates this module once per
 * test file and may end its worker without an exit event, so the folder goes with the file's last hook.
 */
const tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-tls-"));
afterAll(() => fs.rmSync(tlsDir, { recursive: true, force: true }));

export async function testEmulator(opts: Partial<StartOptions> = {}): Promise<TestEmulator> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-emulator-"));
  // An emulator that refuses its options never gets a dispose: its folder goes now.
  const running = await startEmulator({ manualClock: true, profile: "fast", tlsDir, ...opts, dataDir }).catch((err) => {
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  trust(running.caPath);
  const credential = (tenantId: string, app: { clientId: string; secrets?: string[] } = ADMIN_APP) =>
    new ClientSecretCredential(tenantId, app.clientId, app.secrets![0], { authorityHost: running.url, disableInstanceDiscovery: true });
  const tokens = new Map<string, string>();
  const call = async (tenantId: string, method: string, url: string, body?: unknown, version = "v1.0"): Promise<RawResponse> => {
    if (!tokens.has(tenantId)) tokens.set(tenantId, (await credential(tenantId).getToken("https://graph.microsoft.com/.default"))!.token);
    const r = await fetch(`${running.url}/${version}${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(tenantId)}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    const contentType = r.headers.get("content-type");
    return { status: r.status, contentType, body: text && contentType?.startsWith("application/json") ? JSON.parse(text) : text || undefined };
  };
  return {
    ...running,
    dataDir,
    credential,
    call,
    graph: (tenantId, o = {}) =>
      Client.initWithMiddleware({
        authProvider: new TokenCredentialAuthenticationProvider(credential(tenantId, o.app), { scopes: ["https://graph.microsoft.com/.default"] }),
        baseUrl: running.url,
        defaultVersion: o.version ?? "v1.0",
        customHosts: new Set([new URL(running.url).hostname]),
      }),
    advance: async (ms) => {
      running.emulator.advance(ms);
    },
    dispose: async () => {
      await running.stop();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
