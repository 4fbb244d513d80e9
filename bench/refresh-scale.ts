// Refresh at scale (issue #12, item 3): `pulumi preview --refresh` of an organization of N member
// tenants (N = 5, 20, 100, 500; smoke: 3), Graph and identity calls per route as a function of N,
// and its wall time against a floor measured in the same run: the same number of no-op dynamic
// resources, with the same dependencies, inputs and outputs, refreshed by the same program
// (examples/bench-scale with `mode: floor`), the two runs interleaved. The floor differs from the
// real refresh only in what the provider does: Graph and Entra calls, credentials, its checks.
//
// Stack shape: one resource per Graph object, the organization, N members and N join requests
// (2N + 1 resources). The topology cannot be the shape at these sizes: it declares a partner
// configuration for every ordered pair of tenants, N·(N+1) resources (250,500 at N = 500).
//
// Setup, not measured: the organization is seeded into the emulator's model (instant profile) by
// the model's own functions (the owner creates it and adds the members), each join completed as
// the model completes one, minus the partner configurations a join generates (N² objects no
// resource of this stack reads). At the smallest size `pulumi up` adopts it; the state of larger
// sizes is that state with its first member and join repeated for every tenant (`pulumi stack
// import`), since `up` of 1,000 resources takes minutes of engine time on 2 cores. Timestamps are
// seeded from a fixed instant so Graph and the repeated state agree; the first size built this way
// is checked with `pulumi refresh` (reads only), which must find every resource unchanged.
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type RunningEmulator, type World, MTO_ADMIN_PERMISSIONS, startEmulator } from "../emulator";
import { addMember, applyDueJobs, putOrganization } from "../emulator/model/mto";
import { nextId } from "../emulator/model/state";
import { graphTime } from "../emulator/model/timing";
import { offlineEnv, pulumiCliDir, repoRoot, scratchPulumiDirs } from "../scripts/pulumi-env";
import { vegaLiteSvg } from "./plot";
import type { Bench, BenchResult, Goal } from "./result";

const FULL_SIZES = [5, 20, 100, 500];
const SMOKE_SIZES = [3];
/** Timed runs of the refresh and of the floor at each size, interleaved; medians are reported. */
const repetitions = (n: number, smoke: boolean) => (smoke ? 1 : n >= 100 ? 2 : 3);
const WALL_RATIO_LIMIT = 1.3;

const MTO = "/tenantRelationships/multiTenantOrganization";
const SECRET_ENV = "ENTRA_MTO_BENCH_CLIENT_SECRET";
const SECRET = "bench-secret-refresh-scale";
const CLIENT_ID = "b0b0b0b0-0000-4000-8000-00000000b001";
/** The program's project name (examples/bench-scale/Pulumi.yaml): the namespace of its settings. */
const PROJECT = "mto-bench-scale";
/** Graph's timestamps of the seeded organization (creation, additions, joins). */
const SEEDED_AT = Date.parse("2026-01-01T00:00:00Z");

/** Route classes the issue names, in the order reported. */
const CLASSES = ["member list", "member GET", "join-request GET", "organization GET", "token", "OpenID discovery", "other"] as const;
type CallClass = (typeof CLASSES)[number];

function classOf(route: string): CallClass {
  if (route === `GET ${MTO}/tenants`) return "member list";
  if (route === `GET ${MTO}/tenants/{id}`) return "member GET";
  if (route === `GET ${MTO}/joinRequest`) return "join-request GET";
  if (route === `GET ${MTO}`) return "organization GET";
  if (route.endsWith("/oauth2/v2.0/token")) return "token";
  if (route.endsWith("/.well-known/openid-configuration")) return "OpenID discovery";
  return "other";
}

