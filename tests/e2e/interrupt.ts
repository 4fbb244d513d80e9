// Interrupting runs on purpose: the Pulumi CLI as a process tree that can be SIGKILLed at a chosen
// moment, and the Graph emulator as a process of its own, on a manual clock that a pump moves
// forward unless told to hold, so an asynchronous job (a join, a removal) stays pending for exactly
// as long as a test needs. The emulator can be killed and started again on its port and data dir.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as tls from "node:tls";
import { DEFAULT_WORLD } from "../../emulator";
import type { RequestLogEntry } from "../../emulator/emulator";
import type { EmulatorState } from "../../emulator/model/state";
import { pulumiCliDir, repoRoot } from "../../scripts/pulumi-env";
import { type EngineStack, newEngineStack } from "./engine";

/** Polls `cond` every 25 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

// ---- process trees ----

interface ProcInfo {
  ppid: number;
  pgid: number;
  state: string;
}

function proc(pid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state, ppid: Number(ppid), pgid: Number(pgid) };
  } catch {
    return undefined;
  }
}

/** `root` and every process below it, read from /proc. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    const info = Number.isInteger(pid) ? proc(pid) : undefined;
    if (info) children.set(info.ppid, [...(children.get(info.ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return tree;
}

/** Running (a zombie left to a parent that does not reap it is not). */
export function alive(pid: number): boolean {
  const state = proc(pid)?.state;
  return state !== undefined && state !== "Z" && state !== "X";
}

/**
 * SIGKILL for `root` and everything below it. The Pulumi CLI starts its language host and each
 * provider plugin in a process group of its own, so killing the CLI's group alone leaves them
 * running: every group led by a process of the tree is killed, then every process of it.
 */
