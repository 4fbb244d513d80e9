// The example pipelines' own provider commands, run as their runners would run them, against the
// emulator and its CI token services: the `run:` / `bash:` scripts that call pulumi or the drift
// report are taken from the YAML and executed with bash, in a checkout that uses the package as an
// installed dependency, with only the environment the runner and the file's `env:` give them.
// `up` converges and the pull request's drift report is clean; after someone changes a partner's
// trust in Graph, a pull request reports it with a warning and the nightly report fails with exit
// code 2, both naming the property.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { DEFAULT_WORLD } from "../../emulator";
import { offlineEnv, repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { type AzureStep, azurePipeline, azureSteps, azureVariables, type Env, type GitHubWorkflow, githubWorkflow, runsProvider } from "./pipelines";

jest.setTimeout(240_000);

// The subjects GitHub puts in the OIDC token of a run on main and of a pull request, and the Azure
// DevOps service connection's: the app registration's federated credentials accept these.
const [ON_MAIN, SERVICE_CONNECTION] = ADMIN_APP.federated!.map((f) => f.subject);
const ON_PULL_REQUEST = "repo:example/infra:pull_request";
const PASSPHRASE = "pipelines-test-passphrase";
const PARTNER = `/policies/crossTenantAccessPolicy/partners/${BERLIN}`;

let em: TestEmulator;
beforeAll(async () => {
  const app = { ...ADMIN_APP, federated: [...ADMIN_APP.federated!, { issuer: "emulator", subject: ON_PULL_REQUEST }] };
  em = await testEmulator({ manualClock: false, profile: "fast", world: { ...DEFAULT_WORLD, apps: [app, ...DEFAULT_WORLD.apps.slice(1)] } });
});
afterAll(async () => em?.dispose());

interface StepRun {
  name: string;
  code: number;
  stdout: string;
}

/**
 * A runner's checkout of a repository whose package.json depends on pulumi-entra-mto: the project
 * copied to the pipeline's PROJECT_DIR, node_modules as `npm ci` leaves it (the package, the
 * Pulumi SDK, the bin link of entra-mto-drift), a stack created as the README says, and a file
 * backend in place of the pipeline's secret backend URL.
 */
class Checkout {
  readonly base = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-pipelines-"));
  readonly dir = path.join(this.base, "repo");
  readonly temp = path.join(this.base, "runner-temp");
  readonly secrets: Env = { PULUMI_BACKEND_URL: `file://${path.join(this.base, "state")}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE };
  /** What every runner process has: the tools on PATH, the emulator's endpoints, short polls. */
  readonly env: Env;
  private steps = 0;

  constructor(projectDir: string) {
    for (const d of [this.dir, this.temp, path.join(this.base, "state"), path.join(this.base, "home"), path.join(this.dir, "node_modules", ".bin")])
      fs.mkdirSync(d, { recursive: true });
    const stackFile = /^Pulumi\.[^.]+\.yaml$/; // other tests' stacks of the same example
    fs.cpSync(path.join(repoRoot, projectDir), path.join(this.dir, projectDir), { recursive: true, filter: (src) => !stackFile.test(path.basename(src)) });
    fs.writeFileSync(path.join(this.dir, "package.json"), JSON.stringify({ name: "mto-infra", private: true, dependencies: { "pulumi-entra-mto": "*" } }));
    const modules = path.join(this.dir, "node_modules");
    fs.symlinkSync(repoRoot, path.join(modules, "pulumi-entra-mto"), "dir");
    fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
    const bin = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { bin?: Record<string, string> }).bin?.["entra-mto-drift"];
    if (!bin) throw new Error("package.json declares no bin 'entra-mto-drift'");
    if (!fs.existsSync(path.join(repoRoot, bin))) throw new Error(`${bin} is missing: compile first (npm run build)`);
    fs.chmodSync(path.join(repoRoot, bin), 0o755); // as npm does when it links a bin
    fs.symlinkSync(path.join("..", "pulumi-entra-mto", bin), path.join(modules, ".bin", "entra-mto-drift"));
    const {
      PULUMI_CONFIG_PASSPHRASE: _p,
      PULUMI_BACKEND_URL: _b,
      ...tools
    } = offlineEnv({
      stateDir: path.join(this.base, "state"),
      pulumiHome: path.join(this.base, "home"),
      extra: { ...em.env, ENTRA_MTO_POLL_INITIAL_MS: "200", ENTRA_MTO_POLL_MAX_MS: "500" },
    });
    this.env = { HOME: process.env.HOME ?? os.homedir(), LANG: "C.UTF-8", CI: "true", ...tools };
  }

  /**
   * The stack, created once from a workstation (the pipelines never create one), its tenants
   * written into Pulumi.<stack>.yaml as a YAML mapping, as the README shows.
   */
  async createStack(projectDir: string, stack: string, tenants: object): Promise<void> {
    const cwd = path.join(this.dir, projectDir);
    const r = await this.bash(`pulumi stack init "${stack}" --secrets-provider passphrase --non-interactive\n`, [], { ...this.env, ...this.secrets }, cwd);
    if (r.code !== 0) throw new Error(`creating the stack failed: ${r.stdout}`);
    // JSON is YAML's flow style: this is the structured mapping, not a string holding JSON.
    fs.appendFileSync(path.join(cwd, `Pulumi.${stack}.yaml`), `config:\n  entra-mto:tenants: ${JSON.stringify(tenants)}\n`);
  }

  /** One step's script, in a file as runners do, from the checkout's root. */
  bash(script: string, flags: string[], env: Env, cwd = this.dir): Promise<StepRun> {
    const file = path.join(this.temp, `step-${++this.steps}.sh`);
    fs.writeFileSync(file, script);
    return new Promise((resolve, reject) => {
      // Asynchronous: the emulator answers from this process while the step runs.
      const child = spawn("bash", ["--noprofile", "--norc", ...flags, file], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("error", reject);
      child.on("exit", (code) => resolve({ name: "", code: code ?? -1, stdout: out }));
    });
  }

  newFile(name: string): string {
    const file = path.join(this.temp, name);
    fs.writeFileSync(file, "");
    return file;
  }

  dispose(): void {
    fs.rmSync(this.base, { recursive: true, force: true });
  }
}

/** Runs a workflow job's provider steps as a GitHub runner would, until one fails. */
async function runGitHubJob(co: Checkout, wf: GitHubWorkflow, job: string, subject: string) {
  const summary = co.newFile("step-summary.md");
  const output = co.newFile("github-output");
  const runner: Env = {
    ...co.env,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: co.dir,
    RUNNER_TEMP: co.temp,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    // What GitHub gives a job with `id-token: write`.
    ACTIONS_ID_TOKEN_REQUEST_URL: `${em.url}/_emulator/ci/github?subject=${encodeURIComponent(subject)}`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runner-request-token",
  };
  // Only `${{ secrets.NAME }}` is evaluated; any other expression in an env value is a test failure.
  const evaluate = (env: Env = {}): Env =>
    Object.fromEntries(
      Object.entries(env).map(([k, v]) => {
        const value = String(v).replace(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g, (_, name: string) => co.secrets[name] ?? "");
        if (value.includes("${{")) throw new Error(`cannot evaluate ${k}: ${v}`);
        return [k, value];
      }),
    );
  // `shell: bash` runs `bash --noprofile --norc -eo pipefail {0}`.
  expect(wf.defaults?.run?.shell).toBe("bash");
  const steps: StepRun[] = [];
  for (const step of wf.jobs[job].steps.filter((s) => runsProvider(s.run))) {
    const env = { ...runner, ...evaluate(wf.env), ...evaluate(wf.jobs[job].env), ...evaluate(step.env) };
    const r = await co.bash(step.run!, ["-eo", "pipefail"], env);
    steps.push({ ...r, name: step.name ?? step.run! });
    if (r.code !== 0) break;
  }
  return { steps, summary: fs.readFileSync(summary, "utf8"), output: fs.readFileSync(output, "utf8") };
}

/** Runs an Azure Pipelines job's provider steps as an agent would (Bash task), until one fails. */
async function runAzureJob(co: Checkout, variables: Env, steps: AzureStep[]) {
  const agent: Env = {
    ...co.env,
    TF_BUILD: "True",
    AGENT_TEMPDIRECTORY: co.temp,
    // Non-secret variables reach scripts as environment variables; the variable group's backend URL is one.
    ...variables,
    PULUMI_BACKEND_URL: co.secrets.PULUMI_BACKEND_URL,
    // Set by the agent for every job; the token itself only where a step maps System.AccessToken.
    SYSTEM_OIDCREQUESTURI: `${em.url}/_emulator/ci/azure-pipelines/${encodeURIComponent(SERVICE_CONNECTION)}`,
  };
  const macros: Env = { "System.AccessToken": "agent-system-access-token", PULUMI_CONFIG_PASSPHRASE: PASSPHRASE };
  const expand = (env: Env = {}): Env => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\(([\w.]+)\)/g, (m, name: string) => macros[name] ?? m)]));
  const runs: StepRun[] = [];
  const summaries: string[] = [];
  for (const step of steps.filter((s) => runsProvider(s.bash))) {
    const r = await co.bash(step.bash!, [], { ...agent, ...expand(step.env) });
    runs.push({ ...r, name: step.displayName ?? step.bash! });
    for (const m of r.stdout.matchAll(/^##vso\[task\.uploadsummary\](.+)$/gm)) summaries.push(fs.readFileSync(m[1].trim(), "utf8"));
    if (r.code !== 0) break;
  }
  return { steps: runs, summary: summaries.join("\n") };
}

/** The steps that ran, by name, with these exit codes; a mismatch shows what each step printed. */
function expectSteps(steps: StepRun[], expected: [string, number][]): void {
  const got = steps.map((s) => [s.name, s.code]);
  if (!isDeepStrictEqual(got, expected)) {
    const output = steps.map((s) => `--- ${s.name} (exit ${s.code})\n${s.stdout}`).join("\n");
    throw new Error(`steps ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}\n${output}`);
  }
}

/** Every tenant of the organization active, as its owner sees it in Graph. */
async function activeTenants(): Promise<string[]> {
  const r = await em.call(CAIRO, "GET", "/tenantRelationships/multiTenantOrganization/tenants");
  return (r.body.value as { tenantId: string; state: string }[])
    .filter((t) => t.state === "active")
    .map((t) => t.tenantId)
    .sort();
}

/** Someone turns off MFA trust for Berlin in Cairo's cross-tenant access settings, outside Pulumi. */
async function changeTrustByHand(): Promise<void> {
  const r = await em.call(CAIRO, "PATCH", PARTNER, { inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true } });
  expect(r.status).toBe(204);
}

test("GitHub Actions: up converges, the pull request's drift report is clean; after a change in Graph it warns, and the nightly one fails with exit 2", async () => {
  em.emulator.reset();
  const [up, preview, drift] = ["mto-up.yml", "mto-preview.yml", "mto-drift.yml"].map(githubWorkflow);
  const { PROJECT_DIR, STACK } = up.env!;
  for (const wf of [preview, drift]) expect(wf.env).toMatchObject({ PROJECT_DIR, STACK });
  const co = new Checkout(PROJECT_DIR);
  try {
    const tenant = (tenantId: string) => ({ tenantId, auth: "githubOidc", clientId: ADMIN_APP.clientId });
    await co.createStack(PROJECT_DIR, STACK, { cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) });

    const deployed = await runGitHubJob(co, up, "up", ON_MAIN);
    expectSteps(deployed.steps, [["pulumi up", 0]]);
    expect(await activeTenants()).toEqual([ATHENS, BERLIN, CAIRO].sort());

    const pr = await runGitHubJob(co, preview, "preview", ON_PULL_REQUEST);
    expectSteps(pr.steps, [
      ["pulumi preview", 0],
      ["Drift report", 0],
    ]);
    expect(pr.summary).toContain(`### pulumi preview: ${STACK}`);
    expect(pr.summary).toMatch(new RegExp(`No drift in stack ${STACK}`));

    await changeTrustByHand();
    // A pull request reports the drift but passes: it is not what caused it.
    const later = await runGitHubJob(co, preview, "preview", ON_PULL_REQUEST);
    expectSteps(later.steps, [
      ["pulumi preview", 0],
      ["Drift report", 0],
    ]);
    expect(later.summary).toContain("isMfaAccepted");
    expect(later.steps[1].stdout).toContain(`::warning title=Drift in ${STACK}::`);

    const nightly = await runGitHubJob(co, drift, "drift", ON_MAIN);
    expectSteps(nightly.steps, [["Drift report", 2]]);
    expect(nightly.summary).toMatch(new RegExp(`Drift in stack ${STACK}`));
    expect(nightly.summary).toContain("isMfaAccepted");
    expect(nightly.output).toContain("status=2"); // what the issue step's condition reads
    expect(nightly.steps[0].stdout).toContain(`::error title=Drift in ${STACK}::`);
  } finally {
    co.dispose();
  }
});

