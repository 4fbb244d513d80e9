// What Graph holds that bears on trust but no declaration in the stack names: members of the
// organization, partner configurations, user synchronization policies and synchronization
// configurations toward tenants nobody declared.
// A support case or an administrator can leave such a partner behind; the engine never sees it
// because no resource in the state refers to it.
import type { ProviderContext } from "../../provider/context";
import { GraphRequestError } from "../../provider/graph/errors";
import { listMembers } from "../../provider/graph/mto-api";
import type { MultiTenantOrganizationMember } from "../../contract/wire";
import { listPartners } from "../../provider/graph/xtap-api";
import { configurationLine, configurationsOf } from "../people";
import { trustSummary } from "../trust-summary";

export interface UndeclaredObject {
  kind: "member" | "partner" | "userSync" | "configuration";
  /** The alias of the tenant whose Graph holds the object. */
  in: string;
  /** The tenant the object is about, which the stack does not declare. */
  tenantId: string;
  /** What Graph says of it, for the report. */
  detail: string;
}

/** Members of a tenant's organization; none when the tenant is in no organization. */
async function membersOf(ctx: ProviderContext, alias: string) {
  try {
    return await listMembers(ctx.graph(alias));
  } catch (err) {
    if (err instanceof GraphRequestError && err.kind === "notFound") return [];
    throw err;
  }
}

/**
 * The tenant a hand-added member is reported under: the owner whose organization it is (the one
 * that added it, when configured), else an owner of that organization among the configured tenants,
 * else the first configured tenant that sees it.
 */
function ownerOf(member: MultiTenantOrganizationMember, listedBy: Listing[], aliasOf: Map<string, string>): string {
  const addedBy = aliasOf.get(member.addedByTenantId?.toLowerCase() ?? "");
  if (addedBy) return addedBy;
  const seeing = listedBy.filter((l) => l.members.some((m) => m.tenantId.toLowerCase() === member.tenantId.toLowerCase()));
  const owner = seeing.find((l) => l.members.some((m) => m.tenantId.toLowerCase() === l.tenantId && m.role === "owner"));
  return (owner ?? seeing[0]).alias;
}

/** A configured tenant's view of its organization's members. */
interface Listing {
  alias: string;
  tenantId: string | undefined;
  members: MultiTenantOrganizationMember[];
}

/**
 * Scans every configured tenant. `declared` holds the tenant ids the stack names (configured
 * tenants and those in its state), lower-cased.
 */
export async function findUndeclared(ctx: ProviderContext, aliases: string[], declared: Set<string>): Promise<UndeclaredObject[]> {
  const found: UndeclaredObject[] = [];
  const lists: Listing[] = [];
  const aliasOf = new Map<string, string>();
  for (const alias of [...aliases].reverse()) {
    const id = ctx.tenantIdOf(alias)?.toLowerCase();
    if (id) aliasOf.set(id, alias);
  }
  for (const alias of aliases) {
    const [members, partners, configurations] = await Promise.all([
      membersOf(ctx, alias).catch((err) => Promise.reject(new Error(`reading the organization's members as ${alias}: ${(err as Error).message}`))),
      listPartners(ctx.graph(alias)).catch((err) => Promise.reject(new Error(`reading the partner configurations of ${alias}: ${(err as Error).message}`))),
      configurationsOf(ctx, alias),
    ]);
    for (const c of configurations ?? []) {
      if (!c.targetTenantId || declared.has(c.targetTenantId)) continue;
      found.push({ kind: "configuration", in: alias, tenantId: c.targetTenantId, detail: `synchronizes users into it: ${configurationLine(c)}` });
    }
    lists.push({ alias, tenantId: ctx.tenantIdOf(alias)?.toLowerCase(), members });
    for (const p of partners) {
      const id = p.tenantId.toLowerCase();
      if (declared.has(id)) continue;
      found.push({ kind: "partner", in: alias, tenantId: id, detail: trustSummary(p) });
      const sync = p.identitySynchronization;
      if (sync?.userSyncInbound?.isSyncAllowed) found.push({ kind: "userSync", in: alias, tenantId: id, detail: "users may be synchronized in from it" });
    }
  }
  const membersSeen = new Set<string>();
  for (const { members } of lists) {
    for (const m of members) {
      const id = m.tenantId.toLowerCase();
      if (declared.has(id) || membersSeen.has(id)) continue;
      membersSeen.add(id);
      found.push({ kind: "member", in: ownerOf(m, lists, aliasOf), tenantId: id, detail: `${m.displayName ?? "(no name)"}: ${m.role}, ${m.state}` });
    }
  }
  return found;
}
