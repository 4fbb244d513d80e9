// The lifecycle every trust resource shares. Its inputs are settings in Graph's spelling (see
// diff/settings.ts for paths); the resource manages exactly the paths the program declares:
// - check stores them in canonical form, so state and the engine's own diff see Graph's form;
// - diff and update compare the declared paths (and the ones dropped since) with Graph, after
//   Graph's normalisation: no drift from order, casing or server-filled values;
// - read reports the live values of the managed paths as inputs, so `preview --refresh` shows
//   drift on exactly the property someone changed;
// - a path the program stops declaring goes back to its unconfigured value where Graph has one
//   (null: inherit or "no effect"); where it has none (the defaults), it is left as Graph holds it;
// - `wait`: Graph stores a setting at once but may answer reads from its earlier state for a while.
//   "converged" (the default) reads until Graph shows what was written, so the outputs and the next
//   preview see it; "accepted" returns once Graph took the write. `timeouts` bounds each operation,
//   the wait and any throttling included.
// Each resource file supplies what is particular to its Graph object: how to find it, adopt or
// create it, patch it and remove it.
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { GUID_PATTERN } from "../../../contract/wire";
import { graph, log, tenantIdOf } from "../../context";
import { type Settings, canonical, changedPaths, declaredPaths, patchBody, project } from "../../diff/settings";
import type { GraphClient } from "../../graph/client";
import type { Applied } from "../../graph/xtap-api";
import type { TSchema } from "../../describe/shape";
import { type CommonInputs, bounded, checkDescribed, commonInputsChanged, plain, tenantMoved, timeoutMs } from "../../inputs/common";
import { OperationError } from "../../operations/errors";
import { waitFor } from "../../wait";

/** How long a trust operation may take by default, Graph's throttling and read lag included. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export interface ManagedOutputs {
  /** The acting tenant's id. */
  tenantId: string;
  /** The settings paths this resource manages, e.g. "inboundTrust.isMfaAccepted". */
  managedProperties: string[];
}

export interface DeclaredSettingsSpec<I extends CommonInputs> {
  /** The settings keys of the object, in Graph's spelling. */
  keys: readonly string[];

  /** What the object is, for messages: "partner configuration for X in tenant Y". */
  describe(inputs: I, tenantId: string): string;
  id(inputs: I, tenantId: string): string;
  /**
   * The resource's description: its inputs' shape is checked against it, and the inputs it names as
   * replacing the resource say which object this is (besides `tenant`).
   */
  description: { inputs: TSchema; replaceOnChanges: readonly string[] };
  /** Rules across properties or tenants, besides the shape (which the description checks). */
  check?(news: I, tenantId: string | undefined, failures: CheckFailure[]): void;
  /** The object's live settings, or undefined when it does not exist. */
  read(g: GraphClient, inputs: I, afterWrite: boolean): Promise<Settings | undefined>;
  /** Outputs drawn from the live object besides the settings. */
  outputs?(live: Settings): Record<string, unknown>;
  /**
   * Brings the declared settings into effect on a new or existing object (adoption). `holds` tells
   * whether Graph already holds them: each write passes it on, so that after an ambiguous outcome
   * the write is sent again only while Graph does not show its effect.
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

type Outputs<I> = I & ManagedOutputs & Record<string, unknown>;

const settingsOf = (inputs: object, keys: readonly string[]): Settings =>
  Object.fromEntries(keys.filter((k) => (inputs as Settings)[k] !== undefined).map((k) => [k, (inputs as Settings)[k]]));

/** A failure, with what was being done and to which object; the cause is kept. */
export async function doing<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof OperationError && err.what.startsWith(what)) throw err;
    throw new OperationError(what, err);
  }
}

