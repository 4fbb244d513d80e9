// What the command-line tools know of a stack: its workspace (through the Automation API, with the
// caller's environment: backend, passphrase, Pulumi on PATH), its entra-mto configuration handed to
// the provider's context so Graph is read with the stack's own credentials, and the tenants its
// state declares.
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import * as path from "node:path";
import { ProviderContext } from "../provider/context";

export interface StackRef {
  /** The stack's name, as `pulumi stack ls` shows it. */
  stack: string;
  /** The Pulumi project's directory (holding Pulumi.yaml). */
  cwd: string;
}

/** Opens an existing stack; fails naming the stack and the project when there is none. */
export async function openStack(ref: StackRef): Promise<Stack> {
  const workDir = path.resolve(ref.cwd);
  try {
    return await LocalWorkspace.selectStack({ stackName: ref.stack, workDir });
  } catch (err) {
    const why =
      String((err as Error).message ?? err)
        .split("\n")
        .find((l) => /error:/i.test(l)) ?? "the stack could not be selected";
    throw new Error(`cannot open stack '${ref.stack}' of the project in ${workDir}: ${why.replace(/^\s*error:\s*/i, "")}`);
  }
}

/**
 * The provider's context from the stack's configuration (secrets decrypted by the workspace), so
 * `ctx.graph(alias)` acts as the stack's tenant aliases do in `pulumi up`.
 */
export async function useStackCredentials(stack: Stack): Promise<ProviderContext> {
  const config = await stack.getAllConfig();
  const ctx = ProviderContext.configure((key) => config[key]?.value);
  if (ctx.problems.length) throw new Error(`the stack's entra-mto configuration is invalid:\n  ${ctx.problems.join("\n  ")}`);
  return ctx;
}

/** The configured tenants: alias → tenant id. */
export const configuredTenants = (ctx: ProviderContext): Record<string, string> =>
  Object.fromEntries(Object.entries(ctx.settings.tenants).map(([alias, t]) => [alias, t.tenantId]));

const TENANT_KEY = /^(tenantId|[a-z]+TenantId)$/;

/**
 * Every tenant id the stack's resources name (the acting tenant, members, partners, owners), from
 * the state as the last update wrote it.
 */
export async function tenantsInState(stack: Stack): Promise<Set<string>> {
  const deployment = await stack.exportStack();
  const resources = (deployment.deployment as { resources?: { type: string; outputs?: unknown }[] }).resources ?? [];
  const ids = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === "string" && key && TENANT_KEY.test(key)) ids.add(value.toLowerCase());
    else if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  for (const r of resources) if (r.type.includes("entra-mto:")) visit(r.outputs);
  return ids;
}
