// Engine overhead (issue #12, item 4): what the entra-mto dynamic provider adds to Pulumi's own
// cost. A no-change `pulumi up` of 100 partner configurations (examples/bench-resources) is timed
// against the floor measured in the same run: a no-change `up` of 100 no-op dynamic resources
// (examples/bench-floor). Also reported: the serialized provider and the state per resource, and
// the provider process's peak memory at 500 resources, during the `up` that creates them and a
// `refresh` that reads them all from Graph, each beside the floor's at the same size.
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_WORLD, startEmulator } from "../emulator";
import { offlineEnv, pulumiCliDir, repoRoot, scratchPulumiDirs } from "../scripts/pulumi-env";
import { generatedTenantId, scaledWorld } from "./emulator";
import type { Bench, BenchResult } from "./result";

const [CAIRO] = DEFAULT_WORLD.tenants.map((t) => t.id);
const APP = DEFAULT_WORLD.apps[0];
const SECRET_ENV = "ENTRA_MTO_BENCH_CLIENT_SECRET";
const PARTNER_TYPE = "pulumi-nodejs:dynamic/entra-mto:CrossTenantAccessPartner";
const FLOOR_TYPE = "pulumi-nodejs:dynamic/bench:Noop";
/** Set in the environment of this run's `pulumi` processes, which their dynamic providers inherit. */
const RUN_VAR = "ENTRA_MTO_BENCH_RUN";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = async (step: () => Promise<unknown>) => {
  const t0 = performance.now();
  await step();
  return (performance.now() - t0) / 1000;
};

/**
 * The highest VmHWM (peak resident memory, KiB) of the dynamic-provider processes with RUN_VAR=`run`
 * in their environment, sampled every 50 ms while `step` runs. The variable tells our processes
 * from those of other benchmarks on the machine; the last 50 ms before a process exits are not seen.
 */
