// `npm run bench` at smoke size, as a user runs it (the compiled runner in its own process): every
// bench runs and is reported with finite figures, the Markdown lists every goal, and the files it
// links exist. No figure is judged: at smoke size and on a shared machine they mean nothing.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BENCH_IDS, type Report } from "../../bench/run";
import { repoRoot } from "../../scripts/pulumi-env";

jest.setTimeout(300_000);

let out: string;
let run: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-bench-smoke-"));
  run = await new Promise((resolve) => {
    const runner = path.join(repoRoot, "dist", "bench", "run.js");
    execFile(process.execPath, [runner, "--smoke", "--out", out], { cwd: repoRoot, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const report = (): Report => JSON.parse(fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith(".json"))!), "utf8"));
const markdownFile = () => fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith(".md"))!), "utf8");

test("the runner exits 0 with every bench run, and prints the report it wrote", () => {
  expect({ code: run.code, stderr: run.code ? run.stderr.slice(-4000) : "" }).toEqual({ code: 0, stderr: "" });
  const r = report();
  expect(r.crashed).toEqual([]);
  expect(r.results.map((x) => x.id)).toEqual([...BENCH_IDS]);
  expect(r.smoke).toBe(true);
  expect(run.stdout).toBe(markdownFile());
});

test("every bench reports goals with finite figures, and the machine it ran on", () => {
  const r = report();
  for (const key of ["cpu", "os", "node", "pulumi"] as const) expect(r.machine[key]).toMatch(/\S/);
  expect(r.machine.cores).toBeGreaterThan(0);
  expect(Number.isFinite(r.durationSeconds)).toBe(true);
  for (const res of r.results) {
    expect(res.goals.length).toBeGreaterThan(0);
    for (const g of res.goals) {
      expect({ id: res.id, metric: g.metric, value: Number.isFinite(g.value), limit: Number.isFinite(g.limit), kind: ["max", "min"].includes(g.kind) }).toEqual({
        id: res.id,
        metric: expect.stringMatching(/\S/),
        value: true,
        limit: true,
        kind: true,
      });
    }
  }
});

test("the Markdown table has a row for every goal, and every file a bench reports exists and is linked", () => {
  const md = markdownFile();
  const summary = md.split("\n### ")[0];
  const r = report();
  for (const res of r.results) {
    for (const g of res.goals) expect(summary).toContain(`| ${g.metric.replace(/\|/g, "\\|")} |`);
    for (const f of res.files ?? []) {
      expect(fs.existsSync(path.join(out, f))).toBe(true);
      expect(md).toContain(`](${encodeURI(f)})`);
    }
  }
  // The polling bench plots the waiter's reads.
  expect(r.results.find((x) => x.id === "polling")?.files?.some((f) => f.endsWith(".svg"))).toBe(true);
});
