// The lifecycle every trust resource shares, over the trust operations (operations/trust.ts). Its
// inputs are settings in Graph's spelling (see diff/settings.ts for paths); the resource manages
// exactly the paths the program declares:
// - check stores them in canonical form, so state and the engine's own diff see Graph's form;
// - diff compares the declared paths (and the ones dropped since) with what was last read, after
//   Graph's normalisation: no drift from order, casing or server-filled values;
// - read reports the live values of the managed paths as inputs, so `preview --refresh` shows
//   drift on exactly the property someone changed;
// - a path the program stops declaring goes back to its unconfigured value where Graph has one
//   (null: inherit or "no effect"); where it has none (the defaults), it is left as Graph holds it;
// - `wait` and `timeouts` bound the operations; a change of them alone is an update that reads the
//   object and writes nothing.
// Each resource file supplies its Graph object (a TrustObject) and what the resource adds to it.
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { GUID_PATTERN } from "../../../contract/wire";
import type { ProviderContext } from "../../context";
import { type Settings, canonical, changedPaths, declaredPaths, project } from "../../diff/settings";
import type { TSchema } from "../../describe/shape";
import { type CommonInputs, bounded, checkDescribed, commonInputsChanged, plain, tenantMoved } from "../../inputs/common";
import { TRUST_TIMEOUT_MS, type TrustObject, ensureTrust, readTrust, removeTrust, updateTrust } from "../../operations/trust";

export interface ManagedOutputs {
  /** The acting tenant's id. */
  tenantId: string;
  /** The settings paths this resource manages, e.g. "inboundTrust.isMfaAccepted". */
  managedProperties: string[];
}

/** A trust resource: its Graph object, and what the resource adds to it. */
export interface DeclaredSettingsSpec<I extends CommonInputs> extends TrustObject<I> {
  id(inputs: I, tenantId: string): string;
  /**
   * The resource's description: its inputs' shape is checked against it, and the inputs it names as
   * replacing the resource say which object this is (besides `tenant`).
   */
  description: { inputs: TSchema; replaceOnChanges: readonly string[] };
  /** Rules across properties or tenants, besides the shape (which the description checks). */
  check?(news: I, tenantId: string | undefined, failures: CheckFailure[]): void;
  /** Outputs drawn from the live object besides the settings. */
  outputs?(live: Settings): Record<string, unknown>;
}

type Outputs<I> = I & ManagedOutputs & Record<string, unknown>;

const settingsOf = (inputs: object, keys: readonly string[]): Settings =>
  Object.fromEntries(keys.filter((k) => (inputs as Settings)[k] !== undefined).map((k) => [k, (inputs as Settings)[k]]));

export function declaredSettingsHandler<I extends CommonInputs>(ctx: ProviderContext, spec: DeclaredSettingsSpec<I>): ResourceProvider<I, Outputs<I>> {
  const identity = spec.description.replaceOnChanges.filter((k) => k !== "tenant") as (keyof I & string)[];
  /** Paths managed before that a change of the program would return to unconfigured. */
  const droppable = (olds: { managedProperties?: string[] }) => (spec.dropped === "unconfigured" ? olds.managedProperties : []);
  const carried = (inputs: I): Settings =>
    Object.fromEntries(["tenant", "wait", "timeouts", ...identity].filter((k) => (inputs as Settings)[k] !== undefined).map((k) => [k, (inputs as Settings)[k]]));

  function outputs(inputs: I, tenantId: string, live: Settings, managed: string[]): Outputs<I> {
    return plain({ ...carried(inputs), ...project(live, managed), ...spec.outputs?.(live), tenantId, managedProperties: managed }) as Outputs<I>;
  }

  return bounded<I, Outputs<I>>(
    ctx,
    {
      async check(_olds, news) {
        const failures: CheckFailure[] = checkDescribed(ctx, spec.description, news as unknown as Record<string, unknown>);
        const tenantId = typeof news.tenant === "string" ? ctx.tenantIdOf(news.tenant) : undefined;
        spec.check?.(news, tenantId, failures);
        // Tenant ids are case-insensitive: stored lower-case, as Graph returns them.
        const ids = identity.filter((k) => typeof news[k] === "string" && GUID_PATTERN.test(news[k] as string));
        const lowered = Object.fromEntries(ids.map((k) => [k, (news[k] as string).toLowerCase()]));
        return { inputs: { ...news, ...lowered, ...canonical(settingsOf(news, spec.keys), spec.keys) }, failures };
      },

      async diff(_id, olds, news) {
        const replaces: string[] = tenantMoved(ctx, news, olds.tenantId) ? ["tenant"] : [];
        for (const key of identity) {
          if (JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null)) replaces.push(key);
        }
        const changed = changedPaths(olds, settingsOf(news, spec.keys), spec.keys, droppable(olds));
        // Replacing means removing the object first: creating first would adopt the very object the
        // removal then takes away.
        return { changes: replaces.length > 0 || changed.length > 0 || commonInputsChanged(olds, news), replaces, deleteBeforeReplace: true };
      },

      async create(inputs) {
        const tenantId = ctx.tenantIdOf(inputs.tenant)!;
        const declared = settingsOf(inputs, spec.keys);
        const now = await ensureTrust(ctx, spec, inputs, tenantId, declared);
        return { id: spec.id(inputs, tenantId), outs: outputs(inputs, tenantId, now, declaredPaths(declared, spec.keys)) };
      },

      async read(id, props) {
        const p = props as Outputs<I>;
        const found = await readTrust(ctx, spec, p, p.tenantId);
        if (!found) return { id: "" };
        const managed = p.managedProperties ?? [];
        const outs = outputs(p, p.tenantId, found, managed);
        // Refreshed inputs: the live values of the managed paths, so diffs compare the program with Graph.
        return { id, props: outs, inputs: plain({ ...carried(p), ...project(found, managed) }) as unknown as Outputs<I> };
      },

      async update(_id, olds, news) {
        const tenantId = olds.tenantId;
        const declared = settingsOf(news, spec.keys);
        const now = await updateTrust(ctx, spec, news, tenantId, declared, droppable(olds));
        return { outs: outputs(news, tenantId, now, declaredPaths(declared, spec.keys)) };
      },

      async delete(_id, props) {
        await removeTrust(ctx, spec, props, props.tenantId);
      },
    },
    TRUST_TIMEOUT_MS,
  );
}
