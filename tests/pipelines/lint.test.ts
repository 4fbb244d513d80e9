// The example pipelines are well formed. actionlint (built from the Go module proxy by
// scripts/ensure-actionlint.sh) finds nothing in the GitHub workflows, and finds the mistakes
// planted in a broken one, so its silence means something. Azure Pipelines has no offline linter:
// those files are checked for the structure the examples promise (triggers, schedule, the access
// token mapped into every step that signs in, no secret written down).
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot, sdkVersion } from "../../scripts/pulumi-env";
import { AZURE_DIR, type AzureStep, azurePipeline, azureSteps, GITHUB_DIR, githubWorkflow, githubWorkflowFiles, runsProvider } from "./pipelines";

interface Finding {
  message: string;
  filepath: string;
  line: number;
  kind: string;
}

let actionlint: string;
beforeAll(() => {
  const out = execFileSync("bash", [path.join(repoRoot, "scripts", "ensure-actionlint.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  actionlint = out.trim().split("\n").pop()!;
}, 300_000);

/** actionlint's verdict: exit 0 without findings, 1 with findings, anything else is its own failure. */
function lint(files: string[]): { status: number; findings: Finding[] } {
  const r = spawnSync(actionlint, ["-no-color", "-format", "{{json .}}", ...files], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`actionlint failed (exit ${r.status}): ${r.stderr}`);
  return { status: r.status, findings: JSON.parse(r.stdout || "[]") ?? [] };
}

test("actionlint finds nothing in the GitHub workflows", () => {
  const files = githubWorkflowFiles();
  expect(files.map((f) => path.basename(f))).toEqual(["mto-acceptance.yml", "mto-drift.yml", "mto-preview.yml", "mto-up.yml"]);
  expect(lint(files)).toEqual({ status: 0, findings: [] });
});

test("actionlint really runs: it reports each mistake planted in a broken workflow", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-actionlint-"));
  try {
    const broken = path.join(dir, "broken.yml");
    fs.writeFileSync(
      broken,
      [
        "on: push",
        "permissions:",
        "  id-token: writ",
        "jobs:",
        "  up:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          fetch-depht: 1",
        '      - run: echo "${{ steps.drift.outputs.status }}"',
        "",
      ].join("\n"),
    );
    const { status, findings } = lint([broken]);
    expect(status).toBe(1);
    expect(findings.map((f) => [f.kind, f.line])).toEqual([
      ["permissions", 3],
      ["action", 10],
      ["expression", 11],
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the GitHub workflows sign in with the runner's OIDC token and name no secret but the backend's", () => {
  for (const file of githubWorkflowFiles().filter((f) => !f.endsWith("mto-acceptance.yml"))) {
    const text = fs.readFileSync(file, "utf8");
    const wf = githubWorkflow(path.basename(file));
    expect(wf.permissions).toMatchObject({ "id-token": "write", contents: "read" });
    expect(text).not.toMatch(/clientSecret|CLIENT_SECRET/);
    expect([...text.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]).sort()).toEqual(["PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"]);
    // bash -eo pipefail, which the scripts rely on.
    expect(wf.defaults?.run?.shell).toBe("bash");
    for (const job of Object.values(wf.jobs)) {
      // The CLI the pinned SDK is tested with.
      expect(job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@")).map((s) => s.with?.["pulumi-version"])).toEqual([sdkVersion()]);
      // Provider commands read everything from the environment: no expression is pasted into a script.
      for (const step of job.steps.filter((s) => runsProvider(s.run))) expect(step.run).not.toContain("${{");
    }
  }
  expect(githubWorkflow("mto-preview.yml").on).toHaveProperty("pull_request");
  const up = githubWorkflow("mto-up.yml");
  expect(up.on).toMatchObject({ push: { branches: ["main"] } });
  expect(up.concurrency).toMatchObject({ "cancel-in-progress": false });
  expect(Object.keys(githubWorkflow("mto-drift.yml").on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  expect(fs.readdirSync(GITHUB_DIR).length).toBe(4);
});

test("the acceptance workflow: scheduled, OIDC only, recording with pseudonyms and keeping the recording and its replay report", () => {
  const file = path.join(GITHUB_DIR, "mto-acceptance.yml");
  const text = fs.readFileSync(file, "utf8");
  const wf = githubWorkflow("mto-acceptance.yml");
  expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  expect(wf.permissions).toMatchObject({ "id-token": "write", contents: "read" });
  expect(text).not.toMatch(/secrets\.|clientSecret|CLIENT_SECRET/);
  expect(wf.env).toMatchObject({ ENTRA_MTO_RECORD_PSEUDONYMS: "1" });
  const steps = wf.jobs.acceptance.steps;
  expect(steps.find((s) => s.run?.includes("acceptance.test.ts"))?.run).toContain('ENTRA_MTO_RECORD="$RUNNER_TEMP/recording"');
  expect(steps.find((s) => s.run?.includes("cli.js check"))?.run).toContain("--report");
  const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
  expect(upload).toMatchObject({ if: "always()" });
  expect(String(upload?.with?.path)).toContain("recording/*.jsonl");
});

test("the Azure pipelines: PR preview and up on main, a nightly drift schedule, the access token mapped into every step that signs in", () => {
  const main = azurePipeline("azure-pipelines.yml");
  expect(main.trigger).toMatchObject({ batch: true, branches: { include: ["main"] } });
  expect(main.pr).toMatchObject({ branches: { include: ["main"] } });
  expect(main.stages?.map((s) => [s.stage, s.condition])).toEqual([
    ["preview", "eq(variables['Build.Reason'], 'PullRequest')"],
    ["up", expect.stringContaining("refs/heads/main")],
  ]);
  const nightly = azurePipeline("drift-nightly.yml");
  expect([nightly.trigger, nightly.pr]).toEqual(["none", "none"]);
  expect(nightly.schedules).toEqual([expect.objectContaining({ cron: expect.stringMatching(/^(\S+ ){4}\S+$/), always: true, branches: { include: ["main"] } })]);

  const steps: AzureStep[] = [...azureSteps(main, "preview", "preview"), ...azureSteps(main, "up", "up"), ...azureSteps(nightly, "drift")];
  const signingIn = steps.filter((s) => runsProvider(s.bash ?? s.script));
  expect(signingIn.map((s) => s.displayName)).toEqual(["pulumi preview", "Drift report", "pulumi up", "Drift report"]);
  for (const step of signingIn) {
    expect(step.env).toMatchObject({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    // Secrets reach a script only as macros the agent expands, never as values in the file.
    for (const value of Object.values(step.env ?? {})) expect(value).toMatch(/^\$\([\w.]+\)$/);
    // The Bash task does not stop at the first failing command unless told to.
    expect(step.bash).toMatch(/^set -e?uo pipefail\n/);
  }
  expect(fs.readFileSync(path.join(AZURE_DIR, "setup-steps.yml"), "utf8")).toContain(`get.pulumi.com | sh -s -- --version ${sdkVersion()}`);
  for (const file of fs.readdirSync(AZURE_DIR)) expect(fs.readFileSync(path.join(AZURE_DIR, file), "utf8")).not.toMatch(/clientSecret|CLIENT_SECRET/);
});
