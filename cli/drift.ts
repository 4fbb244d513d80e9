#!/usr/bin/env node
// entra-mto-drift: does Graph still hold what a stack declares? Runs a refresh preview of the stack
// and scans its tenants for trust nobody declared; prints the report and exits 0 (no drift),
// 2 (drift) or 1 (the check itself failed).
import { Command, Option } from "commander";
import { FORMATS, type Format, hasDrift, render } from "./drift/format";
import { previewDrift } from "./drift/preview";
import { findUndeclared } from "./drift/undeclared";
import { configuredTenants, openStack, tenantsInState, useStackCredentials } from "./stack";

const EXIT = { none: 0, error: 1, drift: 2 } as const;

interface Options {
  stack: string;
  cwd: string;
  format: Format;
  undeclared: boolean;
}

async function report(o: Options): Promise<number> {
  const stack = await openStack({ stack: o.stack, cwd: o.cwd });
  const ctx = await useStackCredentials(stack);
  const resources = await previewDrift(stack);
  const tenants = configuredTenants(ctx);
  const declared = new Set([...Object.values(tenants), ...(await tenantsInState(stack))]);
  const undeclared = o.undeclared ? await findUndeclared(ctx, Object.keys(tenants), declared) : [];
  const names = Object.fromEntries(Object.entries(tenants).map(([alias, id]) => [id, alias]));
  const drift = { stack: o.stack, resources, undeclared, names };
  process.stdout.write(render(drift, o.format));
  return hasDrift(drift) ? EXIT.drift : EXIT.none;
}

const program = new Command("entra-mto-drift")
  .description("Report where Microsoft Graph differs from a Pulumi stack of pulumi-entra-mto resources. Exit codes: 0 no drift, 2 drift, 1 error.")
  .requiredOption("-s, --stack <name>", "the stack to check")
  .option("-C, --cwd <dir>", "the Pulumi project's directory", process.cwd())
  .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS as string[]).default("text"))
  .option("--no-undeclared", "skip the scan for trust toward tenants the stack does not declare")
  .action(async (o: Options) => {
    process.exitCode = await report(o).catch((err: Error) => {
      process.stderr.write(`entra-mto-drift: ${err.message}\n`);
      return EXIT.error;
    });
  });

void program.parseAsync();