async function peakProviderMemory(run: string, step: () => Promise<unknown>): Promise<number> {
  const ours = new Set<number>();
  let peak = 0;
  let running = true;
  const read = (pid: number, file: string) => fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  // `node .../cmd/dynamic-provider/index.js`, not the shell wrapper nor its `node -e require.resolve(...)`.
  const isProvider = (pid: number) => /\/cmd\/dynamic-provider(\/index\.js)?$/.test(read(pid, "cmdline").split("\0")[1] ?? "");
  const sample = () => {
    for (const pid of fs.readdirSync("/proc").map(Number).filter(Boolean)) {
      try {
        // Checked on every pass: a process seen between fork and exec still shows its parent's command.
        if (!ours.has(pid) && isProvider(pid) && read(pid, "environ").includes(`${RUN_VAR}=${run}\0`)) ours.add(pid);
        if (!ours.has(pid)) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(read(pid, "status"));
        if (hwm) peak = Math.max(peak, Number(hwm[1]));
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }
  };
  const sampler = (async () => {
    while (running) {
      sample();
      await sleep(50);
    }
  })();
  try {
    await step();
  } finally {
    running = false;
    await sampler;
  }
  if (!peak) throw new Error("no dynamic-provider process was seen (is /proc readable?)");
  return peak;
}

/** The state's size per resource of `type`, and the average size of their serialized provider. */
async function stateSizes(stack: Stack, type: string): Promise<{ stateBytes: number; providerBytes: number }> {
  const deployment = (await stack.exportStack()).deployment as { resources: { type: string; outputs?: { __provider?: unknown } }[] };
  const ours = deployment.resources.filter((r) => r.type === type);
  const provider = ours.map((r) => Buffer.byteLength(String(r.outputs?.__provider ?? "")));
  return {
    stateBytes: Math.round(Buffer.byteLength(JSON.stringify(deployment)) / ours.length),
    providerBytes: Math.round(provider.reduce((a, b) => a + b, 0) / provider.length),
  };
}

export const bench: Bench = async (opts): Promise<BenchResult> => {
  // Smoke: 5 resources, one round, and the creating ups are the ones sampled for memory: four
  // `pulumi` operations in all.
  const n = opts.smoke ? 5 : 100;
  const big = opts.smoke ? n : 500;
  const rounds = opts.smoke ? 1 : 3;
  const run = randomUUID();
  const dirs = scratchPulumiDirs("entra-mto-bench-engine");
  const emulator = await startEmulator({ dataDir: path.join(dirs.stateDir, "..", "emulator"), profile: "instant", world: scaledWorld(big) });
  const stacks: { stack: Stack; workDir: string }[] = [];
  try {
    const command = await PulumiCommand.get({ root: path.dirname(pulumiCliDir()) });
    const envVars = { ...offlineEnv({ stateDir: dirs.stateDir, pulumiHome: dirs.pulumiHome, extra: emulator.env }), [SECRET_ENV]: APP.secrets![0], [RUN_VAR]: run };
    const newStack = async (program: string, config: Record<string, string>) => {
      const workDir = path.join(repoRoot, "examples", program);
      const stackName = `bench-${process.pid}-${stacks.length}`;
      const stack = await LocalWorkspace.createStack({ stackName, workDir }, { pulumiCommand: command, pulumiHome: dirs.pulumiHome, envVars, secretsProvider: "passphrase" });
      stacks.push({ stack, workDir });
      await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])));
      return stack;
    };
    const tenants = { cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: APP.clientId, clientSecretEnv: SECRET_ENV } };
    const partnerTenantIds = JSON.stringify(Array.from({ length: big }, (_, i) => generatedTenantId(i + 1)));
    const floor = await newStack("bench-floor", { count: String(n) });
    const real = await newStack("bench-resources", { "entra-mto:tenants": JSON.stringify(tenants), partnerTenantIds, count: String(n) });
    /** Peak provider memory, floor then entra-mto, by operation. */
    const memory: [string, number, number][] = [];
    const sampled = async (what: string, op: (s: Stack) => Promise<unknown>) => {
      opts.log(`engine-overhead: ${what} (floor, then entra-mto), sampling the provider's memory`);
      memory.push([what, await peakProviderMemory(run, () => op(floor)), await peakProviderMemory(run, () => op(real))]);
    };

    if (opts.smoke) await sampled(`up creating ${n}`, (s) => s.up());
    else for (const stack of [floor, real]) await stack.up();
    // Alternating, so a change in the machine's load falls on both.
    const times = { floor: [] as number[], real: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      for (const [name, stack] of [
        ["floor", floor],
        ["real", real],
      ] as const) {
        opts.log(`engine-overhead: no-change up of ${n} (${name}), round ${i + 1} of ${rounds}`);
        let changes: Record<string, number> | undefined;
        times[name].push(await seconds(async () => (changes = (await stack.up()).summary.resourceChanges)));
        const changed = Object.keys(changes ?? {}).filter((k) => k !== "same");
        if (changed.length) throw new Error(`the no-change up of ${name} changed something: ${JSON.stringify(changes)}`);
      }
    }
    const sizes = [{ n, floor: await stateSizes(floor, FLOOR_TYPE), real: await stateSizes(real, PARTNER_TYPE) }];
    if (!opts.smoke) {
      await floor.setConfig("count", { value: String(big) });
      await real.setConfig("count", { value: String(big) });
      await sampled(`up creating ${big - n}`, (s) => s.up());
      await sampled("refresh", (s) => s.refresh());
      sizes.push({ n: big, floor: await stateSizes(floor, FLOOR_TYPE), real: await stateSizes(real, PARTNER_TYPE) });
    }

    const ratio = (a: number, b: number) => +(a / b).toFixed(2);
    return {
      id: "engine-overhead",
      title: "Engine overhead",
      goals: [
        {
          metric: `no-change up of ${n} partner configurations / of ${n} no-op dynamic resources`,
          value: ratio(median(times.real), median(times.floor)),
          limit: 1.2,
          kind: "max",
          unit: "×",
        },
      ],
      details: [
        {
          columns: ["no-change up", "resources", "median s", "runs, s"],
          rows: [
            ["floor: no-op dynamic resources", n, +median(times.floor).toFixed(2), times.floor.map((t) => t.toFixed(2)).join(", ")],
            ["entra-mto: CrossTenantAccessPartner", n, +median(times.real).toFixed(2), times.real.map((t) => t.toFixed(2)).join(", ")],
          ],
        },
        {
          columns: ["per resource", "resources", "floor", "entra-mto", "ratio"],
          rows: [
            [
              "serialized provider (`__provider`), bytes",
              n,
              sizes[0].floor.providerBytes,
              sizes[0].real.providerBytes,
              ratio(sizes[0].real.providerBytes, sizes[0].floor.providerBytes),
            ],
            ...sizes.map((s) => ["state (exported deployment / resources), bytes", s.n, s.floor.stateBytes, s.real.stateBytes, ratio(s.real.stateBytes, s.floor.stateBytes)]),
          ],
        },
        {
          columns: ["provider process peak RSS (VmHWM) during", "resources", "floor, MiB", "entra-mto, MiB", "ratio"],
          rows: memory.map(([what, f, r]) => [what, big, +(f / 1024).toFixed(1), +(r / 1024).toFixed(1), ratio(r, f)]),
        },
      ],
      notes: [
        `Wall time of \`pulumi up\` through the Automation API (CLI start, language host, program, one check and diff per resource in the dynamic-provider process, state written), median of ${rounds} alternated runs each. A no-change up makes no Graph call: it compares the program with state only.`,
        "Both programs are plain JavaScript, so neither pays a TypeScript compile: the ratio is what the provider's module, inputs and checks add.",
        `The partner configurations live in Cairo toward ${big} generated tenants of the emulator (profile instant, in the runner's process). Memory is the dynamic-provider process's resident high-water mark, read from /proc every 50 ms.`,
      ],
    };
  } finally {
    // The backend goes with the scratch directories; only the stack files sit in the examples.
    for (const { stack, workDir } of stacks) fs.rmSync(path.join(workDir, `Pulumi.${stack.name}.yaml`), { force: true });
    await emulator.stop();
    dirs.dispose();
  }
};