const hex = (i: number, width: number) => (0x50000 + i).toString(16).padStart(width, "0");
export const tenantId = (i: number) => `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;
const alias = (i: number) => (i === 0 ? "owner" : `m${i}`);

/** Tenant 0 owns; tenants 1..max are members. One app consented in every tenant. */
export function world(max: number): World {
  const tenants = Array.from({ length: max + 1 }, (_, i) => ({
    id: tenantId(i),
    displayName: i === 0 ? "Owner" : `Tenant ${alias(i)}`,
    defaultDomain: `${alias(i)}.onmicrosoft.com`,
    internalUserCount: 100,
  }));
  return {
    tenants,
    apps: [{ clientId: CLIENT_ID, displayName: "bench", secrets: [SECRET], grants: Object.fromEntries(tenants.map((t) => [t.id, MTO_ADMIN_PERMISSIONS])) }],
    limits: { maxActiveTenants: max + 1 },
  };
}

/** The organization of tenant 0 with tenants 1..n active in it, written into the model directly. */
export function seed(em: RunningEmulator, n: number): void {
  const emulator = em.emulator;
  const state = emulator.state;
  const ctx = { ...emulator.ctx(), now: SEEDED_AT };
  const owner = tenantId(0);
  putOrganization(state, ctx, owner, { displayName: "Bench organization" });
  applyDueJobs(state, ctx.now);
  const org = state.orgs[state.tenants[owner].orgId!];
  for (let i = 1; i <= n; i++) {
    const id = tenantId(i);
    addMember(state, ctx, owner, { tenantId: id, displayName: `Tenant ${alias(i)}` });
    // The join, completed as the model completes one (without generating partner configurations).
    const t = state.tenants[id];
    t.joinRequest = { id: t.joinRequest.id, addedByTenantId: owner, failure: null };
    org.members[id].state = "active";
    org.members[id].joinedDateTime = graphTime(ctx.now);
    t.orgId = org.id;
    t.mtoObjectId = nextId(state);
  }
  emulator.persist();
}

export interface Stacks {
  real: Stack;
  floor: Stack;
  /** Points both stacks at an organization of n members. */
  configure(n: number): Promise<void>;
  /** The configuration of a stack for n members, by fully qualified key. */
  config(n: number, mode: Mode): Record<string, string>;
  dispose(): Promise<void>;
}

type Mode = "organization" | "floor";

export async function stacks(em: RunningEmulator, command: PulumiCommand, dirs: { stateDir: string; pulumiHome: string }, tag: string): Promise<Stacks> {
  const workDir = path.join(repoRoot, "examples", "bench-scale");
  const envVars = offlineEnv({ ...dirs, extra: { ...em.env, [SECRET_ENV]: SECRET, ENTRA_MTO_POLL_INITIAL_MS: "50", ENTRA_MTO_POLL_MAX_MS: "500" } });
  const names: string[] = [];
  const make = async (mode: string) => {
    const stackName = `bench-${tag}-${mode}-${process.pid}`;
    names.push(stackName);
    return LocalWorkspace.createStack({ stackName, workDir }, { pulumiCommand: command, pulumiHome: dirs.pulumiHome, envVars, secretsProvider: "passphrase" });
  };
  const real = await make("organization");
  const floor = await make("floor");
  // The floor's program reads none of the tenants' settings, but gets the same configuration.
  const config = (n: number, mode: Mode): Record<string, string> => ({
    "entra-mto:tenants": JSON.stringify(
      Object.fromEntries(Array.from({ length: n + 1 }, (_, i) => [alias(i), { tenantId: tenantId(i), auth: "clientSecret", clientId: CLIENT_ID, clientSecretEnv: SECRET_ENV }])),
    ),
    "entra-mto:graphEndpoint": em.url,
    "entra-mto:authorityHost": em.url,
    [`${PROJECT}:members`]: String(n),
    [`${PROJECT}:mode`]: mode,
  });
  const values = (c: Record<string, string>) => Object.fromEntries(Object.entries(c).map(([k, value]) => [k, { value }]));
  return {
    real,
    floor,
    config,
    async configure(n) {
      await real.setAllConfig(values(config(n, "organization")));
      await floor.setAllConfig(values(config(n, "floor")));
    },
    async dispose() {
      for (const [stack, name] of [
        [real, names[0]],
        [floor, names[1]],
      ] as const) {
        await stack.workspace.removeStack(name, { force: true }).catch(() => undefined);
        fs.rmSync(path.join(workDir, `Pulumi.${name}.yaml`), { force: true });
      }
    },
  };
}

type Deployment = Awaited<ReturnType<Stack["exportStack"]>>;
interface StateResource {
  urn: string;
  type: string;
  [key: string]: unknown;
}

/** Every string in `value` (but the serialized providers) with `f` applied. */
function mapStrings(value: unknown, f: (s: string) => string, key = ""): unknown {
  if (typeof value === "string") return key === "__provider" ? value : f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f, k)]));
  return value;
}

/**
 * The state of an organization of n members from the state `pulumi up` wrote for a smaller one:
 * its first member and join request repeated for tenants 1..n (names, ids and URNs rewritten).
 */
export function scaledDeployment(template: Deployment, n: number, config: Record<string, string>): Deployment {
  // The default provider's inputs are the stack's configuration (a refresh configures the
  // dynamic-provider process with them): the n tenants' settings.
  const resources = (template.deployment.resources as StateResource[]).map((r) =>
    r.type.startsWith("pulumi:providers:") ? { ...r, inputs: { ...(r.inputs as object), ...config }, outputs: { ...(r.outputs as object), ...config } } : r,
  );
  const named = (name: string) => resources.find((r) => r.urn.endsWith(`::${name}`));
  const member = named(alias(1));
  const join = named(`${alias(1)}-join`);
  if (!member || !join) throw new Error("the template state has no member m1 and join m1-join");
  const rest = resources.filter((r) => !/::m\d+(-join)?$/.test(r.urn));
  const out: StateResource[] = [...rest];
  for (let i = 1; i <= n; i++) {
    const rename = (s: string) =>
      s
        .split(tenantId(1))
        .join(tenantId(i))
        .replace(/\bm1\b/g, alias(i));
    out.push(mapStrings(member, rename) as StateResource, mapStrings(join, rename) as StateResource);
  }
  return { ...template, deployment: { ...template.deployment, resources: out } };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/**
 * CPU time of this process and of every process it waited for (pulumi, its plugins, the program,
 * the dynamic-provider process), in ms: Linux's /proc accounting; NaN elsewhere.
 */
function cpuMs(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ result: T; ms: number; cpu: number; ownCpu: number }> {
  const t0 = performance.now();
  const c0 = cpuMs();
  const own0 = process.cpuUsage();
  const result = await f();
  const own = process.cpuUsage(own0);
  return { result, ms: performance.now() - t0, cpu: cpuMs() - c0, ownCpu: (own.user + own.system) / 1000 };
}

interface SizeResult {
  n: number;
  resources: number;
  byClass: Record<CallClass, number>;
  routes: Record<string, number>;
  /** Tenants whose tokens called Graph during the refresh. */
  tenantsCalling: number;
  refreshMs: number[];
  floorMs: number[];
  refreshCpu: number[];
  floorCpu: number[];
  /** CPU of this process during the refresh: mostly the emulator, serving Graph and Entra. */
  emulatorCpu: number[];
  setup: string;
  setupMs: number;
  /** Changes the refreshing preview reported (none expected: Graph holds what was declared). */
  changes: Record<string, number>;
  /** The same for the floor (none expected either). */
  floorChanges: Record<string, number>;
}

interface Context {
  em: RunningEmulator;
  max: number;
  s: Stacks;
  template?: { real: Deployment; floor: Deployment; n: number };
  checked: boolean;
  smoke: boolean;
  log(line: string): void;
}

const notSame = (summary: Record<string, number> | undefined) =>
  Object.fromEntries(Object.entries(summary ?? {}).filter(([op, k]) => op !== "same" && k > 0)) as Record<string, number>;

async function setUp(c: Context, n: number): Promise<{ how: string; ms: number }> {
  c.em.emulator.reset(world(c.max));
  seed(c.em, n);
  await c.s.configure(n);
  const { ms } = await timed(async () => {
    if (!c.template || c.template.n > n) {
      await c.s.real.up({ parallel: 64 });
      await c.s.floor.up({ parallel: 64 });
      c.template = { real: await c.s.real.exportStack(), floor: await c.s.floor.exportStack(), n };
      return;
    }
    await c.s.real.importStack(scaledDeployment(c.template.real, n, c.s.config(n, "organization")));
    await c.s.floor.importStack(scaledDeployment(c.template.floor, n, c.s.config(n, "floor")));
    if (!c.checked) {
      // The repeated state must be what Graph holds: a refresh (reads only) finds nothing to change.
      for (const stack of [c.s.real, c.s.floor]) {
        const changed = notSame((await stack.refresh()).summary.resourceChanges as Record<string, number>);
        if (Object.keys(changed).length) throw new Error(`the state built for N=${n} differs from Graph: refresh would ${JSON.stringify(changed)}`);
      }
      c.checked = true;
    }
  });
  const how = c.template?.n === n ? "pulumi up (adoption)" : "stack import";
  c.log(`N=${n}: ${2 * n + 1} resources and the floor's set up by ${how} in ${seconds(ms)} s`);
  return { how, ms };
}

