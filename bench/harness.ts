// What the timing benchmarks share: an emulator in a temporary folder whose CA this process trusts,
// the project's own Graph client for any tenant of its world, and calls counted by route.
import { ClientSecretCredential } from "@azure/identity";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { DEFAULT_WORLD, type RunningEmulator, type StartOptions, startEmulator } from "../emulator";
import type { RequestLogEntry } from "../emulator/emulator";
import { GraphClient } from "../provider/graph/client";
import { offlineEnv, pulumiCliDir, repoRoot, scratchPulumiDirs } from "../scripts/pulumi-env";

export const [CAIRO, BERLIN, ATHENS] = DEFAULT_WORLD.tenants.map((t) => t.id);
export const ADMIN_APP = DEFAULT_WORLD.apps[0];

export interface BenchEmulator extends RunningEmulator {
  /** The provider's Graph client (retries, error mapping) acting in `tenantId` with the admin app. */
  graph(tenantId: string): GraphClient;
  dispose(): Promise<void>;
}

/** One CA and server certificate for every emulator of this process: making them takes seconds. */
let tlsDir: string | undefined;

export async function benchEmulator(opts: Omit<StartOptions, "dataDir">): Promise<BenchEmulator> {
  if (!tlsDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-bench-tls-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    tlsDir = dir;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-bench-"));
  const running = await startEmulator({ tlsDir, ...opts, dataDir });
  // NODE_EXTRA_CA_CERTS is read at process start only: trust the new CA in this process directly.
  const ca = fs.readFileSync(running.caPath, "utf8");
  const trusted = tls.getCACertificates("default");
  if (!trusted.includes(ca)) tls.setDefaultCACertificates([...trusted, ca]);
  const clients = new Map<string, GraphClient>();
  return {
    ...running,
    graph(tenantId) {
      let client = clients.get(tenantId);
      if (!client) {
        const credential = new ClientSecretCredential(tenantId, ADMIN_APP.clientId, ADMIN_APP.secrets![0], { authorityHost: running.url, disableInstanceDiscovery: true });
        client = new GraphClient({ credential, endpoint: running.url });
        clients.set(tenantId, client);
      }
      return client;
    },
    async dispose() {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const SECRET_ENV = "ENTRA_MTO_BENCH_CLIENT_SECRET";

/**
 * A new stack of an example program (`examples/<example>`) on a scratch backend, against `em` with
 * the provider's poll schedule scaled as its durations are; `entra-mto:tenants` configured for
 * `tenants` (alias → id) with the admin app's secret from the environment. `dispose` removes the
 * stack file and the folders.
 */
export async function exampleStack(opts: {
  example: string;
  name: string;
  em: BenchEmulator;
  scale: number;
  smoke: boolean;
  tenants: Record<string, string>;
}): Promise<{ stack: Stack; dispose(): void }> {
  const dirs = scratchPulumiDirs(`entra-mto-bench-${opts.name}`);
  const workDir = path.join(repoRoot, "examples", opts.example);
  const stackName = `bench-${opts.name}-${process.pid}`;
  const dispose = () => {
    fs.rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
    dirs.dispose();
  };
  try {
    const envVars = offlineEnv({
      stateDir: dirs.stateDir,
      pulumiHome: dirs.pulumiHome,
      // Smoke: the program is not type-checked, to stay within its time on a busy machine.
      extra: { ...opts.em.env, [SECRET_ENV]: ADMIN_APP.secrets![0], ENTRA_MTO_TIME_SCALE: String(opts.scale), ...(opts.smoke ? { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } : {}) },
    });
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(pulumiCliDir()) });
    const stack = await LocalWorkspace.createStack({ stackName, workDir }, { pulumiCommand, pulumiHome: dirs.pulumiHome, envVars, secretsProvider: "passphrase" });
    const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
    await stack.setConfig("entra-mto:tenants", { value: JSON.stringify(Object.fromEntries(Object.entries(opts.tenants).map(([alias, id]) => [alias, tenant(id)]))) });
    return { stack, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/** Calls by route ("GET /tenantRelationships/…/joinRequest"), most frequent first. */
export function callsByRoute(log: RequestLogEntry[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of log) counts.set(e.route, (counts.get(e.route) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Whether a logged call went to Graph (not to the identity endpoints). */
export const isGraphCall = (e: RequestLogEntry) => !/\/oauth2\/|\/\.well-known\//.test(e.route);

/** Seconds with one decimal, for tables. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;