export function declaredSettingsHandler<I extends CommonInputs>(spec: DeclaredSettingsSpec<I>): ResourceProvider<I, Outputs<I>> {
  const identity = spec.description.replaceOnChanges.filter((k) => k !== "tenant") as (keyof I & string)[];
  /** Paths managed before that a change of the program would return to unconfigured. */
  const droppable = (olds: { managedProperties?: string[] }) => (spec.dropped === "unconfigured" ? olds.managedProperties : []);
  const carried = (inputs: I): Settings =>
    Object.fromEntries(["tenant", "wait", "timeouts", ...identity].filter((k) => (inputs as Settings)[k] !== undefined).map((k) => [k, (inputs as Settings)[k]]));

  function outputs(inputs: I, tenantId: string, live: Settings, managed: string[]): Outputs<I> {
    return plain({ ...carried(inputs), ...project(live, managed), ...spec.outputs?.(live), tenantId, managedProperties: managed }) as Outputs<I>;
  }

  /** Whether Graph holds the declared settings, and none of the paths dropped since: a write's effect. */
  const holds =
    (inputs: I, declared: Settings, previouslyManaged: readonly string[] = []): Applied =>
    async () => {
      const found = await spec.read(graph(inputs.tenant), inputs, false);
      return found !== undefined && changedPaths(found, declared, spec.keys, previouslyManaged).length === 0;
    };

  async function live(inputs: I, tenantId: string, afterWrite: boolean): Promise<Settings> {
    const found = await spec.read(graph(inputs.tenant), inputs, afterWrite);
    if (!found) throw new Error(`${spec.describe(inputs, tenantId)} does not exist; run \`pulumi refresh\` and \`pulumi up\` to create it again`);
    return found;
  }

  /**
   * The object after a write: under `wait: converged`, read until Graph shows the declared settings,
   * bounded by the operation's timeout; under `accepted`, one read.
   */
  async function settled(inputs: I, tenantId: string, declared: Settings, op: "create" | "update"): Promise<Settings> {
    let now = await live(inputs, tenantId, true);
    if (inputs.wait === "accepted") return now;
    const pending = () => changedPaths(now, declared, spec.keys);
    if (pending().length === 0) return now;
    await waitFor(
      async () => {
        now = await live(inputs, tenantId, true);
        const left = pending();
        return { done: left.length === 0, state: left.length ? `not shown yet: ${left.join(", ")}` : "shown" };
      },
      { what: `${spec.describe(inputs, tenantId)} showing what was written`, timeoutMs: timeoutMs(inputs.timeouts, op, DEFAULT_TIMEOUT_MS), log },
    );
    return now;
  }

  return bounded<I, Outputs<I>>(
    {
      async check(_olds, news) {
        const failures: CheckFailure[] = checkDescribed(spec.description, news as unknown as Record<string, unknown>);
        const tenantId = typeof news.tenant === "string" ? tenantIdOf(news.tenant) : undefined;
        spec.check?.(news, tenantId, failures);
        // Tenant ids are case-insensitive: stored lower-case, as Graph returns them.
        const ids = identity.filter((k) => typeof news[k] === "string" && GUID_PATTERN.test(news[k] as string));
        const lowered = Object.fromEntries(ids.map((k) => [k, (news[k] as string).toLowerCase()]));
        return { inputs: { ...news, ...lowered, ...canonical(settingsOf(news, spec.keys), spec.keys) }, failures };
      },

      async diff(_id, olds, news) {
        const replaces: string[] = tenantMoved(news, olds.tenantId) ? ["tenant"] : [];
        for (const key of identity) {
          if (JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null)) replaces.push(key);
        }
        const changed = changedPaths(olds, settingsOf(news, spec.keys), spec.keys, droppable(olds));
        // Replacing means removing the object first: creating first would adopt the very object the
        // removal then takes away.
        return { changes: replaces.length > 0 || changed.length > 0 || commonInputsChanged(olds, news), replaces, deleteBeforeReplace: true };
      },

      async create(inputs) {
        const tenantId = tenantIdOf(inputs.tenant)!;
        const what = spec.describe(inputs, tenantId);
        const declared = settingsOf(inputs, spec.keys);
        await doing(`creating ${what}`, () => spec.create(graph(inputs.tenant), inputs, declared, tenantId, holds(inputs, declared)));
        const now = await doing(`reading ${what}`, () => settled(inputs, tenantId, declared, "create"));
        return { id: spec.id(inputs, tenantId), outs: outputs(inputs, tenantId, now, declaredPaths(declared, spec.keys)) };
      },

      async read(id, props) {
        const p = props as Outputs<I>;
        const found = await doing(`reading ${spec.describe(p, p.tenantId)}`, () => spec.read(graph(p.tenant), p, false));
        if (!found) return { id: "" };
        const managed = p.managedProperties ?? [];
        const outs = outputs(p, p.tenantId, found, managed);
        // Refreshed inputs: the live values of the managed paths, so diffs compare the program with Graph.
        return { id, props: outs, inputs: plain({ ...carried(p), ...project(found, managed) }) as unknown as Outputs<I> };
      },

      async update(_id, olds, news) {
        const tenantId = olds.tenantId;
        const what = spec.describe(news, tenantId);
        const g = graph(news.tenant);
        const declared = settingsOf(news, spec.keys);
        await doing(`updating ${what}`, async () => {
          const current = await live(news, tenantId, false);
          const paths = changedPaths(current, declared, spec.keys, droppable(olds));
          if (paths.length) await spec.patch(g, news, patchBody(current, declared, paths, spec.unconfigured), holds(news, declared, droppable(olds)));
        });
        const now = await doing(`reading ${what}`, () => settled(news, tenantId, declared, "update"));
        return { outs: outputs(news, tenantId, now, declaredPaths(declared, spec.keys)) };
      },

      async delete(_id, props) {
        await doing(`removing ${spec.describe(props, props.tenantId)}`, () => spec.remove(graph(props.tenant), props, props.tenantId));
      },
    },
    DEFAULT_TIMEOUT_MS,
  );
}