test("Azure Pipelines: up converges, the pull request's drift report is clean, the nightly one fails with exit 2 after a change in Graph", async () => {
  em.emulator.reset();
  const main = azurePipeline("azure-pipelines.yml");
  const nightly = azurePipeline("drift-nightly.yml");
  const variables = azureVariables(main);
  expect(azureVariables(nightly)).toEqual(variables);
  const { PROJECT_DIR, STACK } = variables;
  const co = new Checkout(PROJECT_DIR);
  try {
    const tenant = (tenantId: string) => ({ tenantId, auth: "azurePipelines", clientId: ADMIN_APP.clientId, serviceConnectionId: "mto-connection" });
    await co.createStack(PROJECT_DIR, STACK, { cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) });

    const deployed = await runAzureJob(co, variables, azureSteps(main, "up", "up"));
    expectSteps(deployed.steps, [["pulumi up", 0]]);
    expect(await activeTenants()).toEqual([ATHENS, BERLIN, CAIRO].sort());

    const pr = await runAzureJob(co, variables, azureSteps(main, "preview", "preview"));
    expectSteps(pr.steps, [
      ["pulumi preview", 0],
      ["Drift report", 0],
    ]);
    expect(pr.summary).toMatch(new RegExp(`No drift in stack ${STACK}`));

    await changeTrustByHand();
    const report = await runAzureJob(co, variables, azureSteps(nightly, "drift"));
    expectSteps(report.steps, [["Drift report", 2]]);
    expect(report.summary).toMatch(new RegExp(`Drift in stack ${STACK}`));
    expect(report.summary).toContain("isMfaAccepted");
    expect(report.steps[0].stdout).toContain("##vso[task.logissue type=error]");
  } finally {
    co.dispose();
  }
});
