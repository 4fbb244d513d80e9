// `npm run bench` (node dist/bench/run.js [--smoke] [--only id,id] [--out dir]): runs every
// benchmark in order, writes <out>/<date>.json and <out>/<date>.md (a table of every goal with the
// machine it ran on, then each bench's details) and prints the Markdown. Exit 0 when every bench
// ran, whether or not its goals were met (the report says); 1 when one crashed (the others are
// still run and reported). `--smoke` is the size `npm test` runs: it checks the benches run and
// write their report; its figures mean nothing.
import { Command, InvalidArgumentError } from "commander";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiCliDir, repoRoot, sdkVersion } from "../scripts/pulumi-env";
import { type Bench, type BenchResult, type Goal, goalMet } from "./result";

/** Every bench, in the order they run: each is ./<id> exporting `bench`. */
export const BENCH_IDS = ["convergence", "polling", "manual-baseline", "refresh-scale", "engine-overhead", "people", "emulator"] as const;

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  pulumi: string;
  /** The 1-minute load average when the run started: other work on the machine skews timings. */
  loadAverage: number;
}

export interface Report {
  started: string;
  finished: string;
  durationSeconds: number;
  smoke: boolean;
  machine: Machine;
  /** Benches that ran, with how long each took. */
  results: (BenchResult & { seconds: number })[];
  /** Benches that threw: the report has no figures for them. */
  crashed: { id: string; error: string; seconds: number }[];
}

function machine(): Machine {
  const release = fs.existsSync("/etc/os-release") ? /^PRETTY_NAME="?([^"\n]*)/m.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] : undefined;
  let pulumi = `SDK ${sdkVersion()}`;
  try {
    pulumi = `${execFileSync(path.join(pulumiCliDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim()} (SDK ${sdkVersion()})`;
  } catch {
    // The CLI's absence is reported by the benches that need it.
  }
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${release ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`,
    node: process.version,
    pulumi,
    loadAverage: +os.loadavg()[0].toFixed(2),
  };
}

const cell = (v: string | number) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");
const table = (columns: string[], rows: (string | number)[][]) =>
  [`| ${columns.map(cell).join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
const number = (v: number) => (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 }));
const figure = (v: number, unit: string) => (unit === "×" ? `${number(v)}×` : `${number(v)} ${unit}`);
const goalText = (g: Goal) => `${g.kind === "max" ? "≤" : "≥"} ${figure(g.limit, g.unit)}`;

export function markdown(r: Report): string {
  const m = r.machine;
  const rows: string[][] = [];
  for (const id of BENCH_IDS) {
    const res = r.results.find((x) => x.id === id);
    // The bench's title on its first row only: the table stays readable with long titles.
    if (res)
      res.goals.forEach((g, i) => {
        rows.push([i ? "" : res.title, g.metric, figure(g.value, g.unit), goalText(g), goalMet(g) ? "✓" : "✗"]);
      });
    const crash = r.crashed.find((x) => x.id === id);
    if (crash) rows.push([id, `crashed: ${crash.error}`, "", "", "✗"]);
  }
  const out = [
    `## Benchmarks${r.smoke ? " (smoke size: the figures mean nothing)" : ""}`,
    "",
    `${r.started.slice(0, 10)}, ${Math.round(r.durationSeconds)} s in all, on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Pulumi ${m.pulumi}; load average ${m.loadAverage} at the start.`,
    "",
    table(["bench", "metric", "value", "goal", "met"], rows),
  ];
  for (const res of r.results) {
    out.push("", `### ${res.title} (\`${res.id}\`, ${Math.round(res.seconds)} s)`);
    for (const d of res.details) out.push("", table(d.columns, d.rows));
    if (res.files?.length) out.push("", res.files.map((f) => `- [${f}](${encodeURI(f)})`).join("\n"));
    if (res.notes?.length) out.push("", res.notes.map((n) => `- ${n}`).join("\n"));
  }
  return out.join("\n") + "\n";
}

async function runBench(id: string, smoke: boolean, outDir: string): Promise<BenchResult> {
  // Loaded by id, so a bench that fails to load is reported as that bench's crash.
  const { bench } = require(`./${id}`) as { bench: Bench };
  const result = await bench({ smoke, outDir, log: (line) => console.error(`[bench] ${line}`) });
  for (const f of result.files ?? []) if (!fs.existsSync(path.join(outDir, f))) throw new Error(`${id} reported ${f}, which it did not write`);
  return result;
}

export async function run(opts: { smoke: boolean; only?: string[]; out: string }): Promise<Report> {
  const outDir = path.resolve(opts.out);
  fs.mkdirSync(outDir, { recursive: true });
  const started = new Date();
  const report: Report = { started: started.toISOString(), finished: "", durationSeconds: 0, smoke: opts.smoke, machine: machine(), results: [], crashed: [] };
  for (const id of BENCH_IDS.filter((b) => !opts.only || opts.only.includes(b))) {
    const t0 = performance.now();
    console.error(`[bench] ${id}: started`);
    try {
      const result = await runBench(id, opts.smoke, outDir);
      report.results.push({ ...result, seconds: (performance.now() - t0) / 1000 });
    } catch (err) {
      console.error(`[bench] ${id}: crashed: ${(err as Error).stack ?? err}`);
      report.crashed.push({ id, error: (err as Error).message ?? String(err), seconds: (performance.now() - t0) / 1000 });
    }
    console.error(`[bench] ${id}: ${Math.round((performance.now() - t0) / 1000)} s`);
  }
  const finished = new Date();
  report.finished = finished.toISOString();
  report.durationSeconds = (finished.getTime() - started.getTime()) / 1000;
  const base = path.join(outDir, report.started.slice(0, 10));
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(`${base}.md`, markdown(report));
  return report;
}

const ids = (value: string) => {
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((id) => !(BENCH_IDS as readonly string[]).includes(id));
  if (unknown.length || !list.length) throw new InvalidArgumentError(`unknown bench ${unknown.join(", ") || "(none given)"}; the benches are ${BENCH_IDS.join(", ")}`);
  return list;
};

if (require.main === module) {
  new Command("bench")
    .description("Runs the benchmarks against the emulator, each as a ratio against a floor measured in the same run, and writes <date>.json and <date>.md")
    .option("--smoke", "the smallest size, for `npm test`: checks the benches run; no figure means anything", false)
    .option("--only <ids>", `comma-separated benches to run (${BENCH_IDS.join(", ")})`, ids)
    .option("--out <dir>", "where the report and plots go", path.join(repoRoot, "bench", "results"))
    .action(async (o: { smoke: boolean; only?: string[]; out: string }) => {
      const report = await run(o);
      process.stdout.write(markdown(report));
      console.error(`[bench] report: ${path.join(path.resolve(o.out), report.started.slice(0, 10))}.{json,md}`);
      // Benches may leave handles (sockets, timers) behind: the runner's exit is the verdict.
      process.exit(report.crashed.length ? 1 : 0);
    })
    .parseAsync()
    .catch((err: Error) => {
      console.error(`bench: ${err.message}`);
      process.exit(1);
    });
}