export function killTree(root: number): number[] {
  const tree = processTree(root);
  const groups = new Set(tree.map((pid) => proc(pid)?.pgid).filter((g): g is number => g !== undefined && tree.includes(g)));
  for (const g of groups) {
    try {
      process.kill(-g, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return tree;
}

// ---- the Pulumi CLI ----

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface CliRun {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  done: Promise<CliResult>;
  /** SIGKILL the CLI, its language host, the program and the provider processes; resolves once none runs. */
  kill(): Promise<number[]>;
}

/** `pulumi <args> --stack <stack> --non-interactive` in the stack's project, with its offline environment. */
export class PulumiCli {
  private readonly runs: CliRun[] = [];

  constructor(
    readonly engine: EngineStack,
    readonly workDir: string,
  ) {}

  start(args: string[]): CliRun {
    const env = { ...process.env, ...this.engine.stack.workspace.envVars } as Record<string, string>;
    // Its own session and process group, as a CI job's shell would run it.
    const child = spawn(path.join(pulumiCliDir(), "pulumi"), [...args, "--stack", this.engine.stack.name, "--non-interactive"], {
      cwd: this.workDir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const done = new Promise<CliResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code, signal, output }));
    });
    const run: CliRun = {
      child,
      output: () => output,
      done,
      kill: async () => {
        const killed = killTree(child.pid!);
        await until("the killed Pulumi processes to end", () => !killed.some(alive), 10_000);
        await done;
        return killed;
      },
    };
    this.runs.push(run);
    return run;
  }

  /** Kills every run still going (a failed test must not leave one behind). */
  async stopAll(): Promise<void> {
    for (const run of this.runs) if (run.child.exitCode === null && run.child.signalCode === null) await run.kill();
  }

  run(args: string[]): Promise<CliResult> {
    return this.start(args).done;
  }

  /** Runs and expects success; returns the output. */
  async ok(args: string[]): Promise<string> {
    const r = await this.run(args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${r.code ?? r.signal}:\n${r.output}`);
    return r.output;
  }

  /** The stack's deployment, as `pulumi stack export` shows it. */
  async deployment(): Promise<Deployment> {
    return (JSON.parse(await this.ok(["stack", "export"])) as { deployment: Deployment }).deployment;
  }
}

export interface Deployment {
  resources: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
  pending_operations?: { type: string; resource: { urn: string; type: string } }[];
}

// ---- the Graph emulator as a process ----

const CLI = path.join(repoRoot, "dist", "emulator", "cli.js");

/**
 * The emulator (dist/emulator/cli.js) in a process of its own with a manual clock. A pump advances
 * the clock by 100 ms every 50 ms unless `hold` says to stop, which it checks before every advance:
 * no job can complete while the hold is on. The request log survives restarts (it is kept here).
 */
export class GraphProcess {
  url = "";
  port = 0;
  readonly caPath: string;
  /** Set while the pump is holding the clock. */
  held = false;
  private child?: ChildProcess;
  private earlier: RequestLogEntry[] = [];
  private hold?: (s: EmulatorState) => boolean;
  private pumping = true;
  private pump?: Promise<void>;

  private constructor(readonly dataDir: string) {
    this.caPath = path.join(dataDir, "ca.pem");
  }

  static async start(): Promise<GraphProcess> {
    const g = new GraphProcess(fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-graph-")));
    await g.start();
    g.pump = g.run();
    return g;
  }

  /** Starts the emulator: on the port it had before, if any, and always on the same data dir. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [CLI, "--port", String(this.port), "--data-dir", this.dataDir, "--manual-clock", "--profile", "fast"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const seen = (d: Buffer) => {
        output += d;
        const m = /listening on (https:\/\/\S+)/.exec(output);
        if (m) resolve(m[1]);
      };
      child.stdout!.on("data", seen);
      child.stderr!.on("data", (d) => (output += d));
      child.on("exit", (code) => reject(new Error(`the emulator exited with ${code}:\n${output}`)));
    });
    this.url = url;
    this.port = Number(new URL(url).port);
    // This process reads the admin API over HTTPS with the emulator's own CA.
    const ca = fs.readFileSync(this.caPath, "utf8");
    const current = tls.getCACertificates("default");
    if (!current.includes(ca)) tls.setDefaultCACertificates([...current, ca]);
  }

  /**
   * SIGKILL: no graceful shutdown, no last write. The request log is kept for `log()`; returns its
   * length at the kill, where the requests of the next process will start.
   */
  async kill(): Promise<number> {
    this.earlier = await this.log();
    const child = this.child!;
    this.child = undefined;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    return this.earlier.length;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async admin<T>(method: string, route: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.url}/_emulator${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} /_emulator${route}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }

  async state(): Promise<EmulatorState> {
    return (await this.admin<{ state: EmulatorState }>("GET", "/state")).state;
  }

  /** Every Graph and identity request served, across restarts. */
  async log(): Promise<RequestLogEntry[]> {
    return [...this.earlier, ...(await this.admin<{ log: RequestLogEntry[] }>("GET", "/requests")).log];
  }

  /** Back to the initial world: no organization, no faults, an empty log, the clock moving. */
  async reset(): Promise<void> {
    this.release();
    await this.admin("POST", "/reset");
    await this.admin("DELETE", "/faults");
    this.earlier = [];
  }

  /** Stop moving the clock as soon as `pred` holds for the state (until `release`). */
  holdWhen(pred: (s: EmulatorState) => boolean): void {
    this.hold = pred;
  }

  release(): void {
    this.hold = undefined;
    this.held = false;
  }

  private async run(): Promise<void> {
    while (this.pumping) {
      try {
        if (this.child) {
          const hold = this.hold;
          if (hold && hold(await this.state())) this.held = true;
          else await this.admin("POST", "/clock/advance", { ms: 100 });
        }
      } catch {
        // The emulator is down or restarting: try again on the next tick.
      }
      await sleep(50);
    }
  }

  async dispose(): Promise<void> {
    this.pumping = false;
    await this.pump;
    if (this.child) await this.kill().catch(() => this.child?.kill("SIGKILL"));
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A stack of `examples/<program>` on `graph`, with Cairo, Berlin and Athens configured (the admin
 * app's secret from the environment) and quick polling; `env` adds to the Pulumi processes' environment.
 */
export async function stackOn(graph: GraphProcess, program: "resources" | "walkthrough", env: Record<string, string> = {}) {
  const [cairo, berlin, athens] = DEFAULT_WORLD.tenants.map((t) => t.id);
  const app = DEFAULT_WORLD.apps[0];
  const secretEnv = "ENTRA_MTO_E2E_CLIENT_SECRET";
  const workDir = path.join(repoRoot, "examples", program);
  const engine = await newEngineStack({
    workDir,
    extraEnv: { NODE_EXTRA_CA_CERTS: graph.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300", [secretEnv]: app.secrets![0], ...env },
  });
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: app.clientId, clientSecretEnv: secretEnv });
  await engine.stack.setAllConfig({
    "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(cairo), berlin: tenant(berlin), athens: tenant(athens) }) },
    "entra-mto:graphEndpoint": { value: graph.url },
    "entra-mto:authorityHost": { value: graph.url },
  });
  return { engine, cli: new PulumiCli(engine, workDir) };
}
