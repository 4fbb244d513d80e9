// MultiTenantOrganizationMember: an owner tenant adds a tenant to its organization and sets its
// role. The added tenant stays pending until it submits its join request (the JoinRequest
// resource); role changes and removals are asynchronous jobs Graph reports in transitionDetails.
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource, replacedBy } from "../../describe/resource";
import { type Static, flag, oneOf, optional, orNull, text } from "../../describe/shape";
import * as api from "../../graph/mto-api";
import type { MemberRole, MultiTenantOrganizationMember as GraphMember } from "../../../contract/wire";
import { bounded, checkDescribed, commonInputsChanged, createdButNotConverged, isUnknown, lowerCaseId, plain, tenantMoved } from "../../inputs/common";
import { MEMBER_TIMEOUT_MS, addMember, awaitRole, removeMember, roleConverged, setRole } from "../../operations/members";

export const memberDescription = describeResource({
  kind: "MultiTenantOrganizationMember",
  description: "An owner tenant adds a tenant to its organization and sets its role; the tenant stays pending until it submits its join request.",
  inputs: {
    memberTenantId: text("Tenant id of the member; changing it replaces the resource.", { format: "tenant-id" }),
    displayName: text("The member's name. Graph cannot rename a tenant of an organization: a new name is refused at preview (remove the resource, then declare it again).", {
      maxLength: 256,
      required: "required: a non-empty string",
    }),
    role: optional(oneOf(["owner", "member"] as const, "'member' (default) or 'owner'.")),
  },
  outputs: {
    ownerTenantId: text("The owner tenant's id."),
    state: text("pending, active or removed."),
    addedByTenantId: text("The tenant that added it."),
    addedDateTime: text("When it was added."),
    joinedDateTime: orNull(text("When it joined; null until then.")),
    transitionStatus: orNull(text("Status of a role change or removal Graph is processing, or null.")),
    converged: flag("False while the role asked for is not in place."),
  },
  replaceOnChanges: ["memberTenantId"],
});

/** `tenant` is the owner tenant. */
export type MultiTenantOrganizationMemberArgs = ArgsOf<typeof memberDescription>;
type Inputs = Static<typeof memberDescription.inputs>;
type Outputs = Inputs & Static<typeof memberDescription.outputs>;

/**
 * A member list by tenant id, Graph's names learnt for later lines: once per list, which the
 * refresh reads of all an owner's members share.
 */
const indexed = new WeakMap<GraphMember[], Map<string, GraphMember>>();
function byTenantId(ctx: ProviderContext, members: GraphMember[]): Map<string, GraphMember> {
  let index = indexed.get(members);
  if (!index) {
    index = new Map(members.map((m) => [m.tenantId.toLowerCase(), m]));
    for (const m of members) ctx.learnTenantName(m.tenantId, m.displayName);
    indexed.set(members, index);
  }
  return index;
}

const desiredRole = (inputs: Inputs): MemberRole => inputs.role ?? "member";

function outputs(inputs: Inputs, ownerTenantId: string, m: GraphMember): Outputs {
  return {
    ...inputs,
    ownerTenantId,
    displayName: m.displayName,
    role: m.role as "owner" | "member",
    state: m.state,
    addedByTenantId: m.addedByTenantId,
    addedDateTime: m.addedDateTime,
    joinedDateTime: m.joinedDateTime,
    transitionStatus: m.transitionDetails?.status ?? null,
    converged: roleConverged(m, m.role as MemberRole),
  };
}

