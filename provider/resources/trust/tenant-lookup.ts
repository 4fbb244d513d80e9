// lookupTenant: a function for programs that finds a tenant by domain name or id (Graph's
// findTenantInformationBy*), so a program can name partners by domain and get their tenant ids.
// It runs in the program's own process with the credentials of the alias it is given, read from
// the same stack configuration as the resources.
import * as pulumi from "@pulumi/pulumi";
import { GUID_PATTERN } from "../../../contract/wire";
import type { ProviderContext } from "../../context";
import { programContext } from "../../program-context";
import { shown } from "../../inputs/secrets";
import * as api from "../../graph/xtap-api";

export interface LookupTenantArgs {
  /** Alias whose credentials make the call (it needs CrossTenantInformation.ReadBasic.All). */
  tenant: string;
  /** Give one of domainName and tenantId. */
  domainName?: string;
  tenantId?: string;
}

export interface TenantInformationResult {
  tenantId: string;
  displayName: string;
  defaultDomainName: string;
  federationBrandName: string | null;
}

const DOMAIN_NAME = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))+$/;

/** The problems with the arguments, each naming the argument and the rule. */
export function lookupProblems(ctx: ProviderContext, args: Partial<LookupTenantArgs>): string[] {
  const problems: string[] = [];
  if (typeof args.tenant !== "string" || !ctx.tenantIdOf(args.tenant)) problems.push(`tenant: ${shown(args.tenant)} is not an alias configured under entra-mto:tenants`);
  if ((args.domainName === undefined) === (args.tenantId === undefined)) problems.push("domainName, tenantId: give exactly one of them");
  if (args.tenantId !== undefined && (typeof args.tenantId !== "string" || !GUID_PATTERN.test(args.tenantId))) problems.push("tenantId: must be a tenant id (GUID)");
  // Both go into a Graph URL: only a plain host name passes (no '/', '?', '%', quotes or spaces).
  if (args.domainName !== undefined && (typeof args.domainName !== "string" || args.domainName.length > 253 || !DOMAIN_NAME.test(args.domainName))) {
    problems.push("domainName: must be a domain name such as contoso.com (letters, digits, hyphens and dots only)");
  }
  return problems;
}

export async function lookupTenant(args: LookupTenantArgs): Promise<TenantInformationResult> {
  const ctx = programContext();
  const problems = lookupProblems(ctx, args);
  if (problems.length) throw new Error(`lookupTenant: ${problems.join("; ")}`);
  const g = ctx.graph(args.tenant);
  const what = args.tenantId ? ctx.tenantName({ tenantId: args.tenantId.toLowerCase() }) : `domain ${args.domainName}`;
  try {
    const info = args.tenantId ? await api.findTenantById(g, args.tenantId) : await api.findTenantByDomain(g, args.domainName!);
    return {
      tenantId: info.tenantId.toLowerCase(),
      displayName: info.displayName,
      defaultDomainName: info.defaultDomainName,
      federationBrandName: info.federationBrandName ?? null,
    };
  } catch (err) {
    throw new Error(`lookupTenant: looking up ${what} with the credentials of '${args.tenant}': ${(err as Error).message}`);
  }
}

/** lookupTenant for arguments that are Pulumi inputs. */
export function lookupTenantOutput(
  args: pulumi.Inputs & { tenant: pulumi.Input<string>; domainName?: pulumi.Input<string>; tenantId?: pulumi.Input<string> },
): pulumi.Output<TenantInformationResult> {
  return pulumi.output(args).apply((a) => lookupTenant(a as LookupTenantArgs));
}
