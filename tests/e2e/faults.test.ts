// The topology (examples/walkthrough, with Cairo's pilots synchronized into Berlin, so the
// synchronization routes take faults too) through the real engine under a fault matrix: 20 % of Graph
// requests throttled (429 with Retry-After), 5 % unavailable (503), 3 % of writes carried out and
// then their connection dropped, added latency, and read-after-write lag (a read within 500 ms of a
// write may be answered from the state before it). For each seed, `up`, a no-change
// `preview --refresh --expect-no-changes` and `destroy` must succeed, and the request log must show
// no member added, join submitted or synchronization configuration made twice, and no write the
// program did not ask for.
//
// A harsher profile keeps Graph asking for time: a third of requests throttled, one in six
// unavailable, with only two retries allowed for other failures, so an `up` survives only if
// throttling is waited out until the operation's deadline rather than counted out.
//
// `npm test` runs FAULT_SEEDS (default 3 seeds) of the matrix and HARSH_SEEDS (default 1) of the
// harsh profile; `npm run test:soak` runs SOAK_SEEDS=20 of each and prints a table: profile, seed,
// result of each phase, faults injected by kind, Graph requests, duplicate and unexpected writes,
// writes resent, duration.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtInId } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/emulator";
import type { FaultRule } from "../../emulator/faults";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { newEngineStack } from "./engine";

const count = (name: string, fallback: number) => (Number.isInteger(Number(process.env[name])) && Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);
// FAULT_SEED replays one seed (the draws also depend on how concurrent requests interleave).
const seeds = (n: number) => (process.env.FAULT_SEED ? [Number(process.env.FAULT_SEED)] : Array.from({ length: n }, (_, i) => i + 1));
const SEEDS = seeds(count("SOAK_SEEDS", count("FAULT_SEEDS", 3)));
const HARSH_SEEDS = seeds(count("SOAK_SEEDS", count("HARSH_SEEDS", 1)));
jest.setTimeout(300_000);

const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
/** Every Graph area the walkthrough touches: the organization, policies, synchronization and the people it names. */
const AREAS = "(tenantRelationships|policies|applicationTemplates|applications|servicePrincipals|groups|users)";
const GRAPH = `^(GET|POST|PUT|PATCH|DELETE) /${AREAS}/`;
const PILOTS = builtInId(CAIRO, "group", 1);
const FAULT_MATRIX: FaultRule[] = [
  { kind: "throttle", match: GRAPH, rate: 0.2, retryAfterSeconds: 1 },
  { kind: "unavailable", match: GRAPH, rate: 0.05, retryAfterSeconds: 1 },
  { kind: "drop", match: `^(POST|PUT|PATCH|DELETE) /${AREAS}/`, rate: 0.03 },
  { kind: "latency", match: GRAPH, rate: 0.25, ms: 40 },
  { kind: "stale", match: `^GET /${AREAS}/`, rate: 0.3, ms: 500 },
];
const HARSH: FaultRule[] = [
  { kind: "throttle", match: GRAPH, rate: 0.34, retryAfterSeconds: 1 },
  { kind: "unavailable", match: GRAPH, rate: 0.16, retryAfterSeconds: 1 },
  ...FAULT_MATRIX.filter((r) => r.kind !== "throttle" && r.kind !== "unavailable"),
];
type Profile = "matrix" | "harsh";
const PROFILES: Record<Profile, { rules: FaultRule[]; env: Record<string, string> }> = {
  matrix: { rules: FAULT_MATRIX, env: process.env.ENTRA_MTO_RETRIES ? { ENTRA_MTO_RETRIES: process.env.ENTRA_MTO_RETRIES } : {} },
  // Two retries: three failures in a row, one time in eight under this profile, would end a call
  // that counted throttled answers.
  harsh: { rules: HARSH, env: { ENTRA_MTO_RETRIES: "2" } },
};

