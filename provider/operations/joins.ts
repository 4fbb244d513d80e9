// A tenant's own part in an organization: joining the organization of the owner that added it, and
// leaving it. Joins are asynchronous (minutes, documented up to hours) and may fail; a failure is
// judged by what Graph shows the joining tenant and, where its alias is configured, the owner
// (join-failures.ts): one resubmitting can heal is reset (all-zero owner id) and submitted again
// with backoff until the timeout; any other ends the operation at once. Used by the
// MultiTenantOrganizationJoinRequest resource and by the topology's executor alike.
import { setTimeout as sleep } from "node:timers/promises";
import type { JoinRequestRecord } from "../../contract/wire";
import type { GraphClient } from "../graph/client";
import type { ProviderContext } from "../context";
import { GraphRequestError } from "../graph/errors";
import * as api from "../graph/mto-api";
import { timeoutMs } from "../inputs/common";
import { WaitFailedError, defaultIntervals, waitFor } from "../wait";
import { type JoinFailure, JoinRefusedError, judgeJoinFailure } from "./join-failures";
import type { Pacing } from "./organization";

/**
 * Default wait: 45 minutes. Graph documents joins of "a few minutes" up to 2 hours (4 in beta); a
 * pipeline job rarely runs longer than an hour. A join still pending then is recorded as such and
 * the next `pulumi up` keeps waiting, while Graph keeps processing it in between.
 */
export const JOIN_TIMEOUT_MS = 45 * 60_000;

/** First pause before resubmitting a failed join: a few poll intervals (5 s by default). */
const firstResubmitDelayMs = () => Math.round(defaultIntervals().initialIntervalMs * 2.5);

export const isActiveWith = (jr: JoinRequestRecord, owner: string) => jr.memberState === "active" && jr.addedByTenantId.toLowerCase() === owner;
export const isFailed = (jr: JoinRequestRecord) => jr.transitionDetails?.status === "failed";
export const isInFlight = (jr: JoinRequestRecord, owner: string) =>
  jr.addedByTenantId.toLowerCase() === owner && (jr.transitionDetails?.status === "notStarted" || jr.transitionDetails?.status === "running");

/**
 * Submits a join. A retried PATCH whose first attempt reached Graph is refused as "already being
 * processed": that is the join we asked for, so it counts as submitted.
 */
async function submit(g: GraphClient, owner: string): Promise<void> {
  try {
    await api.submitJoin(g, owner);
  } catch (err) {
    // Graph refuses a join while one is being processed, or after one failed: when the join request
    // shows a join toward this owner (read past Graph's lag), it is ours and counts as submitted.
    if (err instanceof GraphRequestError && err.kind === "invalid" && (await g.confirm(async () => api.joinTaken(await api.getJoinRequest(g), owner)))) return;
    throw err;
  }
}

/** Resubmits of a join the owner shows added but the join job did not see yet, before it counts as not added. */
const NOT_VISIBLE_RESUBMITS = 3;

/** Reads what decides a failed join: the joining tenant's organization and the owner's member list. */
async function judge(ctx: ProviderContext, joiningAlias: string, joiningTenantId: string, owner: string, details: string): Promise<JoinFailure> {
  const g = ctx.graph(joiningAlias);
  const org = await api.getOrganization(g).catch(() => undefined);
  const joining = org ? { active: org.state === "active", members: org.state === "active" ? await api.listMembers(g).catch(() => []) : [] } : undefined;
  const ownerAlias = ctx.aliasOf(owner);
  const ownerMembers = ownerAlias ? await api.listMembers(ctx.graph(ownerAlias)).catch(() => undefined) : undefined;
  return judgeJoinFailure({
    details,
    joiningTenantId,
    ownerTenantId: owner,
    joining,
    ownerMembers,
    maxActiveTenants: ctx.settings.maxActiveTenants,
    name: (t) => ctx.tenantName({ tenantId: t.tenantId, displayName: t.displayName }),
  });
}

