// Runs real stacks through the Automation API against a throwaway file backend and Pulumi home.
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as path from "node:path";
import { offlineEnv, pulumiCliDir, scratchPulumiDirs } from "../../scripts/pulumi-env";

export interface EngineStack {
  stack: Stack;
  command: PulumiCommand;
  /** The file backend's directory: the state as Pulumi wrote it, secrets encrypted. */
  stateDir: string;
  /** Removes the stack's config file, the backend and the Pulumi home. */
  dispose(): Promise<void>;
}

let seq = 0;

/**
 * A new stack of the project in `workDir`. The stack name is unique per call so parallel test
 * files never share state or a Pulumi.<stack>.yaml.
 */
export async function newEngineStack(opts: { workDir: string; extraEnv?: Record<string, string> }): Promise<EngineStack> {
  const workDir = opts.workDir;
  const dirs = scratchPulumiDirs("entra-mto-e2e");
  const command = await PulumiCommand.get({ root: path.dirname(pulumiCliDir()) });
  const envVars = offlineEnv({ stateDir: dirs.stateDir, pulumiHome: dirs.pulumiHome, extra: opts.extraEnv });
  const stackName = `e2e-${process.pid}-${++seq}`;
  const stack = await LocalWorkspace.createStack({ stackName, workDir }, { pulumiCommand: command, pulumiHome: dirs.pulumiHome, envVars, secretsProvider: "passphrase" });
  return {
    stack,
    command,
    stateDir: dirs.stateDir,
    async dispose() {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      fs.rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
      dirs.dispose();
    },
  };
}
