// MultiTenantOrganization: the organization as its owner tenant sees it. Graph keeps one per
// tenant (a PUT singleton with no DELETE): creating adopts the tenant's existing organization, and
// deleting removes the owner tenant itself, which ends the organization once it is the last one.
import * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { graph, learnTenantName, log, tenantIdOf, tenantName } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import { GraphRequestError } from "../../graph/errors";
import * as api from "../../graph/mto-api";
import {
  type CommonArgs,
  type CommonInputs,
  MAX_DESCRIPTION_LENGTH,
  checkCommon,
  checkText,
  commonInputsChanged,
  createdButNotConverged,
  plain,
  requireText,
  sameValue,
  tenantMoved,
  timeoutMs,
} from "../../inputs/common";
import { waitFor } from "../../wait";

/** `tenant`, `wait` and `timeouts` as in CommonArgs; `tenant` is the owner tenant. */
export interface MultiTenantOrganizationArgs extends CommonArgs {
  displayName: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

export interface Inputs extends CommonInputs {
  displayName: string;
  description?: string;
}

interface Outputs extends Inputs {
  tenantId: string;
  /** Graph's tenant-specific object id of the organization. */
  objectId: string;
  state: string;
  createdDateTime: string | null;
  /** False while the owner's own membership is still being set up. */
  converged: boolean;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** What the program declares: an omitted description is left as Graph holds it. */
const declaredBody = (inputs: Inputs) =>
  inputs.description === undefined ? { displayName: inputs.displayName } : { displayName: inputs.displayName, description: inputs.description };

/**
 * The organization and the owner's own membership. A refresh (`forRefresh`) finds the owner's
 * record in the member list the member resources' reads share (one request for them all); a
 * record missing there (Graph's lag) is read on its own.
 */
async function observe(alias: string, tenantId: string, forRefresh = false) {
  const g = graph(alias);
  const org = await api.getOrganization(g);
  const listed = org.state === "active" && forRefresh ? (await api.membersForRefresh(g)).find((m) => m.tenantId.toLowerCase() === tenantId) : undefined;
  const own = org.state === "active" ? (listed ?? (await api.getMember(g, tenantId, true))) : undefined;
  learnTenantName(tenantId, own?.displayName);
  const converged = org.state === "active" && own?.state === "active" && own.transitionDetails === null;
  return { org, converged };
}

function outputs(inputs: Inputs, tenantId: string, seen: Awaited<ReturnType<typeof observe>>): Outputs {
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
function learnOwnerName(inputs: Partial<Inputs>): void {
  learnTenantName(inputs.tenant, inputs.displayName, { fallback: true });
}

export async function converge(inputs: Inputs, tenantId: string, op: "create" | "update") {
  learnOwnerName(inputs);
  let seen = await observe(inputs.tenant, tenantId);
  if (inputs.wait !== "accepted" && !seen.converged) {
    await waitFor(
      async () => {
        seen = await observe(inputs.tenant, tenantId);
        return { done: seen.converged, state: seen.org.state === "active" ? "active, owner membership being set up" : seen.org.state };
      },
      { what: `organization of ${tenantName({ alias: inputs.tenant, tenantId })}`, timeoutMs: timeoutMs(inputs.timeouts, op, DEFAULT_TIMEOUT_MS), log },
    );
  }
  return seen;
}

/**
 * Creates the tenant's organization, or adopts the one it already owns (Graph allows one per
 * tenant) and applies the declared name and description. Does not wait for it to converge.
 */
export async function ensureOrganization(inputs: Inputs, tenantId: string): Promise<void> {
  const g = graph(inputs.tenant);
  learnOwnerName(inputs);
  const existing = await api.getOrganization(g);
  if (existing.state !== "active") {
    await api.putOrganization(g, declaredBody(inputs));
    return;
  }
  // Only an owner's: a member tenant belongs to another tenant's organization. (A tenant in an
  // organization always has its own record: a 404 is Graph's read-after-write lag.)
  const own = await api.getMember(g, tenantId, true);
  learnTenantName(tenantId, own?.displayName);
  const tenant = tenantName({ alias: inputs.tenant, tenantId });
  if (own?.role !== "owner") {
    throw new Error(
      `${tenant} is a ${own?.role ?? "pending"} tenant of the organization '${existing.displayName}', not its owner; it cannot create or adopt an organization of its own`,
    );
  }
  log(`${tenant} already has organization '${existing.displayName}': adopting it`);
  if (!sameValue(existing.displayName, inputs.displayName) || (inputs.description !== undefined && !sameValue(existing.description, inputs.description))) {
    await api.patchOrganization(g, declaredBody(inputs));
  }
}

export const organizationHandler: ResourceProvider<Inputs, Outputs> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = checkCommon(news);
    requireText(news.displayName, "displayName", failures);
    checkText(news.description, "description", failures, { max: MAX_DESCRIPTION_LENGTH });
    learnOwnerName(news);
    return { inputs: news, failures };
  },

