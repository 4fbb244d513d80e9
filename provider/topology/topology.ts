// MultiTenantOrganizationTopology: the organization as one declaration, the recommended way to use
// the package. "Cairo owns; Berlin and Athens are members; every tenant accepts MFA from the
// others; Berlin syncs users from Cairo" becomes one object, and every ordinary edit of it one
// `pulumi up`. It registers, in the order Graph needs:
//   templates (and defaults) of each tenant   - before the joins they shape
//   one membership resource                   - the organization and its member set, planned as a whole
//   a partner configuration per ordered pair  - after the joins that generate them
//   user synchronization where declared       - inside its partner configuration
//   the source's configuration, with a scope  - after both tenants allow it (its connection test)
// Removed pairs and tenants are deleted by Pulumi after the membership update, which is the order
// Graph accepts for them (configuration before policies, sync before partner, partners after the
// tenants left).
import * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../context";
import { programContext } from "../program-context";
import { CrossTenantSynchronization } from "../resources/people/cross-tenant-sync";
import { CrossTenantAccessDefaults } from "../resources/trust/defaults";
import { CrossTenantIdentitySync } from "../resources/trust/identity-sync";
import { MultiTenantOrganizationIdentitySyncPolicyTemplate } from "../resources/trust/identity-sync-template";
import { CrossTenantAccessPartner } from "../resources/trust/partner";
import { MultiTenantOrganizationPartnerConfigurationTemplate } from "../resources/trust/partner-template";
import { type MultiTenantOrganizationTopologyArgs, type TrustSettings, checkTopology, mergeSettings, syncSources } from "./args";
import { type MemberInputs, type MemberOutputs, MultiTenantOrganizationMembership } from "./membership";

export type { MultiTenantOrganizationTopologyArgs, PartnerDeclaration, TopologyTemplates, TopologyTenant, TrustSettings } from "./args";

/**
 * The resource classes the topology declares its children with: the dynamic resources. The
 * provider plugin (provider/plugin) overrides `child` to declare its own resource types instead,
 * so the component's logic exists once for both.
 */
const CHILDREN = {
  MultiTenantOrganizationPartnerConfigurationTemplate,
  MultiTenantOrganizationIdentitySyncPolicyTemplate,
  CrossTenantAccessDefaults,
  MultiTenantOrganizationMembership,
  CrossTenantAccessPartner,
  CrossTenantIdentitySync,
  CrossTenantSynchronization,
};
export type TopologyChildKind = keyof typeof CHILDREN;

export interface TenantSummary {
  tenantId: string;
  displayName: string;
  role: string;
  state: string;
  joinedDateTime: string | null;
}

export class MultiTenantOrganizationTopology extends pulumi.ComponentResource {
  /** The organization and its member set. */
  readonly membership: MultiTenantOrganizationMembership;
  /** Every tenant by alias, the owner included, as Graph shows it. */
  readonly tenants: pulumi.Output<Record<string, TenantSummary>>;
  /** Partner configurations by "from->to" alias pair. */
  readonly partners: Record<string, CrossTenantAccessPartner> = {};
  /** Synchronization configurations by "source->target" alias pair (declared with a scope). */
  readonly synchronizations: Record<string, CrossTenantSynchronization> = {};

