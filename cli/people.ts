// The people side of the commands: each tenant's cross-tenant synchronization configurations (whom
// they synchronize into, and how their jobs are doing), read where the stack's app may read them.
import type { ProviderContext } from "../provider/context";
import { GraphRequestError } from "../provider/graph/errors";
import { type ConfigurationSummary, listSynchronizations } from "../provider/operations/sync";
import { describeHealth } from "../provider/operations/sync-status";

/**
 * A tenant's configurations; undefined when its app may not read them (without Application.Read.All
 * and Synchronization.Read.All it has none to manage either, so the commands go on without them).
 */
export async function configurationsOf(ctx: ProviderContext, alias: string): Promise<ConfigurationSummary[] | undefined> {
  try {
    return await listSynchronizations(ctx, alias);
  } catch (err) {
    if (err instanceof GraphRequestError && err.kind === "forbidden") return undefined;
    throw new Error(`reading the synchronization configurations of ${alias}: ${(err as Error).message}`);
  }
}

/** "'MTO_Sync_…': Active (…, 3 user(s) synchronized)", or what stands in the way. */
export const configurationLine = (c: ConfigurationSummary) => `'${c.displayName}': ${c.health ? describeHealth(c.health) : "no job yet"}`;
