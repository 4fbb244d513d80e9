// The trust writes: bringing a cross-tenant access object (defaults, a partner configuration, its
// user synchronization policy, the organization's templates) to the settings a program declares,
// reading it back, and removing it. Each object says how Graph finds, creates, patches and removes
// it (a TrustObject, beside its resource); the operations here are the same for all:
// - a write passes on whether Graph already shows its effect, so after an ambiguous outcome it is
//   sent again only while Graph does not;
// - `wait`: Graph stores a setting at once but may answer reads from its earlier state for a
//   while. "converged" reads until Graph shows what was written; "accepted" reads once.
// Failures say what was being done, to which object, and keep their cause.
import type { ProviderContext } from "../context";
import { type Settings, changedPaths, patchBody } from "../diff/settings";
import type { GraphClient } from "../graph/client";
import type { Applied } from "../graph/xtap-api";
import { type CommonInputs, timeoutMs } from "../inputs/common";
import { waitFor } from "../wait";
import { OperationError } from "./errors";

/** How long a trust operation may take by default, Graph's throttling and read lag included. */
export const TRUST_TIMEOUT_MS = 10 * 60_000;

/** A cross-tenant access object as Graph holds it, for the inputs that name it. */
export interface TrustObject<I extends CommonInputs> {
  /** The settings keys of the object, in Graph's spelling. */
  keys: readonly string[];
  /** What the object is, for messages: "the partner configuration for X in tenant Y". */
  describe(inputs: I, tenantId: string): string;
  /** The object's live settings, or undefined when it does not exist. */
  read(g: GraphClient, inputs: I, afterWrite: boolean): Promise<Settings | undefined>;
  /**
   * Brings the declared settings into effect on a new or existing object (adoption). `holds` tells
   * whether Graph already holds them.
   */
  create(g: GraphClient, inputs: I, declared: Settings, tenantId: string, holds: Applied): Promise<void>;
  /** Applies a PATCH body of settings (`holds` as for create). */
  patch(g: GraphClient, inputs: I, body: Settings, holds: Applied): Promise<void>;
  /**
   * What a path the program stops declaring becomes: `unconfigured` (null, or the value given in
   * `unconfigured`), or `left` as Graph holds it where Graph has no unconfigured value.
   */
  dropped: "unconfigured" | "left";
  unconfigured?: Settings;
  remove(g: GraphClient, inputs: I, tenantId: string): Promise<void>;
}

/** A failure, with what was being done and to which object; the cause is kept. */
export async function doing<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof OperationError && err.what.startsWith(what)) throw err;
    throw new OperationError(what, err);
  }
}

/** Whether Graph holds the declared settings, and none of the paths dropped since: a write's effect. */
const holds =
  <I extends CommonInputs>(ctx: ProviderContext, obj: TrustObject<I>, inputs: I, declared: Settings, previouslyManaged: readonly string[] = []): Applied =>
  async () => {
    const found = await obj.read(ctx.graph(inputs.tenant), inputs, false);
    return found !== undefined && changedPaths(found, declared, obj.keys, previouslyManaged).length === 0;
  };

async function live<I extends CommonInputs>(ctx: ProviderContext, obj: TrustObject<I>, inputs: I, tenantId: string, afterWrite: boolean): Promise<Settings> {
  const found = await obj.read(ctx.graph(inputs.tenant), inputs, afterWrite);
  if (!found) throw new Error(`${obj.describe(inputs, tenantId)} does not exist; run \`pulumi refresh\` and \`pulumi up\` to create it again`);
  return found;
}

/**
 * The object after a write: under `wait: converged`, read until Graph shows the declared settings,
 * bounded by the operation's timeout; under `accepted`, one read.
 */
async function settled<I extends CommonInputs>(
  ctx: ProviderContext,
  obj: TrustObject<I>,
  inputs: I,
  tenantId: string,
  declared: Settings,
  op: "create" | "update",
): Promise<Settings> {
  let now = await live(ctx, obj, inputs, tenantId, true);
  if (inputs.wait === "accepted") return now;
  const pending = () => changedPaths(now, declared, obj.keys);
  if (pending().length === 0) return now;
  await waitFor(
    async () => {
      now = await live(ctx, obj, inputs, tenantId, true);
      const left = pending();
      return { done: left.length === 0, state: left.length ? `not shown yet: ${left.join(", ")}` : "shown" };
    },
    { what: `${obj.describe(inputs, tenantId)} showing what was written`, timeoutMs: timeoutMs(inputs.timeouts, op, TRUST_TIMEOUT_MS), log: ctx.log },
  );
  return now;
}

/** Creates or adopts the object with the declared settings; returns it as Graph shows it after the wait. */
export async function ensureTrust<I extends CommonInputs>(ctx: ProviderContext, obj: TrustObject<I>, inputs: I, tenantId: string, declared: Settings): Promise<Settings> {
  const what = obj.describe(inputs, tenantId);
  await doing(`creating ${what}`, () => obj.create(ctx.graph(inputs.tenant), inputs, declared, tenantId, holds(ctx, obj, inputs, declared)));
  return doing(`reading ${what}`, () => settled(ctx, obj, inputs, tenantId, declared, "create"));
}

/**
 * Patches the paths where Graph differs from the declared settings, and the `dropped` paths the
 * program no longer declares; returns the object as Graph shows it after the wait.
 */
export async function updateTrust<I extends CommonInputs>(
  ctx: ProviderContext,
  obj: TrustObject<I>,
  inputs: I,
  tenantId: string,
  declared: Settings,
  dropped: readonly string[] | undefined,
): Promise<Settings> {
  const what = obj.describe(inputs, tenantId);
  await doing(`updating ${what}`, async () => {
    const current = await live(ctx, obj, inputs, tenantId, false);
    const paths = changedPaths(current, declared, obj.keys, dropped);
    if (paths.length) await obj.patch(ctx.graph(inputs.tenant), inputs, patchBody(current, declared, paths, obj.unconfigured), holds(ctx, obj, inputs, declared, dropped));
  });
  return doing(`reading ${what}`, () => settled(ctx, obj, inputs, tenantId, declared, "update"));
}

/** The object's live settings, or undefined when Graph no longer has it. */
export function readTrust<I extends CommonInputs>(ctx: ProviderContext, obj: TrustObject<I>, inputs: I, tenantId: string): Promise<Settings | undefined> {
  return doing(`reading ${obj.describe(inputs, tenantId)}`, () => obj.read(ctx.graph(inputs.tenant), inputs, false));
}

export function removeTrust<I extends CommonInputs>(ctx: ProviderContext, obj: TrustObject<I>, inputs: I, tenantId: string): Promise<void> {
  return doing(`removing ${obj.describe(inputs, tenantId)}`, () => obj.remove(ctx.graph(inputs.tenant), inputs, tenantId));
}