  constructor(name: string, args: MultiTenantOrganizationTopologyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-mto:index:MultiTenantOrganizationTopology", name, {}, opts);
    const ctx = this.context();
    const problems = checkTopology(args, ctx.settings, [...ctx.problems]);
    // A RunError: the engine prints the problems alone, without a stack trace under them.
    if (problems.length) throw new pulumi.RunError(`MultiTenantOrganizationTopology '${name}' is not valid:\n  ${problems.join("\n  ")}`);

    const child = { parent: this };
    const tenantId = (alias: string) => ctx.settings.tenants[alias]?.tenantId ?? alias.toLowerCase();
    const common = { wait: args.wait, timeouts: args.timeouts };
    const aliases = Object.keys(args.tenants);

    // Templates and defaults: in place before the joins they shape.
    const templates: pulumi.Resource[] = [];
    for (const alias of aliases) {
      const t = args.tenants[alias];
      const partner = mergeSettings(args.templates?.partner, t.templates?.partner);
      const sync = mergeSettings(args.templates?.identitySync, t.templates?.identitySync);
      if (Object.keys(partner).length)
        templates.push(this.child("MultiTenantOrganizationPartnerConfigurationTemplate", `${name}-${alias}-partner-template`, { tenant: alias, ...common, ...partner }, child));
      if (Object.keys(sync).length)
        templates.push(this.child("MultiTenantOrganizationIdentitySyncPolicyTemplate", `${name}-${alias}-sync-template`, { tenant: alias, ...common, ...sync }, child));
      if (t.defaults) templates.push(this.child("CrossTenantAccessDefaults", `${name}-${alias}-defaults`, { tenant: alias, ...common, ...t.defaults }, child));
    }

    const members: Record<string, MemberInputs> = {};
    for (const alias of aliases.filter((a) => a !== args.owner)) {
      const t = args.tenants[alias];
      members[alias] = { tenantId: tenantId(alias), displayName: t.displayName!, role: t.role ?? "member" };
    }
    this.membership = this.child(
      "MultiTenantOrganizationMembership",
      `${name}-membership`,
      { tenant: args.owner, displayName: args.displayName, description: args.description, members, ownerDisplayName: args.tenants[args.owner].displayName, ...common },
      { ...child, dependsOn: templates },
    );

    // Synchronization with a scope needs automatic redemption: inbound in the target, outbound in
    // the source, for that pair (the check refused a trust that says otherwise).
    const redemption: Record<string, TrustSettings> = {};
    for (const target of aliases) {
      for (const { source, people } of syncSources(args.tenants[target])) {
        if (!people) continue;
        redemption[`${target}->${source}`] = { automaticUserConsentSettings: { inboundAllowed: true } };
        if (args.tenants[source]) redemption[`${source}->${target}`] = { automaticUserConsentSettings: { outboundAllowed: true } };
      }
    }
    const syncDependencies: Record<string, pulumi.Resource[]> = {};

    // A partner configuration for every ordered pair of tenants, and any declared outside partner.
    for (const from of aliases) {
      const t = args.tenants[from];
      const partnersOf = [...aliases.filter((a) => a !== from), ...Object.keys(t.partners ?? {}).filter((p) => !args.tenants[p])];
      for (const to of partnersOf) {
        const inside = args.tenants[to] !== undefined;
        const declared = mergeSettings(inside ? args.trust : undefined, inside ? t.trust : undefined, t.partners?.[to], redemption[`${from}->${to}`]);
        this.partners[`${from}->${to}`] = this.child(
          "CrossTenantAccessPartner",
          `${name}-${from}-trusts-${to}`,
          { tenant: from, partnerTenantId: tenantId(to), ...common, ...declared },
          { ...child, dependsOn: inside ? [this.membership] : [] },
        );
      }
      for (const { source } of syncSources(t)) {
        const partner = this.partners[`${from}->${source}`];
        const policy = this.child(
          "CrossTenantIdentitySync",
          `${name}-${from}-syncs-from-${source}`,
          { tenant: from, partnerTenantId: tenantId(source), displayName: args.tenants[source]?.displayName ?? source, userSyncInbound: { isSyncAllowed: true }, ...common },
          { ...child, dependsOn: [partner] },
        );
        syncDependencies[`${source}->${from}`] = [partner, policy];
      }
    }

    // The sources' configurations, once both sides allow them (the connection test checks that).
    for (const target of aliases) {
      for (const { source, people } of syncSources(args.tenants[target])) {
        if (!people) continue;
        const pair = `${source}->${target}`;
        const outbound = this.partners[pair];
        this.synchronizations[pair] = this.child(
          "CrossTenantSynchronization",
          `${name}-${source}-people-into-${target}`,
          { tenant: source, targetTenantId: tenantId(target), scope: people.scope, mappings: people.mappings, enabled: people.enabled, wait: people.wait, timeouts: args.timeouts },
          { ...child, dependsOn: [...syncDependencies[pair], ...(outbound ? [outbound] : [])] },
        );
      }
    }

    const ownerId = tenantId(args.owner);
    this.tenants = pulumi.all([this.membership.members, this.membership.state]).apply(([m, state]) => {
      const out: Record<string, TenantSummary> = {
        [args.owner]: { tenantId: ownerId, displayName: args.tenants[args.owner].displayName ?? args.owner, role: "owner", state, joinedDateTime: null },
      };
      for (const [alias, r] of Object.entries((m ?? {}) as Record<string, MemberOutputs>)) {
        out[alias] = { tenantId: r.tenantId, displayName: r.displayName, role: r.role, state: r.state, joinedDateTime: r.joinedDateTime };
      }
      return out;
    });
    this.registerOutputs({ tenants: this.tenants });
  }

  /** Declares one child resource of the given kind (see CHILDREN). */
  /** The context the declaration is checked with: the program's (the plugin's, when it constructs the component). */
  protected context(): ProviderContext {
    return programContext();
  }

  protected child<K extends TopologyChildKind>(
    kind: K,
    name: string,
    args: ConstructorParameters<(typeof CHILDREN)[K]>[1],
    opts: pulumi.CustomResourceOptions,
  ): InstanceType<(typeof CHILDREN)[K]> {
    const Class = CHILDREN[kind] as unknown as new (n: string, a: typeof args, o: pulumi.CustomResourceOptions) => InstanceType<(typeof CHILDREN)[K]>;
    return new Class(name, args, opts);
  }
}