// Tenant ids as the walkthrough's aliases, so writes read as what they do.
const ALIAS: Record<string, string> = { [CAIRO]: "cairo", [BERLIN]: "berlin", [ATHENS]: "athens" };
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const named = (id: string) => ALIAS[id.toLowerCase()] ?? "other";
const describeWrite = (e: RequestLogEntry) => `${e.method} ${e.path.replace(GUID, (id) => `{${named(id)}}`)} by ${named(e.tenantId ?? "")}`;

// What the program asks for, phase by phase (any pair of its three tenants, in either direction).
const MTO = "/tenantRelationships/multiTenantOrganization";
const XTAP = "/policies/crossTenantAccessPolicy";
const T = "(cairo|berlin|athens)";
const ALLOWED: Record<"up" | "preview" | "destroy", RegExp[]> = {
  up: [
    new RegExp(`^PATCH ${XTAP}/templates/multiTenantOrganization(PartnerConfiguration|IdentitySynchronization) by ${T}$`),
    /^(PUT|PATCH) \/tenantRelationships\/multiTenantOrganization by cairo$/,
    /^POST \/tenantRelationships\/multiTenantOrganization\/tenants by cairo$/,
    /^PATCH \/tenantRelationships\/multiTenantOrganization\/joinRequest by (berlin|athens)$/,
    new RegExp(`^(POST ${XTAP}/partners|PATCH ${XTAP}/partners/\\{${T}\\}) by ${T}$`),
    new RegExp(`^(PUT|PATCH) ${XTAP}/partners/\\{cairo\\}/identitySynchronization by berlin$`),
    // Cairo's synchronization configuration toward Berlin, in Graph's order.
    /^POST \/applicationTemplates\/\{other\}\/instantiate by cairo$/,
    /^POST \/servicePrincipals\/\{other\}\/synchronization\/jobs(\/validateCredentials)? by cairo$/,
    /^PUT \/servicePrincipals\/\{other\}\/synchronization\/secrets by cairo$/,
    /^POST \/servicePrincipals\/\{other\}\/appRoleAssignedTo by cairo$/,
    /^POST \/servicePrincipals\/\{other\}\/synchronization\/jobs\/[^/]+\/start by cairo$/,
  ],
  preview: [],
  destroy: [
    new RegExp(`^DELETE ${XTAP}/partners/\\{${T}\\}(/identitySynchronization)? by ${T}$`),
    new RegExp(`^POST ${XTAP}/templates/multiTenantOrganization(PartnerConfiguration|IdentitySynchronization)/resetToDefaultSettings by ${T}$`),
    new RegExp(`^DELETE ${MTO}/tenants/\\{${T}\\} by cairo$`),
    /^POST \/servicePrincipals\/\{other\}\/synchronization\/jobs\/[^/]+\/pause by cairo$/,
    /^DELETE \/(servicePrincipals\/\{other\}\/synchronization\/jobs\/[^/]+|applications\/\{other\}) by cairo$/,
  ],
};
/** How often the program asks for a write at most (once, but for the two members Cairo adds). */
const limitOf = (key: string) => (key === `POST ${MTO}/tenants by cairo` ? 2 : 1);
/** Writes that, done twice, leave two of something (a member, a join, a configuration, a job, an assignment). */
const isAddOrJoin = (key: string) =>
  key === `POST ${MTO}/tenants by cairo` ||
  key.startsWith(`PATCH ${MTO}/joinRequest`) ||
  /^POST \/(applicationTemplates\/\{other\}\/instantiate|servicePrincipals\/\{other\}\/(synchronization\/jobs|appRoleAssignedTo)) by cairo$/.test(key);

interface PhaseReport {
  result: string;
  requests: number;
  faults: Record<string, number>;
  /** Member additions or joins carried out more often than asked for. */
  duplicates: string[];
  /** Writes carried out that the program does not ask for in this phase. */
  unexpected: string[];
  /** Other writes carried out more than once (sent again after Graph's state did not show them). */
  resent: string[];
  /** Faults injected into the synchronization routes (the configuration, its scope and job). */
  syncFaults: number;
}

interface SeedReport {
  profile: Profile;
  seed: number;
  phases: Record<"up" | "preview" | "destroy", PhaseReport>;
  ms: number;
}

