// What every benchmark returns, so one runner can print the table and write the report. A figure
// that matters is a ratio against a floor measured in the same run, or a count; a goal says which
// way it must lie.

export interface Goal {
  /** What is measured, e.g. "up wall time / critical path of Graph's transitions". */
  metric: string;
  value: number;
  /** The bound the issue sets, e.g. 1.15. */
  limit: number;
  /** "max": value must be at most the limit; "min": at least. */
  kind: "max" | "min";
  /** Unit or form of the value, e.g. "×", "reads", "s", "%". */
  unit: string;
}

export const goalMet = (g: Goal) => (g.kind === "max" ? g.value <= g.limit : g.value >= g.limit);

export interface BenchResult {
  /** Short id, e.g. "convergence"; used in file names. */
  id: string;
  title: string;
  goals: Goal[];
  /** Further figures for the report (calls by route, sizes, timings), as a small table. */
  details: { columns: string[]; rows: (string | number)[][] }[];
  /** Files written beside the report (an SVG plot), relative to the results folder. */
  files?: string[];
  /** What the figures mean, what is inherent, what was not met and why: plain sentences. */
  notes?: string[];
}

export interface BenchOptions {
  /** Smoke size for `npm test`: small N, short waits; checks the bench runs, asserts no timing. */
  smoke: boolean;
  /** The folder results and plots go to. */
  outDir: string;
  log(line: string): void;
}

export type Bench = (opts: BenchOptions) => Promise<BenchResult>;
