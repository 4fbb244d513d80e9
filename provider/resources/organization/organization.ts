// MultiTenantOrganization: the organization as its owner tenant sees it. Graph keeps one per
// tenant (a PUT singleton with no DELETE): creating adopts the tenant's existing organization, and
// deleting removes the owner tenant itself, which ends the organization once it is the last one.
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { type Static, flag, optional, orNull, text } from "../../describe/shape";
import { bounded, checkDescribed, commonInputsChanged, createdButNotConverged, plain, sameValue, tenantMoved } from "../../inputs/common";
import {
  ORGANIZATION_TIMEOUT_MS,
  type OrganizationBody,
  type OrganizationSeen,
  awaitOrganization,
  endOrganization,
  ensureOrganization,
  observeOrganization,
  updateOrganization,
} from "../../operations/organization";

export const organizationDescription = describeResource({
  kind: "MultiTenantOrganization",
  description: "The multitenant organization as its owner tenant sees it; creating adopts the tenant's existing organization, deleting removes the owner tenant from it.",
  inputs: {
    displayName: text("The organization's name.", { maxLength: 256, required: "required: a non-empty string" }),
    description: optional(text("The organization's description; left as Graph holds it when omitted.", { maxLength: 1024 })),
  },
  outputs: {
    tenantId: text("The owner tenant's id."),
    objectId: text("Graph's tenant-specific object id of the organization."),
    state: text("active or inactive."),
    createdDateTime: orNull(text("When it was created.")),
    converged: flag("False while the owner's own membership is still being set up."),
  },
});

/** `tenant` is the owner tenant. */
export type MultiTenantOrganizationArgs = ArgsOf<typeof organizationDescription>;
export type Inputs = Static<typeof organizationDescription.inputs>;
type Outputs = Inputs & Static<typeof organizationDescription.outputs>;

function outputs(inputs: Inputs, tenantId: string, seen: OrganizationSeen): Outputs {
  return {
    ...inputs,
    tenantId,
    objectId: seen.org.id ?? "",
    state: seen.org.state,
    createdDateTime: seen.org.createdDateTime,
    converged: seen.converged,
    displayName: seen.org.displayName ?? inputs.displayName,
    description: seen.org.description ?? undefined,
  };
}

/** The owner's name: Graph's, or else the organization's name stands in for it. */
function learnOwnerName(ctx: ProviderContext, inputs: Partial<Inputs>): void {
  ctx.learnTenantName(inputs.tenant, inputs.displayName, { fallback: true });
}

const bodyOf = (inputs: Inputs): OrganizationBody => ({ displayName: inputs.displayName, description: inputs.description });

export const organizationHandler = (ctx: ProviderContext): ResourceProvider<Inputs, Outputs> =>
  bounded(
    ctx,
    {
      async check(_olds, news) {
        return { inputs: news, failures: checkDescribed(ctx, organizationDescription, news) };
      },

      async diff(_id, olds, news) {
        const replaces = tenantMoved(ctx, news, olds.tenantId) ? ["tenant"] : [];
        const changed =
          !sameValue(olds.displayName, news.displayName) ||
          // An undeclared description is not managed: whatever Graph holds is not drift.
          (news.description !== undefined && !sameValue(olds.description, news.description)) ||
          commonInputsChanged(olds, news) ||
          olds.state !== "active" ||
          !olds.converged;
        return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: replaces.length > 0 };
      },

      async create(inputs) {
        const tenantId = ctx.tenantIdOf(inputs.tenant)!;
        await ensureOrganization(ctx, inputs.tenant, tenantId, bodyOf(inputs));
        try {
          const seen = await awaitOrganization(ctx, inputs.tenant, tenantId, "create", inputs);
          return { id: tenantId, outs: plain(outputs(inputs, tenantId, seen)) };
        } catch (err) {
          const seen = await observeOrganization(ctx, inputs.tenant, tenantId).catch(() => undefined);
          return createdButNotConverged(tenantId, seen ? outputs(inputs, tenantId, seen) : { ...inputs, tenantId }, err as Error);
        }
      },

      async read(id, props) {
        const p = props as Outputs;
        const seen = await observeOrganization(ctx, p.tenant, id, true);
        if (seen.org.state !== "active") return { id: "" }; // gone: refresh drops it from state
        const outs = outputs(p, id, seen);
        // Refreshed inputs, so later diffs compare the program with what Graph holds.
        const inputs = { tenant: p.tenant, displayName: outs.displayName, description: outs.description, wait: p.wait, timeouts: p.timeouts };
        return { id, props: plain(outs), inputs: plain(inputs) as Outputs };
      },

      async update(id, _olds, news) {
        learnOwnerName(ctx, news);
        await updateOrganization(ctx, news.tenant, bodyOf(news));
        const seen = await awaitOrganization(ctx, news.tenant, id, "update", news);
        return { outs: plain(outputs(news, id, seen)) };
      },

      async delete(id, props) {
        learnOwnerName(ctx, props);
        await endOrganization(ctx, props.tenant, id, props);
      },
    },
    ORGANIZATION_TIMEOUT_MS,
  );

export const MultiTenantOrganization = dynamicResource(organizationDescription);
export type MultiTenantOrganization = InstanceType<typeof MultiTenantOrganization>;