function analyse(phase: "up" | "preview" | "destroy", result: string, log: RequestLogEntry[]): PhaseReport {
  const graph = log.filter((e) => new RegExp(`^/${AREAS}/`).test(e.path));
  const faults: Record<string, number> = {};
  for (const e of graph) for (const k of e.faults ?? []) faults[k] = (faults[k] ?? 0) + 1;
  const carried = graph.filter((e) => e.method !== "GET" && e.status < 300).map(describeWrite);
  const times = new Map<string, number>();
  for (const key of carried) times.set(key, (times.get(key) ?? 0) + 1);
  const over = [...times].filter(([key, n]) => n > limitOf(key)).map(([key, n]) => `${key} ×${n}`);
  return {
    result,
    requests: graph.length,
    faults,
    duplicates: over.filter((line) => isAddOrJoin(line.replace(/ ×\d+$/, ""))),
    unexpected: [...new Set(carried.filter((key) => !ALLOWED[phase].some((re) => re.test(key))))],
    resent: over.filter((line) => !isAddOrJoin(line.replace(/ ×\d+$/, ""))),
    syncFaults: graph.filter((e) => /^\/(applicationTemplates|applications|servicePrincipals)\//.test(e.path)).reduce((n, e) => n + (e.faults?.length ?? 0), 0),
  };
}

let em: TestEmulator;
const reports: SeedReport[] = [];
beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => {
  await em?.dispose();
  if (reports.length) console.log(table(reports));
});

async function runSeed(profile: Profile, seed: number): Promise<SeedReport> {
  em.emulator.faults.clear();
  em.emulator.reset();
  const engine = await newEngineStack({
    workDir: path.join(repoRoot, "examples", "walkthrough"),
    extraEnv: {
      NODE_EXTRA_CA_CERTS: em.caPath,
      [SECRET_ENV]: ADMIN_APP.secrets![0],
      // Fast polls and retries against the fast emulator; production defaults otherwise (six
      // retries). Confirming an ambiguous write reads for 1 s: longer than the 500 ms of lag.
      ENTRA_MTO_POLL_INITIAL_MS: "100",
      ENTRA_MTO_POLL_MAX_MS: "300",
      ENTRA_MTO_RETRY_MIN_MS: "20",
      ENTRA_MTO_RETRY_MAX_MS: "200",
      ENTRA_MTO_RETRY_AFTER_MAX_MS: "100",
      ENTRA_MTO_CONFIRM_MS: "1000",
      ...PROFILES[profile].env,
    },
  });
  const { stack } = engine;
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  await stack.setAllConfig({
    "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) }) },
    "entra-mto:graphEndpoint": { value: em.url },
    "entra-mto:authorityHost": { value: em.url },
    peopleScope: { value: JSON.stringify({ groups: [PILOTS] }) },
  });
  const started = Date.now();
  const phases = {} as SeedReport["phases"];
  const run = async (phase: "up" | "preview" | "destroy", op: () => Promise<unknown>) => {
    em.emulator.clearLog();
    let result = "ok";
    try {
      await op();
    } catch (err) {
      // The engine's own lines say what failed; the provider's error follows "error:".
      const lines = String((err as Error).message ?? err)
        .split("\n")
        .map((l) => l.trim());
      const said = lines.filter((l) => (/^\* /.test(l) || /error:|refused|timed out|failed:/i.test(l)) && !/^(stderr: )?Command failed|^err\?:|error occurred:$/.test(l));
      result = `failed: ${[...new Set(said)].slice(0, 6).join(" | ").slice(0, 1500)}`;
    }
    phases[phase] = analyse(phase, result, em.emulator.log);
    // A failed phase leaves its request log behind, for the report to point at.
    if (result !== "ok") {
      const file = path.join(os.tmpdir(), `entra-mto-faults-${profile}-seed-${seed}-${phase}.json`);
      fs.writeFileSync(file, JSON.stringify(em.emulator.log, null, 1));
      phases[phase].result += ` (request log: ${file})`;
    }
  };
  try {
    em.emulator.setFaults({ seed, rules: PROFILES[profile].rules });
    await run("up", () => stack.up());
    await run("preview", () => stack.preview({ refresh: true, expectNoChanges: true }));
    await run("destroy", () => stack.destroy());
  } finally {
    em.emulator.faults.clear();
    // Whatever a failed run left behind goes without faults, so the next seed starts clean.
    if (phases.destroy?.result !== "ok") await stack.destroy().catch(() => undefined);
    await engine.dispose();
  }
  return { profile, seed, phases, ms: Date.now() - started };
}