async function measure(c: Context, n: number): Promise<SizeResult> {
  const { log, s, em } = c;
  const setup = await setUp(c, n);
  const r: SizeResult = {
    n,
    resources: 2 * n + 1,
    byClass: Object.fromEntries(CLASSES.map((k) => [k, 0])) as Record<CallClass, number>,
    routes: {},
    tenantsCalling: 0,
    refreshMs: [],
    floorMs: [],
    refreshCpu: [],
    floorCpu: [],
    emulatorCpu: [],
    setup: setup.how,
    setupMs: setup.ms,
    changes: {},
    floorChanges: {},
  };
  const reps = repetitions(n, c.smoke);
  for (let rep = 0; rep < reps; rep++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    const order = rep % 2 === 0 ? (["real", "floor"] as const) : (["floor", "real"] as const);
    for (const which of order) {
      if (which === "floor") {
        const t = await timed(() => s.floor.preview({ refresh: true }));
        r.floorMs.push(t.ms);
        r.floorCpu.push(t.cpu);
        if (rep === 0) r.floorChanges = notSame(t.result.changeSummary as Record<string, number>);
        continue;
      }
      em.emulator.clearLog();
      const started = Date.now();
      const t = await timed(() => s.real.preview({ refresh: true }));
      r.refreshMs.push(t.ms);
      r.refreshCpu.push(t.cpu);
      r.emulatorCpu.push(t.ownCpu);
      const at = em.emulator.log.map((e) => Date.parse(e.at) - started);
      if (at.length) log(`N=${n}: ${at.length} calls between ${seconds(Math.min(...at))} s and ${seconds(Math.max(...at))} s of the run`);
      if (rep === 0) {
        r.routes = { ...em.emulator.counters };
        for (const [route, count] of Object.entries(r.routes)) r.byClass[classOf(route)] += count;
        r.tenantsCalling = new Set(em.emulator.log.filter((e) => e.tenantId && e.path.startsWith("/tenantRelationships")).map((e) => e.tenantId)).size;
        r.changes = notSame(t.result.changeSummary as Record<string, number>);
      }
    }
    log(`N=${n}: refresh ${seconds(r.refreshMs[rep])} s (CPU ${seconds(r.refreshCpu[rep])} s), floor ${seconds(r.floorMs[rep])} s (CPU ${seconds(r.floorCpu[rep])} s)`);
  }
  log(`N=${n}: ${CLASSES.map((k) => `${k} ${r.byClass[k]}`).join(", ")}`);
  return r;
}

