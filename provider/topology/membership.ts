// MultiTenantOrganizationMembership: the organization and its whole member set as one resource, so
// that one `pulumi up` can apply any change in the order Graph needs (plan.ts). Pulumi runs the
// deletion of removed resources after every create and update, which per-member resources cannot
// escape (an arriving tenant would join before a departing one leaves); one resource that owns the
// set plans the order itself. Created by MultiTenantOrganizationTopology; its inputs are keyed by
// tenant alias, so a preview names each tenant and what changes for it.
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { GUID_PATTERN } from "../../contract/wire";
import type { ProviderContext } from "../context";
import { type ArgsOf, describeResource, dynamicResource } from "../describe/resource";
import { type Static, Type, flag, oneOf, optional, orNull, shape, text } from "../describe/shape";
import { bounded, checkDescribed, commonInputsChanged, createdButNotConverged, isUnknown, plain, tenantMoved } from "../inputs/common";
import { type DeclaredOrganization, type Role, converged } from "./plan";
import { type Observation, dissolve, observe, reconcile } from "./reconcile";

const MembershipMember = shape(
  "MembershipMember",
  "A member tenant as the membership declares it.",
  {
    tenantId: text("The tenant id.", { format: "tenant-id" }),
    displayName: text("The name the organization shows for it.", { maxLength: 256, required: "required: a non-empty string" }),
    role: oneOf(["owner", "member"] as const, "'owner' or 'member'."),
  },
  { shape: "{tenantId, displayName, role}" },
);

const MembershipMemberState = shape("MembershipMemberState", "A member tenant as Graph shows it.", {
  tenantId: text("The tenant id."),
  displayName: text("The name the organization shows for it."),
  role: oneOf(["owner", "member"] as const, "'owner' or 'member'."),
  state: text("pending, active or removed."),
  addedDateTime: orNull(text("When the owner added it.")),
  joinedDateTime: orNull(text("When it joined; null until then.")),
});

export const membershipDescription = describeResource({
  kind: "MultiTenantOrganizationMembership",
  description: "The organization and its whole member set as one resource, changed in the order Graph needs; MultiTenantOrganizationTopology declares it.",
  inputs: {
    displayName: text("The organization's name.", { maxLength: 256, required: "required: a non-empty string" }),
    description: optional(text("The organization's description.", { maxLength: 1024 })),
    members: Type.Record(Type.String(), MembershipMember, { description: "Every tenant but the owner, by alias." }),
    ownerDisplayName: optional(text("The owner tenant's name, for progress lines and errors only.", { maxLength: 256 })),
  },
  outputs: {
    tenantId: text("The owner tenant's id."),
    state: text("active or inactive."),
    members: Type.Record(Type.String(), MembershipMemberState, {
      description: "Every member tenant as Graph shows it, by alias (tenants the program does not declare by tenant id).",
    }),
    converged: flag("False while Graph does not show the declared member set, all active."),
  },
});

export type MemberInputs = Static<typeof MembershipMember>;
export type MembershipInputs = Static<typeof membershipDescription.inputs>;
export type MemberOutputs = Static<typeof MembershipMemberState>;
type Outputs = MembershipInputs & Omit<Static<typeof membershipDescription.outputs>, "members"> & { members: Record<string, MemberOutputs> };

const declaredOf = (inputs: MembershipInputs): DeclaredOrganization => ({
  displayName: inputs.displayName,
  description: inputs.description,
  members: Object.entries(inputs.members ?? {}).map(([alias, m]) => ({ alias, ...m })),
});

function outputs(inputs: MembershipInputs, ownerTenantId: string, seen: Observation): Outputs {
  const byId = new Map(seen.records.map((r) => [r.tenantId.toLowerCase(), r]));
  const members: Record<string, MemberOutputs> = {};
  const of = (tenantId: string, r: (typeof seen.records)[number]): MemberOutputs => ({
    tenantId,
    displayName: r.displayName,
    role: r.role as Role,
    state: r.state,
    addedDateTime: r.addedDateTime,
    joinedDateTime: r.joinedDateTime,
  });
  for (const [alias, m] of Object.entries(inputs.members ?? {})) {
    const r = byId.get(m.tenantId);
    if (r) members[alias] = of(m.tenantId, r);
  }
  // Tenants Graph holds that the program does not declare, under their tenant id: what the next
  // diff names as departures.
  const declared = new Set(Object.values(inputs.members ?? {}).map((m) => m.tenantId));
  for (const [id, r] of byId) if (id !== ownerTenantId && !declared.has(id)) members[id] = of(id, r);
  // What Graph shows, not what was asked: a failed rename or a hand edit stays visible to diff.
  const displayName = seen.observed.displayName ?? inputs.displayName;
  const description = inputs.description === undefined ? undefined : (seen.observed.description ?? undefined);
  const state = seen.observed.active ? "active" : "inactive";
  return plain({ ...inputs, displayName, description, tenantId: ownerTenantId, state, members, converged: converged(declaredOf(inputs), seen.observed) });
}

