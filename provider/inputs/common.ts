// Inputs every resource shares: which tenant acts, whether to wait for Graph's asynchronous job to
// finish, and how long each operation may take (Pulumi's customTimeouts do not reach dynamic
// providers, so they are inputs here). Rules for the trust settings are in trust.ts.
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { configurationProblems, tenantIdOf } from "../context";
import { isUnknown } from "./unknown";

export { UNKNOWN, isUnknown } from "./unknown";

export type WaitPolicy = "converged" | "accepted";

export interface OperationTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}

export interface CommonInputs {
  /** Alias of the tenant whose credentials perform the operation (entra-mto:tenants.<alias>). */
  tenant: string;
  /** converged (default): wait until Graph finished; accepted: return once Graph took the request. */
  wait?: WaitPolicy;
  timeouts?: OperationTimeouts;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseDuration(value: string): number | undefined {
  const m = DURATION.exec(value.trim());
  return m ? Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]) : undefined;
}

export function timeoutMs(timeouts: OperationTimeouts | undefined, op: keyof OperationTimeouts, fallbackMs: number): number {
  const v = timeouts?.[op];
  return (v && parseDuration(v)) || fallbackMs;
}

/** The shared inputs as a program passes them to a resource's constructor. */
export interface CommonArgs {
  /** Alias of the tenant whose credentials perform the operation (entra-mto:tenants.<alias>). */
  tenant: pulumi.Input<string>;
  wait?: pulumi.Input<WaitPolicy>;
  timeouts?: pulumi.Input<OperationTimeouts>;
}


/** Checks the shared inputs; failures name the property and the rule. */
export function checkCommon(news: Partial<CommonInputs>): CheckFailure[] {
  const failures: CheckFailure[] = configurationProblems().map((reason) => ({ property: "tenant", reason }));
  if (typeof news.tenant !== "string" || news.tenant === "") {
    failures.push({ property: "tenant", reason: "required: the alias of a tenant configured under entra-mto:tenants" });
  } else if (!isUnknown(news.tenant) && !tenantIdOf(news.tenant)) {
    failures.push({ property: "tenant", reason: `tenant alias '${news.tenant}' is not configured under entra-mto:tenants` });
  }
  if (news.wait !== undefined && news.wait !== "converged" && news.wait !== "accepted") {
    failures.push({ property: "wait", reason: "must be 'converged' or 'accepted'" });
  }
  for (const op of ["create", "update", "delete"] as const) {
    const v = news.timeouts?.[op];
    if (v !== undefined && (typeof v !== "string" || parseDuration(v) === undefined)) {
      failures.push({ property: `timeouts.${op}`, reason: "must be a duration such as '90s', '30m' or '2h'" });
    }
  }
  return failures;
}

/**
 * Thrown from create when Graph accepted the object but it did not converge in time: Pulumi records
 * the resource with these properties, and the next `pulumi up` resumes through diff and update.
 */
export function createdButNotConverged(id: string, outputs: object, inputs: { __provider?: unknown }, err: Error): never {
  throw { id, message: err.message, properties: plain({ ...outputs, __provider: inputs.__provider }), reasons: [err.message] };
}

/** The same value, ignoring undefined versus null (Graph answers null for what a program omits). */
export const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** Drops undefined members: Pulumi's protobuf structs reject them in read results. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The shared inputs changed (wait policy, timeouts): an update that makes no Graph call. */
export function commonInputsChanged(olds: Partial<CommonInputs>, news: Partial<CommonInputs>): boolean {
  return !sameValue(olds.wait, news.wait) || JSON.stringify(olds.timeouts ?? null) !== JSON.stringify(news.timeouts ?? null);
}

/** The alias now names another tenant than the one the resource lives in: a replacement. */
export function tenantMoved(news: Partial<CommonInputs>, currentTenantId: string): boolean {
  return typeof news.tenant === "string" && !isUnknown(news.tenant) && tenantIdOf(news.tenant) !== currentTenantId;
}

/** A required non-empty string input; unknown values pass until they are known. */
export function requireText(value: unknown, property: string, failures: CheckFailure[]): void {
  if (!isUnknown(value) && (typeof value !== "string" || value.trim() === "")) {
    failures.push({ property, reason: "required: a non-empty string" });
  }
}

/** Tenant ids are stored lower-case so diffs do not see case as a change. */
export function lowerCaseId<T extends object>(inputs: T, key: keyof T): T {
  const v = inputs[key];
  return typeof v === "string" && !isUnknown(v) ? { ...inputs, [key]: v.toLowerCase() } : inputs;
}