export const bench: Bench = async (opts): Promise<BenchResult> => {
  // ENTRA_MTO_BENCH_REFRESH_SIZES="5,20" measures other sizes (development only).
  const override = process.env.ENTRA_MTO_BENCH_REFRESH_SIZES?.split(",")
    .map(Number)
    .filter((x) => Number.isInteger(x) && x > 0);
  const sizes = override?.length ? override : opts.smoke ? SMOKE_SIZES : FULL_SIZES;
  const max = Math.max(...sizes);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-bench-refresh-"));
  const dirs = scratchPulumiDirs("entra-mto-bench-refresh");
  const em = await startEmulator({ dataDir, port: 0, world: world(max), profile: "instant" });
  const results: SizeResult[] = [];
  let s: Stacks | undefined;
  try {
    const command = await PulumiCommand.get({ root: path.dirname(pulumiCliDir()) });
    s = await stacks(em, command, dirs, opts.smoke ? "smoke" : "full");
    const c: Context = { em, max, s, checked: false, smoke: opts.smoke, log: opts.log };
    for (const n of sizes) results.push(await measure(c, n));
  } finally {
    await s?.dispose();
    await em.stop();
    dirs.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const result = report(results, opts.smoke);
  try {
    fs.mkdirSync(opts.outDir, { recursive: true });
    fs.writeFileSync(path.join(opts.outDir, PLOT), await plot(results));
    result.files = [PLOT];
  } catch (err) {
    opts.log(`refresh-scale: no plot (${(err as Error).message})`);
  }
  return result;
};

const PLOT = "refresh-scale.svg";

/** Wall time of the refresh and of its floor, and the calls by route, against N (log scales). */
async function plot(results: SizeResult[]): Promise<string> {
  const times = results.flatMap((r) => [
    { N: r.n, series: "refresh", seconds: seconds(median(r.refreshMs)) },
    { N: r.n, series: "floor", seconds: seconds(median(r.floorMs)) },
  ]);
  const calls = results.flatMap((r) => CLASSES.filter((k) => k !== "other").map((k) => ({ N: r.n, route: k, calls: Math.max(r.byClass[k], 0.5) })));
  const x = { field: "N", type: "quantitative", scale: { type: "log" }, title: "member tenants (N)" };
  return vegaLiteSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "pulumi preview --refresh of an organization of N member tenants",
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
    hconcat: [
      {
        width: 320,
        height: 240,
        data: { values: times },
        mark: { type: "line", point: true },
        encoding: { x, y: { field: "seconds", type: "quantitative", title: "wall time, s (median)" }, color: { field: "series", type: "nominal", title: null } },
      },
      {
        width: 320,
        height: 240,
        data: { values: calls },
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: { field: "calls", type: "quantitative", scale: { type: "log" }, title: "calls per refresh (0 drawn as 0.5)" },
          color: { field: "route", type: "nominal", title: null },
          strokeDash: { field: "route", type: "nominal", legend: null },
        },
      },
    ],
  });
}

