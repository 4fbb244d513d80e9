// MultiTenantOrganizationMember: an owner tenant adds a tenant to its organization and sets its
// role. The added tenant stays pending until it submits its join request (the JoinRequest
// resource); role changes and removals are asynchronous jobs Graph reports in transitionDetails.
import * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { graph, learnTenantName, log, tenantIdOf, tenantName } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import { GraphRequestError } from "../../graph/errors";
import * as api from "../../graph/mto-api";
import type { MemberRole, MultiTenantOrganizationMember as GraphMember } from "../../../contract/wire";
import {
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
  timeoutMs,
} from "../../inputs/common";
import { waitFor } from "../../wait";

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

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** "member berlin (Berlin, 00000be1-…) of the organization of cairo (Cairo, 00000ca1-…)". */
const memberWhat = (memberTenantId: string, owner: string, ownerTenantId?: string) =>
  `member ${tenantName(memberTenantId)} of the organization of ${tenantName({ alias: owner, tenantId: ownerTenantId })}`;

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

/** Converged: the role asked for is in place and no role change or removal is being processed. */
function isConverged(m: GraphMember, role: MemberRole): boolean {
  const t = m.transitionDetails;
  return m.role === role && (t == null || (t.desiredState !== "removed" && t.desiredRole === m.role));
}

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
    converged: isConverged(m, m.role as MemberRole),
  };
}

async function converge(inputs: Inputs, ownerTenantId: string, op: "create" | "update"): Promise<GraphMember> {
  const g = graph(inputs.tenant);
  const what = memberWhat(inputs.memberTenantId, inputs.tenant, ownerTenantId);
  const role = desiredRole(inputs);
  let member = await api.getMember(g, inputs.memberTenantId, true);
  if (!member) throw new Error(`${what}: Graph does not show the member after adding it`);
  if (inputs.wait === "accepted" || isConverged(member, role)) return member;
  await waitFor(
    async () => {
      member = await api.getMember(g, inputs.memberTenantId, true);
      if (!member) throw new Error(`${what}: the member was removed while waiting for its role`);
      const t = member.transitionDetails;
      return {
        done: isConverged(member!, role),
        failed: t?.status === "failed" ? (t.details ?? "failed") : undefined,
        state: `${member!.state}, role ${member!.role}${t ? `, ${t.desiredRole ?? ""} ${t.status}` : ""}`,
      };
    },
    { what: `role ${role} for ${what}`, timeoutMs: timeoutMs(inputs.timeouts, op, DEFAULT_TIMEOUT_MS), log },
  );
  return member!;
}

/**
 * Demotes an owner before its removal and waits for the role to apply; returns the member as Graph
 * then shows it (being removed, possibly), or undefined once it is gone. Graph answers the demotion
 * 404 when the owner already left or is leaving (a read behind Graph's lag showed it staying): no
 * failure, Graph's state decides what remains to do.
 */
async function demoteBeforeRemoval(g: ReturnType<typeof graph>, memberTenantId: string, what: string, timeout: number): Promise<GraphMember | undefined> {
  try {
    await api.patchMemberRole(g, memberTenantId, "member");
  } catch (err) {
    if (!(err instanceof GraphRequestError && err.kind === "notFound")) throw err;
    log(`${what}: Graph no longer shows it as an owner to demote; checking whether it left`);
  }
  let member: GraphMember | undefined;
  await waitFor(
    async () => {
      member = await api.getMember(g, memberTenantId);
      if (!member || api.isLeaving(member)) return { done: true, state: member ? "being removed" : "removed" };
      const t = member.transitionDetails;
      return {
        done: member.role === "member" && api.roleToBe(member) === "member",
        failed: t?.status === "failed" ? (t.details ?? "failed") : undefined,
        state: `${member.state}, role ${member.role}${t ? `, ${t.desiredRole ?? ""} ${t.status}` : ""}`,
      };
    },
    { what: `role member for ${what} before its removal`, timeoutMs: timeout, log },
  );
  return member;
}