/** Graph's member set as inputs: declared aliases where known, others under their tenant id. */
function observedInputs(p: Outputs, seen: Observation): MembershipInputs {
  const aliasOf = new Map(Object.entries(p.members ?? {}).map(([alias, m]) => [m.tenantId, alias]));
  const members: Record<string, MemberInputs> = {};
  for (const m of seen.observed.members) {
    members[aliasOf.get(m.tenantId) ?? m.tenantId] = { tenantId: m.tenantId, displayName: m.displayName, role: m.desiredRole ?? m.role };
  }
  const description = p.description === undefined ? undefined : (seen.observed.description ?? undefined);
  return plain({
    tenant: p.tenant,
    displayName: seen.observed.displayName ?? p.displayName,
    description,
    members,
    ownerDisplayName: p.ownerDisplayName,
    wait: p.wait,
    timeouts: p.timeouts,
  });
}

/** What the program says the tenants are called, for every line that names one. */
function learnNames(ctx: ProviderContext, inputs: Partial<MembershipInputs>): void {
  ctx.learnTenantName(inputs.tenant, inputs.ownerDisplayName);
  ctx.learnTenantName(inputs.tenant, inputs.displayName, { fallback: true });
  const members = inputs.members as unknown;
  if (typeof members !== "object" || members === null || Array.isArray(members)) return;
  for (const m of Object.values(members as Record<string, Partial<MemberInputs>>)) {
    if (typeof m === "object" && m !== null) ctx.learnTenantName(m.tenantId, m.displayName);
  }
}

const sameMembers = (a: Record<string, MemberInputs> = {}, b: Record<string, MemberInputs> = {}) =>
  JSON.stringify(
    Object.keys(a)
      .sort()
      .map((k) => [k, a[k].tenantId, a[k].displayName, a[k].role]),
  ) ===
  JSON.stringify(
    Object.keys(b)
      .sort()
      .map((k) => [k, b[k].tenantId, b[k].displayName, b[k].role]),
  );

/**
 * Graph cannot rename a tenant of an organization: a new name is the tenant leaving and joining
 * again, which takes hours and removes the partner configurations its join generated. That is never
 * the side effect of an edited name: check refuses it, naming the deliberate way.
 */
export function renameRefusal(alias: string, was: string, now: string): string {
  return (
    `Graph cannot rename a tenant of the organization: '${was}' would become '${now}' only by the tenant leaving and joining again ` +
    "(hours on Graph, and the partner configurations its join generated are removed). Keep the name Graph holds; to rename it anyway, " +
    `remove '${alias}' from the program and run \`pulumi up\` (it leaves), then declare it again with the new name and run \`pulumi up\` (it joins).`
  );
}

/** Tenants the last known member set has and the program no longer declares: departures at the next up. */
function departures(ctx: ProviderContext, olds: Partial<MembershipInputs>, news: Partial<MembershipInputs>): string[] {
  const declared = new Set(Object.values(news.members ?? {}).map((m) => m?.tenantId));
  return Object.entries(olds.members ?? {})
    .filter(([, m]) => m && !declared.has(m.tenantId))
    .map(([key, m]) => {
      const who = ctx.tenantName({ alias: GUID_PATTERN.test(key) ? undefined : key, tenantId: m.tenantId, displayName: m.displayName });
      return GUID_PATTERN.test(key) ? `${who}, added outside this program,` : `${who}, no longer declared,`;
    });
}

/**
 * Each step brings its own resource's timeout (a join's is the longest, 45 minutes); the reads
 * around the steps share the longest.
 */
const STEPS_TIMEOUT_MS = 45 * 60_000;

