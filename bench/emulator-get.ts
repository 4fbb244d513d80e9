// `npm run bench`: throughput and latency of the emulator for simple Graph GETs at 50 concurrent
// connections, with the emulator alone on one core. Reported against a floor measured in the same
// run: the same server answering its cheapest route (no token check, no model).
import { ClientSecretCredential } from "@azure/identity";
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { DEFAULT_WORLD } from "../emulator/model/world";

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const [CAIRO] = DEFAULT_WORLD.tenants.map((t) => t.id);
const APP = DEFAULT_WORLD.apps[0];

async function startEmulatorProcess(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const cli = path.resolve(__dirname, "..", "emulator", "cli.js");
  // Pin the emulator to core 0 when taskset exists, so "one core" means one core.
  const pinned = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  const [cmd, args] = pinned ? ["taskset", ["-c", "0", process.execPath, cli]] : [process.execPath, [cli]];
  const child = spawn(cmd, [...args, "--port", "0", "--data-dir", dataDir, "--profile", "instant"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { url, stop: () => (child.kill(), exited) };
}

async function load(url: string, headers: Record<string, string>) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-bench-"));
  const emu = await startEmulatorProcess(dataDir);
  try {
    tls.setDefaultCACertificates([...tls.getCACertificates("default"), fs.readFileSync(path.join(dataDir, "ca.pem"), "utf8")]);
    const token = await new ClientSecretCredential(CAIRO, APP.clientId, APP.secrets![0], { authorityHost: emu.url, disableInstanceDiscovery: true }).getToken("https://graph.microsoft.com/.default");
    const auth = { authorization: `Bearer ${token!.token}` };
    await load(`${emu.url}/v1.0/tenantRelationships/multiTenantOrganization`, auth); // warm-up
    const floor = await load(`${emu.url}/_emulator/clock`, {});
    const mto = await load(`${emu.url}/v1.0/tenantRelationships/multiTenantOrganization`, auth);
    const members = await load(`${emu.url}/v1.0/tenantRelationships/multiTenantOrganization/tenants`, auth);
    const rows = [
      ["floor: GET /_emulator/clock", floor],
      ["GET multiTenantOrganization", mto],
      ["GET multiTenantOrganization/tenants", members],
    ] as const;
    console.log(`emulator, ${CONNECTIONS} connections, ${SECONDS} s per route, ${os.cpus().length} cores, emulator on one core`);
    console.log("route                                   req/s   p50 ms  p99 ms  ratio to floor  non-2xx");
    for (const [name, r] of rows) {
      console.log(`${name.padEnd(38)} ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${(r.rps / floor.rps).toFixed(2).padStart(14)}  ${String(r.non2xx + r.errors).padStart(7)}`);
    }
    const ok = mto.rps >= 2000 && mto.p99 < 10 && mto.non2xx === 0;
    console.log(`target (>= 2000 req/s and p99 < 10 ms on GET multiTenantOrganization): ${ok ? "met" : "NOT met"}`);
  } finally {
    await emu.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exit(1);
});