  async diff(_id, olds, news) {
    const replaces = tenantMoved(news, olds.tenantId) ? ["tenant"] : [];
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
    const tenantId = tenantIdOf(inputs.tenant)!;
    await ensureOrganization(inputs, tenantId);
    try {
      const seen = await converge(inputs, tenantId, "create");
      return { id: tenantId, outs: plain(outputs(inputs, tenantId, seen)) };
    } catch (err) {
      const seen = await observe(inputs.tenant, tenantId).catch(() => undefined);
      return createdButNotConverged(tenantId, seen ? outputs(inputs, tenantId, seen) : { ...inputs, tenantId }, inputs as never, err as Error);
    }
  },

  async read(id, props) {
    const p = props as Outputs;
    const seen = await observe(p.tenant, id, true);
    if (seen.org.state !== "active") return { id: "" }; // gone: refresh drops it from state
    const outs = outputs(p, id, seen);
    // Refreshed inputs, so later diffs compare the program with what Graph holds.
    const inputs = { tenant: p.tenant, displayName: outs.displayName, description: outs.description, wait: p.wait, timeouts: p.timeouts };
    return { id, props: plain(outs), inputs: plain(inputs) as Outputs };
  },

  async update(id, olds, news) {
    const g = graph(news.tenant);
    if (!sameValue(olds.displayName, news.displayName) || (news.description !== undefined && !sameValue(olds.description, news.description))) {
      await api.patchOrganization(g, declaredBody(news));
    }
    const seen = await converge(news, id, "update");
    return { outs: plain(outputs(news, id, seen)) };
  },

  async delete(id, props) {
    const g = graph(props.tenant);
    learnOwnerName(props);
    const owner = tenantName({ alias: props.tenant, tenantId: id });
    if ((await api.getOrganization(g)).state !== "active") return; // already ended
    try {
      await api.removeMember(g, id);
    } catch (err) {
      // Refused because the owner left already (the organization read behind Graph's lag): a tenant
      // that left sees no organization. Graph's state decides, not the refusal.
      const left = async () => {
        if ((await api.getOrganization(g)).state !== "active") return true;
        const own = await api.getMember(g, id);
        return own === undefined || api.isLeaving(own);
      };
      const refused = err instanceof GraphRequestError && (err.kind === "notFound" || err.kind === "invalid");
      if (!(refused && (err.kind === "notFound" || (await g.confirm(left))))) {
        throw new Error(`removing owner tenant ${owner} to end its organization: ${(err as Error).message}`);
      }
    }
    if (props.wait === "accepted") return;
    await waitFor(
      async () => {
        const org = await api.getOrganization(g);
        return { done: org.state !== "active", state: org.state };
      },
      { what: `end of the organization of ${owner}`, timeoutMs: timeoutMs(props.timeouts, "delete", DEFAULT_TIMEOUT_MS), log },
    );
  },
};

export class MultiTenantOrganization extends pulumi.dynamic.Resource {
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly objectId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly state: pulumi.Output<string>;
  declare readonly createdDateTime: pulumi.Output<string | null>;
  declare readonly converged: pulumi.Output<boolean>;

  constructor(name: string, args: MultiTenantOrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { tenantId: undefined, objectId: undefined, state: undefined, createdDateTime: undefined, converged: undefined };
    super(providerFor("MultiTenantOrganization"), name, { ...outs, ...args }, opts, MODULE, "MultiTenantOrganization");
  }
}
