// Drift as the engine sees it: a preview that refreshes first (`pulumi preview --refresh`), so each
// resource's live state (read from Graph) is compared with the program. Every step other than
// "same" is drift, given an unchanged program; for each, the leaf properties that differ are listed
// with the declared and the live value. The provider's read reports live values in the same
// canonical form check gives declared ones (sets sorted, ids lower-cased), so a plain comparison
// here agrees with the provider's own diff.
import type { EngineEvent, OpType, Stack, StepEventMetadata } from "@pulumi/pulumi/automation";
import { isDeepStrictEqual } from "node:util";

export interface PropertyDrift {
  /** Path in the resource's inputs, e.g. `inboundTrust.isMfaAccepted`. */
  path: string;
  /** What the program declares; undefined when it declares nothing there. */
  declared: unknown;
  /** What Graph holds; undefined when Graph holds nothing there. */
  live: unknown;
}

export interface ResourceDrift {
  urn: string;
  /** The resource type as users write it, e.g. `entra-mto:CrossTenantAccessPartner`. */
  type: string;
  name: string;
  /** What `pulumi up` would do: update or replace it; create it again (gone from Graph); delete it. */
  change: "update" | "replace" | "create" | "delete";
  properties: PropertyDrift[];
}

const CHANGES: Partial<Record<OpType, ResourceDrift["change"]>> = { update: "update", replace: "replace", create: "create", delete: "delete" };

/** `pulumi-nodejs:dynamic/entra-mto:CrossTenantAccessPartner` → `entra-mto:CrossTenantAccessPartner`. */
const shownType = (type: string) => type.replace(/^pulumi-nodejs:dynamic\//, "");
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const join = (base: string, key: string) => (IDENTIFIER.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Leaf-level differences; lists compare whole, as the provider compares them as values or sets. */
export function differences(declared: unknown, live: unknown, at = ""): PropertyDrift[] {
  if (isRecord(declared) && isRecord(live)) {
    const keys = [...new Set([...Object.keys(declared), ...Object.keys(live)])].filter((k) => !k.startsWith("__")).sort();
    return keys.flatMap((k) => differences(declared[k], live[k], join(at, k)));
  }
  return isDeepStrictEqual(declared, live) ? [] : [{ path: at, declared, live }];
}

function driftOf(m: StepEventMetadata): ResourceDrift | undefined {
  const change = CHANGES[m.op];
  if (!change) return undefined;
  const declared = change === "delete" ? undefined : m.new?.inputs;
  const live = change === "create" ? undefined : m.old?.inputs;
  const properties = differences(declared ?? {}, live ?? {});
  // A quarantined synchronization job is drift in its health, not in what is declared: the
  // update that follows starts it again. Its reason is what the report shows.
  const quarantine = (m.old?.outputs as Record<string, unknown> | undefined)?.quarantine;
  if (change === "update" && typeof quarantine === "string") properties.push({ path: "quarantine", declared: null, live: quarantine });
  return { urn: m.urn, type: shownType(m.type), name: nameOf(m.urn), change, properties };
}

/**
 * One line per failure: the engine reports a provider's error with its stack trace and, for a
 * dynamic provider, the message twice ("X: GraphRequestError: X").
 */
export function failureLine(message: string): string {
  const first = message
    .split("\n")[0]
    .replace(/^(Preview failed: )?(\w*Error: )?/, "")
    .trim();
  const twice = /^(.+): \w*Error: \1$/.exec(first);
  return twice ? twice[1] : first;
}

/** Runs the refresh preview; the engine's own output is kept out of the report. */
export async function previewDrift(stack: Stack): Promise<ResourceDrift[]> {
  const found = new Map<string, ResourceDrift>();
  const failures = new Set<string>();
  try {
    await stack.preview({
      refresh: true,
      onEvent: (e: EngineEvent) => {
        const step = e.resourcePreEvent?.metadata;
        const drift = step && driftOf(step);
        if (drift && !found.has(drift.urn)) found.set(drift.urn, drift);
        const diag = e.diagnosticEvent;
        if (diag?.severity === "error" && !/^\s*at /.test(diag.message)) failures.add(failureLine(diag.message));
      },
    });
  } catch (err) {
    const shown = [...failures].filter((l) => l && !/^(preview|update) failed$/i.test(l)).sort();
    if (!shown.length) throw err;
    throw new Error(`the refresh preview of stack ${stack.name} failed:\n  ${shown.join("\n  ")}`);
  }
  return [...found.values()];
}