/** Brings the join request to active: submits, waits, and on failure resets and resubmits. */
export async function join(ctx: ProviderContext, joiningAlias: string, tenantId: string, owner: string, op: "create" | "update", pacing: Pacing): Promise<JoinRequestRecord> {
  const g = ctx.graph(joiningAlias);
  const joining = ctx.tenantName({ alias: joiningAlias, tenantId });
  const what = `join of ${joining} into the organization of ${ctx.tenantName(owner)}`;
  const deadline = Date.now() + timeoutMs(pacing.timeouts, op, JOIN_TIMEOUT_MS);
  let backoff = firstResubmitDelayMs();
  let unseen = 0;
  let jr = await api.getJoinRequest(g);
  for (;;) {
    if (isActiveWith(jr, owner)) return jr;
    if (jr.memberState === "active") {
      throw new Error(
        `${joining} is already active in the organization of ${ctx.tenantName(jr.addedByTenantId.toLowerCase())}; remove it there before joining ${ctx.tenantName(owner)}`,
      );
    }
    if (isFailed(jr)) {
      ctx.log(`${what} failed (${jr.transitionDetails?.details ?? "no details"}): resetting it`);
      await api.resetJoin(g);
    }
    if (!isInFlight(jr, owner)) await submit(g, owner);
    if (pacing.wait === "accepted") return api.getJoinRequest(g);
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
          log: ctx.log,
          onTimeout: "Graph keeps processing the join: run `pulumi up` again to keep waiting for it.",
        },
      );
      return jr;
    } catch (err) {
      if (!(err instanceof WaitFailedError)) throw err;
      // Fail fast: a cause resubmitting cannot fix ends the operation, with what was seen.
      let failure = await judge(ctx, joiningAlias, tenantId, owner, err.details);
      if (failure.cause === "additionNotVisible" && ++unseen > NOT_VISIBLE_RESUBMITS) {
        failure = {
          cause: "notAddedByOwner",
          healable: false,
          basis: "state",
          advice: `The owner shows the tenant added, but ${NOT_VISIBLE_RESUBMITS + 1} joins in a row did not see it; add it again (replace its member) and join again.`,
        };
      }
      if (!failure.healable) throw new JoinRefusedError(what, err.details, failure);
      if (Date.now() + backoff >= deadline) throw err;
      const why = failure.cause === "additionNotVisible" ? "the owner shows the tenant added; the join did not see it yet" : "nothing Graph shows explains it";
      ctx.log(`${err.message} (${why}); submitting it again in ${Math.round(backoff / 1000)} s`);
      await sleep(backoff);
      backoff *= 2;
      jr = await api.getJoinRequest(g);
    }
  }
}

/**
 * The joining tenant leaves the organization it joined: a join still being processed is let finish
 * (it cannot be withdrawn), a failed one is reset, an active membership removes itself; a departure
 * Graph is already processing is only awaited.
 */
export async function leave(ctx: ProviderContext, joiningAlias: string, id: string, addedByTenantId: string, pacing: Pacing): Promise<void> {
  const g = ctx.graph(joiningAlias);
  const joining = ctx.tenantName({ alias: joiningAlias, tenantId: id });
  const leaving = `${joining} leaving the organization of ${ctx.tenantName(addedByTenantId)}`;
  const timeout = timeoutMs(pacing.timeouts, "delete", JOIN_TIMEOUT_MS);
  let jr = await api.getJoinRequest(g);
  if (isInFlight(jr, addedByTenantId)) {
    // A join still being processed cannot be withdrawn: let it finish, then leave or reset.
    await waitFor(
      async () => {
        jr = await api.getJoinRequest(g);
        return { done: !isInFlight(jr, addedByTenantId), state: jr.transitionDetails?.status ?? jr.memberState ?? "not joined" };
      },
      { what: `join of ${joining} finishing before it is withdrawn`, timeoutMs: timeout, log: ctx.log },
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
      throw new Error(`${leaving}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (pacing.wait === "accepted") return;
  await waitFor(
    async () => {
      const now = await api.getJoinRequest(g);
      return { done: now.memberState !== "active", state: now.memberState ?? "left" };
    },
    { what: leaving, timeoutMs: timeout, log: ctx.log },
  );
}
