// MultiTenantOrganizationMember: an owner tenant adds a tenant to its organization and sets its
// role. The added tenant stays pending until it submits its join request (the JoinRequest
// resource); role changes and removals are asynchronous jobs Graph reports in transitionDetails.
import * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { graph, learnTenantName, tenantIdOf } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import * as api from "../../graph/mto-api";
import type { MemberRole, MultiTenantOrganizationMember as GraphMember } from "../../../contract/wire";
import {
  bounded,
  type CommonArgs,
  type CommonInputs,
  checkCommon,
  checkTenantId,
  commonInputsChanged,
  createdButNotConverged,
  isUnknown,
  lowerCaseId,
  plain,
  requireText,
  sameValue,
  tenantMoved,
} from "../../inputs/common";
import { MEMBER_TIMEOUT_MS, addMember, awaitRole, removeMember, roleConverged, setRole } from "../../operations/members";

/** `tenant`, `wait` and `timeouts` as in CommonArgs; `tenant` is the owner tenant. */
export interface MultiTenantOrganizationMemberArgs extends CommonArgs {
  /** Tenant id of the member; changing it replaces the resource. */
  memberTenantId: pulumi.Input<string>;
  /** Graph cannot change it once set: changing it replaces the resource. */
  displayName: pulumi.Input<string>;
  role?: pulumi.Input<"owner" | "member">;
}

interface Inputs extends CommonInputs {
  memberTenantId: string;
  displayName: string;
  role?: MemberRole;
}

interface Outputs extends Inputs {
  ownerTenantId: string;
  state: string;
  addedByTenantId: string;
  addedDateTime: string;
  joinedDateTime: string | null;
  /** Status of a role change or removal Graph is processing, or null. */
  transitionStatus: string | null;
  converged: boolean;
}

/**
 * A member list by tenant id, Graph's names learnt for later lines: once per list, which the
 * refresh reads of all an owner's members share.
 */
const indexed = new WeakMap<GraphMember[], Map<string, GraphMember>>();
function byTenantId(members: GraphMember[]): Map<string, GraphMember> {
  let index = indexed.get(members);
  if (!index) {
    index = new Map(members.map((m) => [m.tenantId.toLowerCase(), m]));
    for (const m of members) learnTenantName(m.tenantId, m.displayName);
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
    role: m.role as MemberRole,
    state: m.state,
    addedByTenantId: m.addedByTenantId,
    addedDateTime: m.addedDateTime,
    joinedDateTime: m.joinedDateTime,
    transitionStatus: m.transitionDetails?.status ?? null,
    converged: roleConverged(m, m.role as MemberRole),
  };
}

export const memberHandler: ResourceProvider<Inputs, Outputs> = bounded(
  {
    async check(olds, news) {
      const failures: CheckFailure[] = checkCommon(news);
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
      const owner = typeof news.tenant === "string" ? tenantIdOf(news.tenant) : undefined;
      if (checkTenantId(news.memberTenantId, "memberTenantId", failures) && owner && String(news.memberTenantId).toLowerCase() === owner) {
        failures.push({
          property: "memberTenantId",
          reason: `is the owner tenant '${news.tenant}' itself: an owner is in its organization already (MultiTenantOrganization), it cannot add itself`,
        });
      }
      requireText(news.displayName, "displayName", failures);
      if (news.role !== undefined && !isUnknown(news.role) && news.role !== "owner" && news.role !== "member") {
        failures.push({ property: "role", reason: "must be 'owner' or 'member'" });
      }
      return { inputs: lowerCaseId(news, "memberTenantId"), failures };
    },

    async diff(_id, olds, news) {
      const replaces: string[] = [];
      if (tenantMoved(news, olds.ownerTenantId)) replaces.push("tenant");
      if (!sameValue(olds.memberTenantId, news.memberTenantId)) replaces.push("memberTenantId");
      // Graph cannot rename a member: a new name means removing and adding it again.
      if (!sameValue(olds.displayName, news.displayName)) replaces.push("displayName");
      const changed = olds.role !== desiredRole(news) || !olds.converged || commonInputsChanged(olds, news);
      return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(inputs) {
      const ownerTenantId = tenantIdOf(inputs.tenant)!;
      const id = `${ownerTenantId}/${inputs.memberTenantId}`;
      await addMember(inputs.tenant, { tenantId: inputs.memberTenantId, displayName: inputs.displayName, role: desiredRole(inputs) });
      try {
        const m = await awaitRole(inputs.tenant, ownerTenantId, inputs.memberTenantId, desiredRole(inputs), "create", inputs);
        return { id, outs: plain(outputs(inputs, ownerTenantId, m)) };
      } catch (err) {
        const m = await api.getMember(graph(inputs.tenant), inputs.memberTenantId).catch(() => undefined);
        return createdButNotConverged(id, m ? outputs(inputs, ownerTenantId, m) : { ...inputs, ownerTenantId }, err as Error);
      }
    },

    async read(id, props) {
      const p = props as Outputs;
      // Every member of the owner is read from one list (mto-api.ts): N members, one request.
      const m = byTenantId(await api.membersForRefresh(graph(p.tenant))).get(p.memberTenantId);
      if (!m) return { id: "" };
      const outs = outputs(p, p.ownerTenantId, m);
      const inputs = { tenant: p.tenant, memberTenantId: p.memberTenantId, displayName: m.displayName, role: outs.role, wait: p.wait, timeouts: p.timeouts };
      return { id, props: plain(outs), inputs: plain(inputs) as Outputs };
    },

    async update(_id, olds, news) {
      learnTenantName(news.memberTenantId, news.displayName);
      await setRole(news.tenant, olds.ownerTenantId, news.memberTenantId, desiredRole(news));
      const m = await awaitRole(news.tenant, olds.ownerTenantId, news.memberTenantId, desiredRole(news), "update", news);
      return { outs: plain(outputs(news, olds.ownerTenantId, m)) };
    },

    async delete(_id, props) {
      await removeMember(props.tenant, props.ownerTenantId, props.memberTenantId, props.displayName, props);
    },
  },
  MEMBER_TIMEOUT_MS,
);

export class MultiTenantOrganizationMember extends pulumi.dynamic.Resource {
  declare readonly ownerTenantId: pulumi.Output<string>;
  declare readonly memberTenantId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly role: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly addedByTenantId: pulumi.Output<string>;
  declare readonly addedDateTime: pulumi.Output<string>;
  declare readonly joinedDateTime: pulumi.Output<string | null>;
  declare readonly transitionStatus: pulumi.Output<string | null>;
  declare readonly converged: pulumi.Output<boolean>;

  constructor(name: string, args: MultiTenantOrganizationMemberArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = {
      ownerTenantId: undefined,
      state: undefined,
      addedByTenantId: undefined,
      addedDateTime: undefined,
      joinedDateTime: undefined,
      transitionStatus: undefined,
      converged: undefined,
    };
    super(providerFor("MultiTenantOrganizationMember"), name, { ...outs, ...args }, opts, MODULE, "MultiTenantOrganizationMember");
  }
}
