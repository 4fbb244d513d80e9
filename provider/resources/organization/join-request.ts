// MultiTenantOrganizationJoinRequest: the joining tenant's request to join the organization of the
// owner that added it, over the join operations (operations/joins.ts): create and update join and
// wait, judging failures by Graph's state; delete leaves. A join left pending (accepted, failed,
// timed out) is recorded as created, so the next `pulumi up` resumes it.
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource, replacedBy } from "../../describe/resource";
import { type Static, optional, orNull, text } from "../../describe/shape";
import * as api from "../../graph/mto-api";
import { type JoinRequestRecord, ZERO_TENANT_ID } from "../../../contract/wire";
import { bounded, checkDescribed, commonInputsChanged, createdButNotConverged, isUnknown, lowerCaseId, plain, sameValue, tenantMoved } from "../../inputs/common";
import { JoinRefusedError } from "../../operations/join-failures";
import { JOIN_TIMEOUT_MS, join, leave } from "../../operations/joins";
import { WaitFailedError, WaitTimeoutError } from "../../wait";

export const joinRequestDescription = describeResource({
  kind: "MultiTenantOrganizationJoinRequest",
  description: "The joining tenant's request to join the organization of the owner that added it; failures resubmitting can heal are retried.",
  inputs: {
    addedByTenantId: text("Tenant id of the owner that added this tenant; changing it replaces the resource.", { format: "tenant-id", what: "the owner tenant's id (GUID)" }),
    memberAddedDateTime: optional(text("The member's addedDateTime: when the owner adds the tenant again, the join is submitted again.")),
  },
  outputs: {
    tenantId: text("The joining tenant's id."),
    memberState: orNull(text("The tenant's state in the organization, or null.")),
    role: orNull(text("Its role, or null.")),
    transitionStatus: orNull(text("notStarted, running or failed while Graph processes the join; null otherwise.")),
    transitionDetails: orNull(text("Graph's details of the join in progress or failed.")),
  },
  replaceOnChanges: ["addedByTenantId"],
});

/** `tenant` is the joining tenant. */
export type MultiTenantOrganizationJoinRequestArgs = ArgsOf<typeof joinRequestDescription>;
type Inputs = Static<typeof joinRequestDescription.inputs>;
type Outputs = Inputs & Static<typeof joinRequestDescription.outputs>;

function outputs(inputs: Inputs, tenantId: string, jr: JoinRequestRecord): Outputs {
  return {
    ...inputs,
    tenantId,
    memberState: jr.memberState,
    role: jr.role,
    transitionStatus: jr.transitionDetails?.status ?? null,
    transitionDetails: jr.transitionDetails?.details || null,
  };
}

export const joinRequestHandler = (ctx: ProviderContext): ResourceProvider<Inputs, Outputs> =>
  bounded(
    ctx,
    {
      async check(_olds, news) {
        const failures: CheckFailure[] = checkDescribed(ctx, joinRequestDescription, news);
        if (!isUnknown(news.addedByTenantId) && !failures.some((f) => f.property === "addedByTenantId")) {
          const own = typeof news.tenant === "string" ? ctx.tenantIdOf(news.tenant) : undefined;
          if (news.addedByTenantId === ZERO_TENANT_ID) {
            failures.push({ property: "addedByTenantId", reason: "the all-zero id resets a join in Graph; name the owner tenant instead" });
          } else if (own && news.addedByTenantId.toLowerCase() === own) {
            failures.push({
              property: "addedByTenantId",
              reason: `is the joining tenant '${news.tenant}' itself: a tenant joins the organization of the owner that added it, never its own`,
            });
          }
        }
        return { inputs: lowerCaseId(news, "addedByTenantId"), failures };
      },

      async diff(_id, olds, news) {
        const replaces: string[] = [];
        if (tenantMoved(ctx, news, olds.tenantId)) replaces.push("tenant");
        replaces.push(...replacedBy(joinRequestDescription, olds, news));
        // A join left pending (accepted policy, timeout) or failed is a change still to apply.
        // Unknown at preview while the member is being updated: the real diff at `up` decides.
        const reAdded = !isUnknown(news.memberAddedDateTime) && !sameValue(olds.memberAddedDateTime, news.memberAddedDateTime);
        const changed = olds.memberState !== "active" || reAdded || commonInputsChanged(olds, news);
        return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: replaces.length > 0 };
      },

      async create(inputs) {
        const tenantId = ctx.tenantIdOf(inputs.tenant)!;
        try {
          const jr = await join(ctx, inputs.tenant, tenantId, inputs.addedByTenantId, "create", inputs);
          return { id: tenantId, outs: plain(outputs(inputs, tenantId, jr)) };
        } catch (err) {
          // Submitted but not (yet) active: record it, so the next `pulumi up` resumes instead of starting over.
          const jr = await api.getJoinRequest(ctx.graph(inputs.tenant)).catch(() => undefined);
          if (!(err instanceof WaitTimeoutError || err instanceof WaitFailedError || err instanceof JoinRefusedError) || !jr) throw err;
          return createdButNotConverged(tenantId, outputs(inputs, tenantId, jr), err);
        }
      },

      async read(id, props) {
        const p = props as Outputs;
        const jr = await api.getJoinRequest(ctx.graph(p.tenant));
        // Graph shows the all-zero owner and no state once the tenant left or the request was reset.
        if (jr.memberState === null && jr.addedByTenantId === ZERO_TENANT_ID) return { id: "" };
        const outs = outputs({ ...p, addedByTenantId: p.addedByTenantId }, id, jr);
        const inputs = { tenant: p.tenant, addedByTenantId: jr.addedByTenantId.toLowerCase(), memberAddedDateTime: p.memberAddedDateTime, wait: p.wait, timeouts: p.timeouts };
        return { id, props: plain(outs), inputs: plain(inputs) as Outputs };
      },

      async update(id, _olds, news) {
        return { outs: plain(outputs(news, id, await join(ctx, news.tenant, id, news.addedByTenantId, "update", news))) };
      },

      async delete(id, props) {
        await leave(ctx, props.tenant, id, props.addedByTenantId, props);
      },
    },
    JOIN_TIMEOUT_MS,
  );

export const MultiTenantOrganizationJoinRequest = dynamicResource(joinRequestDescription);
export type MultiTenantOrganizationJoinRequest = InstanceType<typeof MultiTenantOrganizationJoinRequest>;
