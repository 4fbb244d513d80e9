// The example pipelines (examples/pipelines) as data: each file parsed, its jobs and steps, and the
// steps that run the provider's commands.
import * as jsYaml from "js-yaml";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";

export const PIPELINES = path.join(repoRoot, "examples", "pipelines");
export const GITHUB_DIR = path.join(PIPELINES, "github", "workflows");
export const AZURE_DIR = path.join(PIPELINES, "azure");

export type Env = Record<string, string>;

export interface GitHubStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Env;
  with?: Record<string, unknown>;
}

export interface GitHubWorkflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  env?: Env;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, { if?: string; env?: Env; steps: GitHubStep[] }>;
}

export interface AzureStep {
  bash?: string;
  script?: string;
  task?: string;
  template?: string;
  displayName?: string;
  env?: Env;
}

export interface AzureJob {
  job: string;
  steps: AzureStep[];
}

export interface AzurePipeline {
  trigger?: unknown;
  pr?: unknown;
  schedules?: { cron: string; branches?: { include?: string[] }; always?: boolean }[];
  variables?: ({ group: string } | { name: string; value: string })[];
  stages?: { stage: string; condition?: string; jobs: AzureJob[] }[];
  jobs?: AzureJob[];
}

export const loadYaml = <T>(file: string): T => jsYaml.load(fs.readFileSync(file, "utf8")) as T;

export const githubWorkflowFiles = (): string[] =>
  fs
    .readdirSync(GITHUB_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(GITHUB_DIR, f));

export const githubWorkflow = (name: string) => loadYaml<GitHubWorkflow>(path.join(GITHUB_DIR, name));
export const azurePipeline = (name: string) => loadYaml<AzurePipeline>(path.join(AZURE_DIR, name));

/** A script that runs a provider command: a line starting with `pulumi`, or the drift report. */
export const runsProvider = (script: string | undefined): script is string => !!script && (/^\s*pulumi\s/m.test(script) || script.includes("entra-mto-drift"));

/** A job's steps by stage and job name, with `- template:` steps replaced by the template's steps. */
export function azureSteps(pipeline: AzurePipeline, job: string, stage?: string): AzureStep[] {
  const jobs = stage ? pipeline.stages?.find((s) => s.stage === stage)?.jobs : pipeline.jobs;
  const steps = jobs?.find((j) => j.job === job)?.steps;
  if (!steps) throw new Error(`no job '${job}'${stage ? ` in stage '${stage}'` : ""}`);
  return steps.flatMap((s) => (s.template ? loadYaml<{ steps: AzureStep[] }>(path.join(AZURE_DIR, s.template)).steps : [s]));
}

/** The pipeline's own variables (`name`/`value` entries), as the agent exposes them to scripts. */
export const azureVariables = (pipeline: AzurePipeline): Env => Object.fromEntries((pipeline.variables ?? []).flatMap((v) => ("name" in v ? [[v.name, v.value]] : [])));
