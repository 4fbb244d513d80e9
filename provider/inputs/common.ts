// Inputs every resource shares: which tenant acts, whether to wait for Graph's asynchronous job to
// finish, and how long each operation may take (Pulumi's customTimeouts do not reach dynamic
// providers, so they are inputs here). Rules for the trust settings are in trust.ts.
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { checkMembers, checkValue } from "../describe/check";
import { COMMON_INPUTS } from "../describe/resource";
import type { TSchema } from "../describe/shape";
import { parseDuration, textProblem } from "../describe/text";
import type { ProviderContext } from "../context";
import { withDeadline } from "../graph/deadline";
import { shown } from "./secrets";
import { isUnknown } from "./unknown";

export { UNKNOWN, isUnknown } from "./unknown";

/**
 * Graph's pages for the multitenant organization document no maximum length for names. Entra keeps
 * directory names to 256 characters (application, group and tenant names) and free-text
 * descriptions to 1,024; the provider refuses longer values at preview rather than let Graph decide.
 */
export const MAX_NAME_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 1024;

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

export { parseDuration };

export function timeoutMs(timeouts: OperationTimeouts | undefined, op: keyof OperationTimeouts, fallbackMs: number): number {
  const v = timeouts?.[op];
  return (v && parseDuration(v)) || fallbackMs;
}

/**
 * The handler with each create, update and delete run as an operation bounded by the resource's
 * `timeouts` (or `fallbackMs`): every Graph call in it keeps asking a throttling Graph until then.
 */
export function bounded<I extends CommonInputs, O>(ctx: ProviderContext, handler: ResourceProvider<I, O>, fallbackMs: number): ResourceProvider<I, O> {
  const within = <T>(timeouts: OperationTimeouts | undefined, op: keyof OperationTimeouts, fn: () => Promise<T>) =>
    withDeadline(Date.now() + timeoutMs(timeouts, op, fallbackMs), (line) => ctx.log(line), fn);
  const { update, delete: remove } = handler;
  return {
    ...handler,
    create: (inputs) => within(inputs.timeouts, "create", () => handler.create(inputs)),
    ...(update ? { update: (id: string, olds: O, news: I) => within(news.timeouts, "update", () => update(id, olds, news)) } : {}),
    ...(remove ? { delete: (id: string, props: O) => within((props as Partial<CommonInputs>).timeouts, "delete", () => remove(id, props)) } : {}),
  };
}

/** The shared inputs as a program passes them to a resource's constructor. */
export interface CommonArgs {
  /** Alias of the tenant whose credentials perform the operation (entra-mto:tenants.<alias>). */
  tenant: pulumi.Input<string>;
  wait?: pulumi.Input<WaitPolicy>;
  timeouts?: pulumi.Input<OperationTimeouts>;
}

/**
 * Checks a resource's inputs against its description, at every depth (types, enumerations, tenant
 * ids, names, durations, no secret in a plain field), then the rules of the shared inputs that need
 * the configuration: the settings are valid, and the tenant alias is configured.
 */
export function checkDescribed(ctx: ProviderContext, description: { inputs: TSchema }, news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = ctx.problems.map((reason) => ({ property: "tenant", reason }));
  const shape: CheckFailure[] = [];
  // The dynamic provider's serialized self travels among the inputs: not one of the resource's.
  const { __provider: _provider, ...inputs } = news;
  checkMembers(description.inputs, inputs, "", shape, ctx.configuredSecrets());
  const tenant = news.tenant;
  if (typeof tenant === "string" && tenant !== "" && !isUnknown(tenant) && !shape.some((f) => f.property === "tenant") && !ctx.tenantIdOf(tenant)) {
    failures.push({ property: "tenant", reason: `tenant alias ${shown(tenant)} is not configured under entra-mto:tenants` });
  }
  return [...failures, ...shape];
}

/** Checks `wait` and `timeouts` alone: a pure function of the inputs. */
export function checkPacing(news: Partial<CommonInputs>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const key of ["wait", "timeouts"] as const) {
    if (news[key] !== undefined && news[key] !== null) checkValue(COMMON_INPUTS[key], news[key], key, failures);
  }
  return failures;
}

/**
 * A text input: a string (non-empty when required), at most `max` characters, no control
 * characters, and no secret pasted in. Unknown values pass until they are known.
 */
export function checkText(value: unknown, property: string, failures: CheckFailure[], opts: { known: readonly string[]; required?: boolean; max?: number }): void {
  if (isUnknown(value)) return;
  const required = opts.required ? "required: a non-empty string" : undefined;
  if (value === undefined || value === null) {
    if (required) failures.push({ property, reason: required });
    return;
  }
  const reason = textProblem(value, property, { required, maxLength: opts.max ?? MAX_NAME_LENGTH }, opts.known);
  if (reason) failures.push({ property, reason });
}

/**
 * A create or update Graph accepted that did not converge (timed out, failed, refused): Pulumi
 * records the resource with `properties` (what Graph shows), and the next `pulumi up` resumes
 * through diff and update. The cause is kept. Each face turns it into Pulumi's partial-failure
 * form: the dynamic provider adds its serialized provider, the plugin the inputs' secret marks.
 */
export class IncompleteOperationError extends Error {
  readonly reasons: string[];
  readonly properties: Record<string, unknown>;
  constructor(
    readonly id: string,
    outputs: object,
    cause: Error,
  ) {
    super(cause.message, { cause });
    this.name = "IncompleteOperationError";
    this.properties = plain(outputs) as Record<string, unknown>;
    this.reasons = [cause.message];
  }
}

/** Ends a create or update whose object exists but did not converge (see IncompleteOperationError). */
export function createdButNotConverged(id: string, outputs: object, err: Error): never {
  throw new IncompleteOperationError(id, outputs, err);
}

/** The same value, ignoring undefined versus null (Graph answers null for what a program omits). */
export const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** Drops undefined members: Pulumi's protobuf structs reject them in read results. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** How a resource waits: every resource's `timeouts`, and its own words for `wait`. */
type Pacing = { wait?: string; timeouts?: OperationTimeouts };

/** The shared inputs changed (wait policy, timeouts): an update that makes no Graph call. */
export function commonInputsChanged(olds: Pacing, news: Pacing): boolean {
  return !sameValue(olds.wait, news.wait) || JSON.stringify(olds.timeouts ?? null) !== JSON.stringify(news.timeouts ?? null);
}

/** The alias now names another tenant than the one the resource lives in: a replacement. */
export function tenantMoved(ctx: ProviderContext, news: Partial<CommonInputs>, currentTenantId: string): boolean {
  return typeof news.tenant === "string" && !isUnknown(news.tenant) && ctx.tenantIdOf(news.tenant) !== currentTenantId;
}

/** Tenant ids are stored lower-case so diffs do not see case as a change. */
export function lowerCaseId<T extends object>(inputs: T, key: keyof T): T {
  const v = inputs[key];
  return typeof v === "string" && !isUnknown(v) ? { ...inputs, [key]: v.toLowerCase() } : inputs;
}