export const memberHandler = (ctx: ProviderContext): ResourceProvider<Inputs, Outputs> =>
  bounded(
    ctx,
    {
      async check(olds, news) {
        const failures: CheckFailure[] = checkDescribed(ctx, memberDescription, news);
        // Graph cannot rename a member: a new name would mean it leaves and joins again (hours, and
        // its generated partner configurations removed), never the side effect of an edit.
        if (
          typeof olds?.displayName === "string" &&
          typeof news.displayName === "string" &&
          !isUnknown(news.displayName) &&
          olds.displayName !== news.displayName &&
          String(olds.memberTenantId ?? "").toLowerCase() === String(news.memberTenantId ?? "").toLowerCase()
        ) {
          failures.push({
            property: "displayName",
            reason:
              `Graph cannot rename a tenant of the organization: '${olds.displayName}' would become '${news.displayName}' only by the tenant leaving and ` +
              "joining again (hours on Graph, and the partner configurations its join generated are removed). Keep the name Graph holds; to rename it anyway, " +
              "remove this resource and run `pulumi up` (the tenant leaves), then declare it again with the new name.",
          });
        }
        const owner = typeof news.tenant === "string" ? ctx.tenantIdOf(news.tenant) : undefined;
        if (!failures.some((f) => f.property === "memberTenantId") && owner && String(news.memberTenantId).toLowerCase() === owner) {
          failures.push({
            property: "memberTenantId",
            reason: `is the owner tenant '${news.tenant}' itself: an owner is in its organization already (MultiTenantOrganization), it cannot add itself`,
          });
        }
        return { inputs: lowerCaseId(news, "memberTenantId"), failures };
      },

      async diff(_id, olds, news) {
        const replaces: string[] = [];
        if (tenantMoved(ctx, news, olds.ownerTenantId)) replaces.push("tenant");
        replaces.push(...replacedBy(memberDescription, olds, news));
        const changed = olds.role !== desiredRole(news) || !olds.converged || commonInputsChanged(olds, news);
        return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: replaces.length > 0 };
      },

      async create(inputs) {
        const ownerTenantId = ctx.tenantIdOf(inputs.tenant)!;
        const id = `${ownerTenantId}/${inputs.memberTenantId}`;
        await addMember(ctx, inputs.tenant, { tenantId: inputs.memberTenantId, displayName: inputs.displayName, role: desiredRole(inputs) });
        try {
          const m = await awaitRole(ctx, inputs.tenant, ownerTenantId, inputs.memberTenantId, desiredRole(inputs), "create", inputs);
          return { id, outs: plain(outputs(inputs, ownerTenantId, m)) };
        } catch (err) {
          const m = await api.getMember(ctx.graph(inputs.tenant), inputs.memberTenantId).catch(() => undefined);
          return createdButNotConverged(id, m ? outputs(inputs, ownerTenantId, m) : { ...inputs, ownerTenantId }, err as Error);
        }
      },

      async read(id, props) {
        const p = props as Outputs;
        // Every member of the owner is read from one list (mto-api.ts): N members, one request.
        const m = byTenantId(ctx, await api.membersForRefresh(ctx.graph(p.tenant))).get(p.memberTenantId);
        if (!m) return { id: "" };
        const outs = outputs(p, p.ownerTenantId, m);
        const inputs = { tenant: p.tenant, memberTenantId: p.memberTenantId, displayName: m.displayName, role: outs.role, wait: p.wait, timeouts: p.timeouts };
        return { id, props: plain(outs), inputs: plain(inputs) as Outputs };
      },

      async update(_id, olds, news) {
        ctx.learnTenantName(news.memberTenantId, news.displayName);
        await setRole(ctx, news.tenant, olds.ownerTenantId, news.memberTenantId, desiredRole(news));
        const m = await awaitRole(ctx, news.tenant, olds.ownerTenantId, news.memberTenantId, desiredRole(news), "update", news);
        return { outs: plain(outputs(news, olds.ownerTenantId, m)) };
      },

      async delete(_id, props) {
        await removeMember(ctx, props.tenant, props.ownerTenantId, props.memberTenantId, props.displayName, props);
      },
    },
    MEMBER_TIMEOUT_MS,
  );

export const MultiTenantOrganizationMember = dynamicResource(memberDescription);
export type MultiTenantOrganizationMember = InstanceType<typeof MultiTenantOrganizationMember>;