export const membershipHandler = (ctx: ProviderContext): ResourceProvider<MembershipInputs, Outputs> =>
  bounded(
    ctx,
    {
      async check(olds, news) {
        // The shape, as described; below, the rules across members and tenants.
        const failures: CheckFailure[] = checkDescribed(ctx, membershipDescription, news);
        const owner = typeof news.tenant === "string" ? ctx.tenantIdOf(news.tenant) : undefined;
        const seen = new Map<string, string>();
        const members: Record<string, MemberInputs> = {};
        const declared = news.members as unknown;
        const entries = typeof declared === "object" && declared !== null && !Array.isArray(declared) ? Object.entries(declared as Record<string, MemberInputs>) : [];
        for (const [alias, m] of entries) {
          const at = `members.${alias}`;
          if (isUnknown(m)) continue;
          if (typeof m !== "object" || m === null || Array.isArray(m)) continue;
          if (!ctx.tenantIdOf(alias)) failures.push({ property: at, reason: `tenant alias '${alias}' is not configured under entra-mto:tenants: its join needs its credentials` });
          if (isUnknown(m?.tenantId) || typeof m.tenantId !== "string") continue;
          const id = String(m?.tenantId).toLowerCase();
          if (id === owner) failures.push({ property: at, reason: "is the owner tenant itself" });
          if (seen.has(id)) failures.push({ property: at, reason: `is the same tenant as '${seen.get(id)}'` });
          seen.set(id, alias);
          const before = Object.values(olds?.members ?? {}).find((o) => o?.tenantId === id);
          if (before && typeof m.displayName === "string" && !isUnknown(m.displayName) && before.displayName !== m.displayName) {
            failures.push({ property: `${at}.displayName`, reason: renameRefusal(alias, before.displayName, m.displayName) });
          }
          members[alias] = { ...m, tenantId: id };
        }
        const limit = ctx.settings.maxActiveTenants;
        if (seen.size + 1 > limit) {
          failures.push({
            property: "members",
            reason: `${seen.size + 1} tenants with the owner: more than the ${limit} active tenants an organization may have (entra-mto:maxActiveTenants)`,
          });
        }
        return { inputs: { ...news, members: isUnknown(declared) ? news.members : members }, failures };
      },

      async diff(_id, olds, news) {
        const replaces = tenantMoved(ctx, news, olds.tenantId) ? ["tenant"] : [];
        // Named in the preview for what they are: a tenant leaves the organization at the next up.
        learnNames(ctx, news);
        for (const who of departures(ctx, olds, news))
          ctx.log(`organization of ${ctx.tenantName(news.tenant)}: ${who} will leave the organization at the next \`pulumi up --refresh\``);
        const changed =
          olds.displayName !== news.displayName ||
          (news.description !== undefined && olds.description !== news.description) ||
          !sameMembers(olds.members, news.members) ||
          !olds.converged ||
          commonInputsChanged(olds, news);
        // The owner of another tenant means another organization: the old one ends first.
        return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: true };
      },

      async create(inputs) {
        const ownerTenantId = ctx.tenantIdOf(inputs.tenant)!;
        learnNames(ctx, inputs);
        // Adopting an organization must not silently remove tenants the program has not heard of.
        const before = await observe(ctx, inputs.tenant);
        const declaredIds = new Set(Object.values(inputs.members ?? {}).map((m) => m.tenantId));
        const unknown = before.observed.members.filter((m) => !m.removing && !declaredIds.has(m.tenantId));
        if (unknown.length) {
          throw new Error(
            `the organization of ${ctx.tenantName(inputs.tenant)} already has tenants this topology does not declare: ${unknown.map((m) => ctx.tenantName({ tenantId: m.tenantId, displayName: m.displayName })).join(", ")}. ` +
              "Declare them in tenants (with an alias configured under entra-mto:tenants) or remove them from the organization, then run `pulumi up` again.",
          );
        }
        // Nor rename one by making it leave and join again.
        for (const [alias, m] of Object.entries(inputs.members ?? {})) {
          const held = before.observed.members.find((o) => o.tenantId === m.tenantId && !o.removing);
          if (held && held.displayName !== m.displayName) throw new Error(`members.${alias}.displayName: ${renameRefusal(alias, held.displayName, m.displayName)}`);
        }
        try {
          return {
            id: ownerTenantId,
            outs: outputs(inputs, ownerTenantId, await reconcile(ctx, declaredOf(inputs), { owner: inputs.tenant, wait: inputs.wait, timeouts: inputs.timeouts })),
          };
        } catch (err) {
          // Recorded as created with what Graph shows: the next `pulumi up` carries on from there.
          const seen = await observe(ctx, inputs.tenant).catch(() => undefined);
          if (!seen?.observed.active) throw err;
          return createdButNotConverged(ownerTenantId, outputs(inputs, ownerTenantId, seen), err as Error);
        }
      },

      async read(id, props) {
        const p = props as Outputs;
        learnNames(ctx, p);
        const seen = await observe(ctx, p.tenant);
        if (!seen.observed.active) return { id: "" };
        return { id, props: outputs(p, id, seen), inputs: observedInputs(p, seen) as Outputs };
      },

      async update(id, _olds, news) {
        learnNames(ctx, news);
        try {
          return { outs: outputs(news, id, await reconcile(ctx, declaredOf(news), { owner: news.tenant, wait: news.wait, timeouts: news.timeouts })) };
        } catch (err) {
          // Recorded with what Graph shows now (not converged), so a plain `pulumi up` carries on even
          // after the program goes back to what it was: the member set is compared with Graph, not
          // with the last program.
          const seen = await observe(ctx, news.tenant).catch(() => undefined);
          if (!seen) throw err;
          return createdButNotConverged(id, outputs(news, id, seen), err as Error);
        }
      },

      async delete(_id, props) {
        learnNames(ctx, props);
        await dissolve(ctx, { owner: props.tenant, wait: props.wait, timeouts: props.timeouts });
      },
    },
    STEPS_TIMEOUT_MS,
  );

export type MultiTenantOrganizationMembershipArgs = ArgsOf<typeof membershipDescription>;

export const MultiTenantOrganizationMembership = dynamicResource(membershipDescription);
export type MultiTenantOrganizationMembership = InstanceType<typeof MultiTenantOrganizationMembership>;