export const memberHandler: ResourceProvider<Inputs, Outputs> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = checkCommon(news);
    const owner = typeof news.tenant === "string" ? tenantIdOf(news.tenant) : undefined;
    if (checkTenantId(news.memberTenantId, "memberTenantId", failures) && owner && String(news.memberTenantId).toLowerCase() === owner) {
      failures.push({
        property: "memberTenantId",
        reason: `is the owner tenant '${news.tenant}' itself: an owner is in its organization already (MultiTenantOrganization), it cannot add itself`,
      });
    }
    requireText(news.displayName, "displayName", failures);
    learnTenantName(news.memberTenantId, news.displayName);
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
    const g = graph(inputs.tenant);
    learnTenantName(inputs.memberTenantId, inputs.displayName);
    const owner = tenantName({ alias: inputs.tenant, tenantId: ownerTenantId });
    // Look before adding: a tenant already added (by a run that was interrupted before Pulumi
    // recorded it, or by hand) is adopted without a second POST.
    let existing = await api.getMember(g, inputs.memberTenantId);
    if (existing && api.isLeaving(existing)) existing = undefined;
    try {
      if (!existing) await api.addMember(g, { tenantId: inputs.memberTenantId, displayName: inputs.displayName, role: desiredRole(inputs) });
    } catch (err) {
      if (!(err instanceof GraphRequestError && err.kind === "conflict")) {
        throw new Error(`adding ${tenantName(inputs.memberTenantId)} to the organization of ${owner}: ${(err as Error).message}`);
      }
      // Adopt: Graph says the tenant is already being added or is active.
      existing = await api.getMember(g, inputs.memberTenantId, true);
      if (!existing) throw err;
    }
    if (existing) {
      log(`${tenantName(inputs.memberTenantId)} is already in the organization of ${owner} (${existing.state}): adopting it`);
      if (existing.role !== desiredRole(inputs) && existing.transitionDetails?.desiredRole !== desiredRole(inputs)) {
        await api.patchMemberRole(g, inputs.memberTenantId, desiredRole(inputs));
      }
    }
    try {
      return { id, outs: plain(outputs(inputs, ownerTenantId, await converge(inputs, ownerTenantId, "create"))) };
    } catch (err) {
      const m = await api.getMember(g, inputs.memberTenantId).catch(() => undefined);
      return createdButNotConverged(id, m ? outputs(inputs, ownerTenantId, m) : { ...inputs, ownerTenantId }, inputs as never, err as Error);
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
    const g = graph(news.tenant);
    const current = await api.getMember(g, news.memberTenantId);
    if (!current) {
      throw new Error(
        `${tenantName(news.memberTenantId)} is no longer in the organization of ${tenantName({ alias: news.tenant, tenantId: olds.ownerTenantId })}; run \`pulumi refresh\` to recreate it`,
      );
    }
    if (current.role !== desiredRole(news) && current.transitionDetails?.desiredRole !== desiredRole(news)) {
      await api.patchMemberRole(g, news.memberTenantId, desiredRole(news));
    }
    return { outs: plain(outputs(news, olds.ownerTenantId, await converge(news, olds.ownerTenantId, "update"))) };
  },

  async delete(_id, props) {
    const g = graph(props.tenant);
    learnTenantName(props.memberTenantId, props.displayName);
    const what = memberWhat(props.memberTenantId, props.tenant, props.ownerTenantId);
    const timeout = timeoutMs(props.timeouts, "delete", DEFAULT_TIMEOUT_MS);
    let m = await api.getMember(g, props.memberTenantId);
    if (!m) return; // already gone
    // The creator added itself; Graph lets no other tenant remove it. Refused before any write
    // (demoting it first would leave it demoted and the removal still refused).
    if (m.addedByTenantId?.toLowerCase() === m.tenantId.toLowerCase() && m.tenantId.toLowerCase() !== props.ownerTenantId) {
      throw new Error(
        `removing ${what}: ${tenantName({ tenantId: m.tenantId.toLowerCase(), displayName: m.displayName })} created the organization, and Graph lets no other tenant remove it; nothing was changed. ` +
          "It leaves by itself (delete its MultiTenantOrganization resource, in its own tenant); to stop managing it from here, put the resource back in the program, or `pulumi state delete` it.",
      );
    }
    if ((m.role === "owner" || api.roleToBe(m) === "owner") && !api.isLeaving(m)) {
      // Graph does not let one owner remove another: demote it first (a promotion Graph is
      // processing included).
      log(`${what} is an owner: demoting it to member before removing it`);
      const demoted = await demoteBeforeRemoval(g, props.memberTenantId, what, timeout);
      if (!demoted) return; // it left meanwhile
      m = demoted;
    }
    try {
      // A removal Graph is already processing (asked for by an interrupted run) is only awaited.
      if (!api.isLeaving(m)) await api.removeMember(g, props.memberTenantId);
    } catch (err) {
      if (err instanceof GraphRequestError && err.kind === "notFound") return;
      throw new Error(`removing ${what}: ${(err as Error).message}`);
    }
    if (props.wait === "accepted") return;
    await waitFor(
      async () => {
        const now = await api.getMember(g, props.memberTenantId);
        return { done: now === undefined, state: now ? `${now.state}, removal ${now.transitionDetails?.status ?? "pending"}` : "removed" };
      },
      { what: `removal of ${what}`, timeoutMs: timeout, log },
    );
  },
};

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