function table(rows: SeedReport[]): string {
  const kinds = ["throttle", "unavailable", "drop", "latency", "stale"];
  const faultsOf = (r: SeedReport) => {
    const sum: Record<string, number> = {};
    for (const p of Object.values(r.phases)) for (const [k, n] of Object.entries(p.faults)) sum[k] = (sum[k] ?? 0) + n;
    return kinds.map((k) => sum[k] ?? 0).join(" / ");
  };
  const total = (r: SeedReport, f: (p: PhaseReport) => number) => Object.values(r.phases).reduce((n, p) => n + f(p), 0);
  const lines = [
    `| profile | seed | up | preview | destroy | faults: ${kinds.join(" / ")} | Graph requests | duplicate adds/joins | unexpected writes | writes resent | duration |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows
      .map((r) =>
        [
          r.profile,
          r.seed,
          r.phases.up?.result,
          r.phases.preview?.result,
          r.phases.destroy?.result,
          faultsOf(r),
          total(r, (p) => p.requests),
          total(r, (p) => p.duplicates.length),
          total(r, (p) => p.unexpected.length),
          total(r, (p) => p.resent.length),
          `${(r.ms / 1000).toFixed(1)} s`,
        ].join(" | "),
      )
      .map((l) => `| ${l} |`),
  ];
  const ok = rows.filter((r) => Object.values(r.phases).every((p) => p.result === "ok" && !p.duplicates.length && !p.unexpected.length)).length;
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  lines.push("", `${ok} of ${rows.length} seeds passed; duration median ${(ms[Math.floor(ms.length / 2)] / 1000).toFixed(1)} s, max ${(ms[ms.length - 1] / 1000).toFixed(1)} s`);
  const details = rows.flatMap((r) =>
    Object.entries(r.phases).flatMap(([phase, p]) =>
      [...p.duplicates, ...p.unexpected.map((u) => `unexpected ${u}`), ...p.resent.map((s) => `resent ${s}`)].map((d) => `${r.profile} seed ${r.seed} ${phase}: ${d}`),
    ),
  );
  return [...lines, ...details].join("\n");
}

const CASES: [Profile, number][] = [...SEEDS.map((s): [Profile, number] => ["matrix", s]), ...HARSH_SEEDS.map((s): [Profile, number] => ["harsh", s])];

test.each(CASES)("%s, seed %d: up, a no-change preview --refresh and destroy succeed under the faults, with no duplicate or unasked-for write", async (profile, seed) => {
  const report = await runSeed(profile, seed);
  reports.push(report);
  for (const phase of ["up", "preview", "destroy"] as const) {
    const p = report.phases[phase];
    expect({ phase, result: p.result, duplicates: p.duplicates, unexpected: p.unexpected }).toEqual({ phase, result: "ok", duplicates: [], unexpected: [] });
  }
  // The faults did bite: every kind was injected in this run, the synchronization routes included.
  expect(Object.values(report.phases).reduce((n, p) => n + p.syncFaults, 0)).toBeGreaterThan(0);
  const injected = new Set(Object.values(report.phases).flatMap((p) => Object.keys(p.faults)));
  expect([...injected].sort()).toEqual(expect.arrayContaining(["latency", "stale", "throttle", "unavailable"]));
  if (profile === "harsh") {
    // A third or more of Graph's answers asked for time.
    const all = Object.values(report.phases);
    const busy = all.reduce((n, p) => n + (p.faults.throttle ?? 0) + (p.faults.unavailable ?? 0), 0);
    expect(busy / all.reduce((n, p) => n + p.requests, 0)).toBeGreaterThanOrEqual(1 / 3);
  }
});