const changeText = (changes: Record<string, number>) =>
  Object.entries(changes)
    .map(([op, k]) => `${op} ${k}`)
    .join(", ") || "none";

function report(results: SizeResult[], smoke: boolean): BenchResult {
  const memberReads = (r: SizeResult) => r.byClass["member list"] + r.byClass["member GET"];
  const goals: Goal[] = [
    {
      metric: "member reads (list + GET) per refresh, worst N: constant, one list for all members",
      value: Math.max(...results.map(memberReads)),
      limit: 1,
      kind: "max",
      unit: "reads",
    },
    {
      metric: "OpenID discovery requests per tenant (each its own authority), worst N",
      value: Math.max(...results.map((r) => ratio(r.byClass["OpenID discovery"], r.n + 1))),
      limit: 1,
      kind: "max",
      unit: "per tenant",
    },
    { metric: "token requests per tenant, worst N", value: Math.max(...results.map((r) => ratio(r.byClass.token, r.n + 1))), limit: 1, kind: "max", unit: "per tenant" },
    {
      metric: "join-request reads per member tenant (inherent), worst N",
      value: Math.max(...results.map((r) => ratio(r.byClass["join-request GET"], r.n))),
      limit: 1,
      kind: "max",
      unit: "per member",
    },
    {
      metric: "changes the refreshing previews reported, real and floor (Graph holds what is declared)",
      value: results.reduce((k, r) => k + [...Object.values(r.changes), ...Object.values(r.floorChanges)].reduce((a, b) => a + b, 0), 0),
      limit: 0,
      kind: "max",
      unit: "resources",
    },
  ];
  if (!smoke) {
    for (const r of results) {
      goals.push({
        metric: `preview --refresh wall time / floor (${r.resources} no-op dynamic resources), N=${r.n}`,
        value: ratio(median(r.refreshMs), median(r.floorMs)),
        limit: WALL_RATIO_LIMIT,
        kind: "max",
        unit: "×",
      });
    }
  }
  const calls = {
    columns: ["N", "resources", ...CLASSES, "tenants calling Graph", "changes reported (floor)"],
    rows: results.map((r) => [r.n, r.resources, ...CLASSES.map((k) => r.byClass[k]), r.tenantsCalling, `${changeText(r.changes)} (${changeText(r.floorChanges)})`]),
  };
  const times = {
    columns: ["N", "refresh s", "floor s", "wall ratio", "refresh CPU s", "of which emulator s", "floor CPU s", "CPU ratio", "refresh runs s", "floor runs s", "setup"],
    rows: results.map((r) => [
      r.n,
      seconds(median(r.refreshMs)),
      seconds(median(r.floorMs)),
      ratio(median(r.refreshMs), median(r.floorMs)),
      seconds(median(r.refreshCpu)),
      seconds(median(r.emulatorCpu)),
      seconds(median(r.floorCpu)),
      ratio(median(r.refreshCpu), median(r.floorCpu)),
      r.refreshMs.map(seconds).join(" "),
      r.floorMs.map(seconds).join(" "),
      `${r.setup}, ${seconds(r.setupMs)} s`,
    ]),
  };
  const allRoutes = [...new Set(results.flatMap((r) => Object.keys(r.routes)))].sort();
  const routes = { columns: ["route", ...results.map((r) => `N=${r.n}`)], rows: allRoutes.map((route) => [route, ...results.map((r) => r.routes[route] ?? 0)]) };
  return {
    id: "refresh-scale",
    title: "Refresh at scale: pulumi preview --refresh of an organization of N member tenants",
    goals,
    details: [calls, times, routes],
    notes: [
      "Stack: one resource per Graph object (the organization, N members, N join requests: 2N + 1 resources). The floor is the same program with `mode: floor`: as many no-op dynamic resources, with the same dependencies, inputs and outputs (so the engine handles the same properties), refreshed by `pulumi preview --refresh` in the same run, interleaved with the real refresh; medians of the runs. Times are wall times; CPU is that of the whole process tree (engine, language host, program, dynamic-provider process, and the emulator in the bench process), steadier than wall time on a shared machine.",
      "The topology is not the shape at these sizes: it declares a partner configuration for every ordered pair of tenants, N·(N+1) resources, each refreshed with its own tenant's token.",
      "Inherent: one join-request read per member tenant, with that tenant's own token (a join request is readable only by its own tenant), hence one token request and one OpenID discovery per tenant, each tenant being its own authority. $batch cannot combine them: a batch carries one token, so all its steps act as one tenant. For the owner, $batch could carry the organization GET and the member list in one request: 1 request per run, whatever N.",
      "Member reads are one list per owner whatever N: member resources (and the organization's own record) read from a list shared by the refresh reads of one provider process, never reused once the process has started a write.",
      "What the refresh costs beyond its floor grows with N: per member tenant, a credential, its OpenID discovery and token, and the join-request GET, all in the single dynamic-provider process. The emulator runs on the same cores (its CPU is shown); against Graph that work is network latency instead, overlapped 8 at a time (Pulumi's default parallelism).",
      "The floor declares the real resources' inputs and outputs: the program and the engine handle every output property of every resource (an Output, a stack capture, its serialization), 1 to 1.5 s of CPU at N = 500 on this machine, for any provider with these outputs. Against a floor of no-op resources with fewer properties, the ratio at N = 500 measured 1.27 to 1.38.",
    ],
  };
}
