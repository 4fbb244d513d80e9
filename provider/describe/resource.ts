// A resource described once: its inputs and outputs (TypeBox schemas with their documentation),
// which inputs replace it when they change, and which settings it manages path by path. From it
// come the program's argument and output types, the dynamic resource class, the plugin's schema
// and the reference page; tests/provider/describe.test.ts holds each check against it.
import * as pulumi from "@pulumi/pulumi";
import type { TObject, TProperties } from "@sinclair/typebox";
import { MODULE, type ResourceKind, providerFor } from "../dynamic";
import { type Static, described, oneOf, optional, shape, text } from "./shape";

export interface ResourceDescription<I extends TProperties = TProperties, O extends TProperties = TProperties> {
  kind: ResourceKind;
  description: string;
  /** Every input, the shared ones (tenant, wait, timeouts) included. */
  inputs: TObject<I>;
  /** Outputs besides the inputs. */
  outputs: TObject<O>;
  /** Inputs whose change replaces the resource (the acting tenant's always does). */
  replaceOnChanges: readonly string[];
  /** Settings keys the resource manages path by path: what an import takes over. */
  settings?: readonly string[];
}

export const OperationTimeouts = shape(
  "OperationTimeouts",
  "How long each operation may take, as durations such as '90s', '30m' or '2h'.",
  {
    create: optional(text("Longest time a create may take.", { format: "duration" })),
    update: optional(text("Longest time an update may take.", { format: "duration" })),
    delete: optional(text("Longest time a delete may take.", { format: "duration" })),
  },
  { shape: "such as { create: '30m', update: '10m', delete: '15m' }", unknownMember: "unknown operation: expected 'create', 'update' or 'delete'" },
);

/** The inputs every resource takes. */
export const COMMON_INPUTS = {
  tenant: text("Alias of the tenant whose credentials perform the operation (entra-mto:tenants.<alias>).", { format: "alias" }),
  wait: optional(oneOf(["converged", "accepted"] as const, "'converged' (default): wait until Graph finished; 'accepted': return once Graph took the request.")),
  timeouts: optional(described(OperationTimeouts, "How long each operation may take; Graph's throttling included.")),
};

/** A resource's description, its inputs being the shared ones and its own (its own `wait` replaces the shared one). */
export function describeResource<I extends TProperties, O extends TProperties>(d: {
  kind: ResourceKind;
  description: string;
  inputs: I;
  outputs: O;
  replaceOnChanges?: readonly (keyof I & string)[];
  settings?: readonly string[];
}): ResourceDescription<Omit<typeof COMMON_INPUTS, keyof I> & I, O> {
  return {
    kind: d.kind,
    description: d.description,
    inputs: shape(`${d.kind}Args`, d.description, { ...COMMON_INPUTS, ...d.inputs } as Omit<typeof COMMON_INPUTS, keyof I> & I),
    outputs: shape(`${d.kind}Outputs`, d.description, d.outputs),
    replaceOnChanges: ["tenant", ...(d.replaceOnChanges ?? [])],
    ...(d.settings ? { settings: d.settings } : {}),
  };
}

/**
 * The inputs whose change replaces the resource, as its description says (the acting tenant's is
 * judged by the caller, from the tenant id the alias names).
 */
export function replacedBy(d: ResourceDescription, olds: object, news: object): string[] {
  const o = olds as Record<string, unknown>;
  const n = news as Record<string, unknown>;
  return d.replaceOnChanges.filter((k) => k !== "tenant" && JSON.stringify(o[k] ?? null) !== JSON.stringify(n[k] ?? null));
}

/** Each member of a value as a Pulumi input, at the top: what a program passes a constructor. */
type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The arguments a program gives the resource. */
export type ArgsOf<D extends ResourceDescription> = InputsOf<Static<D["inputs"]>>;

/** The resource's outputs as the class declares them: every input and output, as Outputs. */
export type OutputsOf<D extends ResourceDescription> = {
  readonly [K in keyof (Static<D["inputs"]> & Static<D["outputs"]>)]-?: pulumi.Output<(Static<D["inputs"]> & Static<D["outputs"]>)[K]>;
};

/** The dynamic resource class of a description: its outputs declared, its provider looked up by kind. */
export function dynamicResource<D extends ResourceDescription>(d: D) {
  const outputs = Object.fromEntries(Object.keys(d.outputs.properties).map((k) => [k, undefined]));
  const Resource = class extends pulumi.dynamic.Resource {
    constructor(name: string, args: ArgsOf<D>, opts?: pulumi.CustomResourceOptions) {
      super(providerFor(d.kind), name, { ...outputs, ...(args as object) }, opts, MODULE, d.kind);
    }
  };
  return Resource as unknown as new (
    name: string,
    args: ArgsOf<D>,
    opts?: pulumi.CustomResourceOptions,
  ) => pulumi.dynamic.Resource & OutputsOf<D>;
}
