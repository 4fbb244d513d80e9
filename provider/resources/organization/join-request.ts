// MultiTenantOrganizationJoinRequest: the joining tenant's request to join the organization of the
// owner that added it. Joins are asynchronous (minutes, documented up to hours) and may fail. A
// failure resubmitting can heal is reset (all-zero owner id) and submitted again with backoff until
// the timeout; any other ends the operation at once (join-failures.ts).
import * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { setTimeout as sleep } from "node:timers/promises";
import { graph, log, tenantIdOf, tenantName } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import { GraphRequestError } from "../../graph/errors";
import * as api from "../../graph/mto-api";
import { type JoinRequestRecord, ZERO_TENANT_ID } from "../../../contract/wire";
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
  sameValue,
  tenantMoved,
  timeoutMs,
} from "../../inputs/common";
import { WaitFailedError, WaitTimeoutError, defaultIntervals, waitFor } from "../../wait";
import { JoinRefusedError, classifyJoinFailure } from "./join-failures";

/** `tenant`, `wait` and `timeouts` as in CommonArgs; `tenant` is the joining tenant. */
export interface MultiTenantOrganizationJoinRequestArgs extends CommonArgs {
  /** Tenant id of the owner that added this tenant; changing it replaces the resource. */
  addedByTenantId: pulumi.Input<string>;
  /**
   * The member's `addedDateTime` (from MultiTenantOrganizationMember). When the owner adds the
   * tenant again (a replaced member), it changes and the join is submitted again.
   */
  memberAddedDateTime?: pulumi.Input<string>;
}

interface Inputs extends CommonInputs {
  addedByTenantId: string;
  memberAddedDateTime?: string;
}

interface Outputs extends Inputs {
  tenantId: string;
  memberState: string | null;
  role: string | null;
  /** notStarted, running or failed while Graph processes the join; null otherwise. */
  transitionStatus: string | null;
  transitionDetails: string | null;
}

/**
 * Default wait: 45 minutes. Graph documents joins of "a few minutes" up to 2 hours (4 in beta); a
 * pipeline job rarely runs longer than an hour. A join still pending then is recorded as such and
 * the next `pulumi up` keeps waiting, while Graph keeps processing it in between.
 */
const DEFAULT_TIMEOUT_MS = 45 * 60_000;
/** First pause before resubmitting a failed join: a few poll intervals (5 s by default). */
const firstResubmitDelayMs = () => Math.round(defaultIntervals().initialIntervalMs * 2.5);

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

const isActiveWith = (jr: JoinRequestRecord, owner: string) => jr.memberState === "active" && jr.addedByTenantId.toLowerCase() === owner;
const isFailed = (jr: JoinRequestRecord) => jr.transitionDetails?.status === "failed";
const isInFlight = (jr: JoinRequestRecord, owner: string) =>
  jr.addedByTenantId.toLowerCase() === owner && (jr.transitionDetails?.status === "notStarted" || jr.transitionDetails?.status === "running");

/**
 * Submits a join. A retried PATCH whose first attempt reached Graph is refused as "already being
 * processed": that is the join we asked for, so it counts as submitted.
 */
async function submit(g: ReturnType<typeof graph>, owner: string): Promise<void> {
  try {
    await api.submitJoin(g, owner);
  } catch (err) {
    // Graph refuses a join while one is being processed, or after one failed: when the join request
    // shows a join toward this owner (read past Graph's lag), it is ours and counts as submitted.
    if (err instanceof GraphRequestError && err.kind === "invalid" && (await g.confirm(async () => api.joinTaken(await api.getJoinRequest(g), owner)))) return;
    throw err;
  }
}

/** Brings the join request to active: submits, waits, and on failure resets and resubmits. */
export async function converge(inputs: Inputs, tenantId: string, op: "create" | "update"): Promise<JoinRequestRecord> {
  const g = graph(inputs.tenant);
  const owner = inputs.addedByTenantId;
  const joining = tenantName({ alias: inputs.tenant, tenantId });
  const what = `join of ${joining} into the organization of ${tenantName(owner)}`;
  const deadline = Date.now() + timeoutMs(inputs.timeouts, op, DEFAULT_TIMEOUT_MS);
  let backoff = firstResubmitDelayMs();
  let jr = await api.getJoinRequest(g);
  for (;;) {
    if (isActiveWith(jr, owner)) return jr;
    if (jr.memberState === "active") {
      throw new Error(`${joining} is already active in the organization of ${tenantName(jr.addedByTenantId.toLowerCase())}; remove it there before joining ${tenantName(owner)}`);
    }
    if (isFailed(jr)) {
      log(`${what} failed (${jr.transitionDetails?.details ?? "no details"}): resetting it`);
      await api.resetJoin(g);
    }
    if (!isInFlight(jr, owner)) await submit(g, owner);
    if (inputs.wait === "accepted") return api.getJoinRequest(g);
    try {
      await waitFor(
        async () => {
          jr = await api.getJoinRequest(g);
          const t = jr.transitionDetails;
          return {
            done: isActiveWith(jr, owner),
            failed: isFailed(jr) ? (t?.details ?? "failed") : undefined,
            state: `${jr.memberState ?? "not joined"}${t ? ` (${t.status}${t.details ? `: ${t.details}` : ""})` : ""}`,
          };
        },
        {
          what,
          timeoutMs: Math.max(0, deadline - Date.now()),
          log,
          onTimeout: "Graph keeps processing the join: run `pulumi up` again to keep waiting for it.",
        },
      );
      return jr;
    } catch (err) {
      if (!(err instanceof WaitFailedError)) throw err;
      // Fail fast: a cause resubmitting cannot fix ends the operation with Graph's reason.
      const failure = classifyJoinFailure(err.details);
      if (!failure.healable) throw new JoinRefusedError(what, err.details, failure);
      if (Date.now() + backoff >= deadline) throw err;
      log(`${err.message}; submitting it again in ${Math.round(backoff / 1000)} s`);
      await sleep(backoff);
      backoff *= 2;
      jr = await api.getJoinRequest(g);
    }
  }
}

