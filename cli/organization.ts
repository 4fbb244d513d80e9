#!/usr/bin/env node
// entra-mto-organization: the organization of a stack's tenants as Graph holds it now, one row per
// tenant: role, state, when it joined, and the trust its partner configurations put in effect
// toward the other members; then, per pair, whether people are synchronized (a configuration in the
// source and its job) or only allowed (a policy in the target). Read with the stack's own
// credentials; writes nothing.
import { Command } from "commander";
import type { MultiTenantOrganization, MultiTenantOrganizationMember, PartnerConfiguration } from "../contract/wire";
import type { ProviderContext } from "../provider/context";
import { GraphRequestError } from "../provider/graph/errors";
import { getOrganization, listMembers } from "../provider/graph/mto-api";
import { listPartners } from "../provider/graph/xtap-api";
import type { ConfigurationSummary } from "../provider/operations/sync";
import { configurationLine, configurationsOf } from "./people";
import { configuredTenants, openStack, useStackCredentials } from "./stack";
import { trustSummary } from "./trust-summary";

export interface OrganizationView {
  organization: MultiTenantOrganization;
  members: MultiTenantOrganizationMember[];
  /** Partner configurations of each configured member, by tenant id (unconfigured ones: absent). */
  partners: Map<string, PartnerConfiguration[]>;
  /** Tenant id → alias, for the configured tenants. */
  aliases: Map<string, string>;
  /** Synchronization configurations of each configured member, by tenant id (unreadable ones: absent). */
  synchronizations: Map<string, ConfigurationSummary[]>;
}

const notFound = (err: unknown) => err instanceof GraphRequestError && err.kind === "notFound";

/** Reads through the first configured tenant that belongs to an organization. */
export async function readOrganization(ctx: ProviderContext): Promise<OrganizationView | undefined> {
  const aliases = new Map(Object.entries(configuredTenants(ctx)).map(([alias, id]) => [id, alias]));
  for (const alias of aliases.values()) {
    const organization = await getOrganization(ctx.graph(alias)).catch((err) => (notFound(err) ? undefined : Promise.reject(err)));
    if (!organization || organization.state !== "active") continue;
    const members = await listMembers(ctx.graph(alias));
    const partners = new Map<string, PartnerConfiguration[]>();
    const synchronizations = new Map<string, ConfigurationSummary[]>();
    for (const m of members) {
      const own = aliases.get(m.tenantId.toLowerCase());
      if (!own) continue;
      const [p, c] = await Promise.all([listPartners(ctx.graph(own)), configurationsOf(ctx, own)]);
      partners.set(m.tenantId.toLowerCase(), p);
      if (c) synchronizations.set(m.tenantId.toLowerCase(), c);
    }
    return { organization, members, partners, aliases, synchronizations };
  }
  return undefined;
}

function trustToward(view: OrganizationView, m: MultiTenantOrganizationMember): string[] {
  const own = view.partners.get(m.tenantId.toLowerCase());
  if (!own) return ["(not readable: no credentials configured for this tenant)"];
  const byWords = new Map<string, string[]>();
  for (const other of view.members) {
    if (other.tenantId === m.tenantId) continue;
    const p = own.find((c) => c.tenantId.toLowerCase() === other.tenantId.toLowerCase());
    const words = p ? trustSummary(p) : "no partner configuration (the defaults apply)";
    const name = view.aliases.get(other.tenantId.toLowerCase()) ?? other.displayName;
    byWords.set(words, [...(byWords.get(words) ?? []), name]);
  }
  return [...byWords].map(([words, names]) => `${names.sort().join(", ")}: ${words}`);
}

/**
 * One line per pair where people may or do cross: synchronized (the source's configuration, its job)
 * or only allowed (the target's policy, with no configuration in the source).
 */
function peopleLines(view: OrganizationView): string[] {
  const name = (id: string) => view.aliases.get(id) ?? view.members.find((m) => m.tenantId.toLowerCase() === id)?.displayName ?? id;
  const lines: string[] = [];
  for (const source of view.members) {
    const from = source.tenantId.toLowerCase();
    const configurations = view.synchronizations.get(from);
    for (const target of view.members) {
      const into = target.tenantId.toLowerCase();
      if (into === from) continue;
      const allowed = view.partners.get(into)?.find((p) => p.tenantId.toLowerCase() === from)?.identitySynchronization?.userSyncInbound?.isSyncAllowed === true;
      const toward = (configurations ?? []).filter((c) => c.targetTenantId === into);
      const pair = `${name(from)} → ${name(into)}`;
      if (toward.length) for (const c of toward) lines.push(`${pair}: synchronized by ${configurationLine(c)}${allowed ? "" : `; ${name(into)} does not allow it`}`);
      else if (allowed)
        lines.push(
          `${pair}: allowed by ${name(into)}, ${configurations ? `no configuration in ${name(from)}: nobody is synchronized` : `configurations of ${name(from)} not readable here`}`,
        );
    }
  }
  return lines;
}

export function renderOrganization(view: OrganizationView): string {
  const rows = [...view.members]
    .sort((a, b) => (a.role === b.role ? a.displayName.localeCompare(b.displayName) : a.role === "owner" ? -1 : 1))
    .map((m) => {
      const alias = view.aliases.get(m.tenantId.toLowerCase());
      const pending = m.transitionDetails && m.transitionDetails.status !== "succeeded" ? ` (${m.transitionDetails.status})` : "";
      return {
        cells: [
          alias ? `${alias} (${m.displayName}, ${m.tenantId})` : `${m.displayName} (${m.tenantId})`,
          m.role,
          m.state + pending,
          m.joinedDateTime ?? (m.role === "owner" ? "-" : "not yet"),
        ],
        trust: trustToward(view, m),
      };
    });
  const header = ["Tenant", "Role", "State", "Joined at", "Trust in effect toward the others"];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
  const line = (cells: string[], trust: string) => [...cells.map((c, i) => c.padEnd(widths[i])), trust].join("  ").trimEnd();
  const out = [`Organization "${view.organization.displayName}": ${view.members.length} tenant(s)`, "", line(header.slice(0, 4), header[4])];
  for (const r of rows) {
    r.trust.forEach((t, i) => {
      out.push(line(i === 0 ? r.cells : r.cells.map(() => ""), t));
    });
  }
  const people = peopleLines(view);
  if (people.length) out.push("", "People across tenants:", ...people.map((l) => `  ${l}`));
  return `${out.join("\n")}\n`;
}

if (require.main === module) {
  new Command("entra-mto-organization")
    .description("Show the multitenant organization of a Pulumi stack's tenants as Microsoft Graph holds it now.")
    .requiredOption("-s, --stack <name>", "the stack whose tenants to read")
    .option("-C, --cwd <dir>", "the Pulumi project's directory", process.cwd())
    .action(async (o: { stack: string; cwd: string }) => {
      try {
        const ctx = await useStackCredentials(await openStack(o));
        const view = await readOrganization(ctx);
        process.stdout.write(view ? renderOrganization(view) : "None of the stack's tenants belongs to an active organization.\n");
      } catch (err) {
        process.stderr.write(`entra-mto-organization: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    })
    .parseAsync();
}