export const joinRequestHandler: ResourceProvider<Inputs, Outputs> = {
  async check(_olds, news) {
    const failures: CheckFailure[] = checkCommon(news);
    if (!isUnknown(news.addedByTenantId) && checkTenantId(news.addedByTenantId, "addedByTenantId", failures, "the owner tenant's id (GUID)")) {
      const own = typeof news.tenant === "string" ? tenantIdOf(news.tenant) : undefined;
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
    if (tenantMoved(news, olds.tenantId)) replaces.push("tenant");
    if (!sameValue(olds.addedByTenantId, news.addedByTenantId)) replaces.push("addedByTenantId");
    // A join left pending (accepted policy, timeout) or failed is a change still to apply.
    // Unknown at preview while the member is being updated: the real diff at `up` decides.
    const reAdded = !isUnknown(news.memberAddedDateTime) && !sameValue(olds.memberAddedDateTime, news.memberAddedDateTime);
    const changed = olds.memberState !== "active" || reAdded || commonInputsChanged(olds, news);
    return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: replaces.length > 0 };
  },

  async create(inputs) {
    const tenantId = tenantIdOf(inputs.tenant)!;
    try {
      const jr = await converge(inputs, tenantId, "create");
      return { id: tenantId, outs: plain(outputs(inputs, tenantId, jr)) };
    } catch (err) {
      // Submitted but not (yet) active: record it, so the next `pulumi up` resumes instead of starting over.
      const jr = await api.getJoinRequest(graph(inputs.tenant)).catch(() => undefined);
      if (!(err instanceof WaitTimeoutError || err instanceof WaitFailedError || err instanceof JoinRefusedError) || !jr) throw err;
      return createdButNotConverged(tenantId, outputs(inputs, tenantId, jr), inputs as never, err);
    }
  },

  async read(id, props) {
    const p = props as Outputs;
    const jr = await api.getJoinRequest(graph(p.tenant));
    // Graph shows the all-zero owner and no state once the tenant left or the request was reset.
    if (jr.memberState === null && jr.addedByTenantId === ZERO_TENANT_ID) return { id: "" };
    const outs = outputs({ ...p, addedByTenantId: p.addedByTenantId }, id, jr);
    const inputs = { tenant: p.tenant, addedByTenantId: jr.addedByTenantId.toLowerCase(), memberAddedDateTime: p.memberAddedDateTime, wait: p.wait, timeouts: p.timeouts };
    return { id, props: plain(outs), inputs: plain(inputs) as Outputs };
  },

  async update(id, _olds, news) {
    return { outs: plain(outputs(news, id, await converge(news, id, "update"))) };
  },

  async delete(id, props) {
    const g = graph(props.tenant);
    const joining = tenantName({ alias: props.tenant, tenantId: id });
    const leaving = `${joining} leaving the organization of ${tenantName(props.addedByTenantId)}`;
    const timeout = timeoutMs(props.timeouts, "delete", DEFAULT_TIMEOUT_MS);
    let jr = await api.getJoinRequest(g);
    if (isInFlight(jr, props.addedByTenantId)) {
      // A join still being processed cannot be withdrawn: let it finish, then leave or reset.
      await waitFor(
        async () => {
          jr = await api.getJoinRequest(g);
          return { done: !isInFlight(jr, props.addedByTenantId), state: jr.transitionDetails?.status ?? jr.memberState ?? "not joined" };
        },
        { what: `join of ${joining} finishing before it is withdrawn`, timeoutMs: timeout, log },
      );
    }
    if (isFailed(jr)) {
      await api.resetJoin(g);
      return;
    }
    if (jr.memberState !== "active") return; // never joined, or already left
    // Leaving: an active member tenant removes itself. A departure Graph is already processing
    // (asked for by an interrupted run) is only awaited.
    try {
      const self = await api.getMember(g, id);
      if (!self || !api.isLeaving(self)) await api.removeMember(g, id);
    } catch (err) {
      if (err instanceof GraphRequestError && err.kind === "notFound") return;
      // Refused because it left already (the join request read behind Graph's lag): Graph's state decides.
      const left = async () => {
        const m = await api.getMember(g, id);
        return m === undefined || api.isLeaving(m);
      };
      if (!(err instanceof GraphRequestError && err.kind === "invalid" && (await g.confirm(left)))) {
        throw new Error(`${leaving}: ${(err as Error).message}`);
      }
    }
    if (props.wait === "accepted") return;
    await waitFor(
      async () => {
        const now = await api.getJoinRequest(g);
        return { done: now.memberState !== "active", state: now.memberState ?? "left" };
      },
      { what: leaving, timeoutMs: timeout, log },
    );
  },
};

export class MultiTenantOrganizationJoinRequest extends pulumi.dynamic.Resource {
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly addedByTenantId: pulumi.Output<string>;
  declare readonly memberState: pulumi.Output<string | null>;
  declare readonly role: pulumi.Output<string | null>;
  declare readonly transitionStatus: pulumi.Output<string | null>;
  declare readonly transitionDetails: pulumi.Output<string | null>;

  constructor(name: string, args: MultiTenantOrganizationJoinRequestArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { tenantId: undefined, memberState: undefined, role: undefined, transitionStatus: undefined, transitionDetails: undefined };
    super(providerFor("MultiTenantOrganizationJoinRequest"), name, { ...outs, ...args }, opts, MODULE, "MultiTenantOrganizationJoinRequest");
  }
}
