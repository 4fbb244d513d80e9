// Inputs every resource shares: which tenant acts, whether to wait for Graph's asynchronous job to
// finish, and how long each operation may take (Pulumi's customTimeouts do not reach dynamic
// providers, so they are inputs here). Rules for the trust settings are in trust.ts.
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { GUID_PATTERN } from "../../contract/wire";
import { configurationProblems, log, settings, tenantIdOf } from "../context";
import { withDeadline } from "../graph/deadline";
import { configuredSecrets as secretsOf } from "../settings";
import { misplacedSecret, secretKind, shown } from "./secrets";
import { isUnknown } from "./unknown";

export { UNKNOWN, isUnknown } from "./unknown";

/**
 * Graph's pages for the multitenant organization document no maximum length for names. Entra keeps
 * directory names to 256 characters (application, group and tenant names) and free-text
 * descriptions to 1,024; the provider refuses longer values at preview rather than let Graph decide.
 */
export const MAX_NAME_LENGTH = 256;
export const MAX_DESCRIPTION_LENGTH = 1024;

/** The secrets configured now, to recognise one pasted into another input. */
export const configuredSecrets = (): string[] => secretsOf(settings());

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

/**
 * The handler with each create, update and delete run as an operation bounded by the resource's
 * `timeouts` (or `fallbackMs`): every Graph call in it keeps asking a throttling Graph until then.
 */
export function bounded<I extends CommonInputs, O>(handler: ResourceProvider<I, O>, fallbackMs: number): ResourceProvider<I, O> {
  const within = <T>(timeouts: OperationTimeouts | undefined, op: keyof OperationTimeouts, fn: () => Promise<T>) =>
    withDeadline(Date.now() + timeoutMs(timeouts, op, fallbackMs), log, fn);
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

/** Checks the shared inputs; failures name the property and the rule. */
export function checkCommon(news: Partial<CommonInputs>): CheckFailure[] {
  const failures: CheckFailure[] = configurationProblems().map((reason) => ({ property: "tenant", reason }));
  const secret = secretKind(news.tenant, configuredSecrets());
  if (typeof news.tenant !== "string" || news.tenant === "") {
    failures.push({ property: "tenant", reason: "required: the alias of a tenant configured under entra-mto:tenants (a string)" });
  } else if (secret) {
    failures.push({ property: "tenant", reason: misplacedSecret(secret, "tenant, an alias,") });
  } else if (!isUnknown(news.tenant) && !tenantIdOf(news.tenant)) {
    failures.push({ property: "tenant", reason: `tenant alias ${shown(news.tenant)} is not configured under entra-mto:tenants` });
  }
  return [...failures, ...checkPacing(news)];
}

/** Checks `wait` and `timeouts` alone: a pure function of the inputs. */
export function checkPacing(news: Partial<CommonInputs>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (news.wait !== undefined && !isUnknown(news.wait) && news.wait !== "converged" && news.wait !== "accepted") {
    failures.push({ property: "wait", reason: "must be 'converged' or 'accepted'" });
  }
  const timeouts = news.timeouts as unknown;
  if (timeouts !== undefined && timeouts !== null && !isUnknown(timeouts)) {
    if (typeof timeouts !== "object" || Array.isArray(timeouts)) {
      failures.push({ property: "timeouts", reason: "must be an object such as { create: '30m', update: '10m', delete: '15m' }" });
    } else {
      for (const key of Object.keys(timeouts)) {
        if (!["create", "update", "delete"].includes(key)) failures.push({ property: `timeouts.${key}`, reason: "unknown operation: expected 'create', 'update' or 'delete'" });
      }
      for (const op of ["create", "update", "delete"] as const) {
        const v = (timeouts as OperationTimeouts)[op];
        if (v === undefined || isUnknown(v)) continue;
        const ms = typeof v === "string" ? parseDuration(v) : undefined;
        if (ms === undefined) failures.push({ property: `timeouts.${op}`, reason: "must be a duration such as '90s', '30m' or '2h'" });
        else if (ms <= 0) failures.push({ property: `timeouts.${op}`, reason: "must be longer than zero, such as '90s', '30m' or '2h'" });
      }
    }
  }
  return failures;
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `a ${typeof v}`);

/**
 * A text input: a string (non-empty when required), at most `max` characters, no control
 * characters, and no secret pasted in. Unknown values pass until they are known.
 */
export function checkText(value: unknown, property: string, failures: CheckFailure[], opts: { required?: boolean; max?: number; known?: string[] } = {}): void {
  if (isUnknown(value)) return;
  const max = opts.max ?? MAX_NAME_LENGTH;
  if (value === undefined || value === null) {
    if (opts.required) failures.push({ property, reason: "required: a non-empty string" });
    return;
  }
  if (typeof value !== "string") return void failures.push({ property, reason: opts.required ? "required: a non-empty string" : "must be a string" });
  const secret = secretKind(value, opts.known ?? configuredSecrets());
  if (secret) return void failures.push({ property, reason: misplacedSecret(secret) });
  if (opts.required && value.trim() === "") return void failures.push({ property, reason: "required: a non-empty string" });
  if (value.length > max) failures.push({ property, reason: `must be at most ${max} characters (it has ${value.length})` });
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(value)) failures.push({ property, reason: "must not contain control characters (line breaks, tabs)" });
}

/** Characters that would change a Graph URL if an id carrying them reached one. */
const URL_SYNTAX = /[/\\?#%&;:@]|\.\./;

/** A tenant id: a GUID. Named in Graph URLs, so anything else is refused before it gets near one. */
export function checkTenantId(value: unknown, property: string, failures: CheckFailure[], what = "a tenant id (GUID)"): boolean {
  if (isUnknown(value)) return true;
  if (typeof value === "string" && GUID_PATTERN.test(value)) return true;
  const secret = secretKind(value, configuredSecrets());
  const reason = secret
    ? `must be ${what}; ${misplacedSecret(secret, property)}`
    : typeof value !== "string"
      ? `required: ${what}, not ${typeName(value)}`
      : URL_SYNTAX.test(value)
        ? `must be ${what}: it is part of Graph URLs, and path or query characters ('/', '..', '?', '#', '%') are never sent`
        : `required: ${what}`;
  failures.push({ property, reason });
  return false;
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

/** The shared inputs changed (wait policy, timeouts): an update that makes no Graph call. */
export function commonInputsChanged(olds: Partial<CommonInputs>, news: Partial<CommonInputs>): boolean {
  return !sameValue(olds.wait, news.wait) || JSON.stringify(olds.timeouts ?? null) !== JSON.stringify(news.timeouts ?? null);
}

/** The alias now names another tenant than the one the resource lives in: a replacement. */
export function tenantMoved(news: Partial<CommonInputs>, currentTenantId: string): boolean {
  return typeof news.tenant === "string" && !isUnknown(news.tenant) && tenantIdOf(news.tenant) !== currentTenantId;
}

/** A required name: a non-empty string of at most MAX_NAME_LENGTH characters (see checkText). */
export function requireText(value: unknown, property: string, failures: CheckFailure[]): void {
  checkText(value, property, failures, { required: true, max: MAX_NAME_LENGTH });
}

/** Tenant ids are stored lower-case so diffs do not see case as a change. */
export function lowerCaseId<T extends object>(inputs: T, key: keyof T): T {
  const v = inputs[key];
  return typeof v === "string" && !isUnknown(v) ? { ...inputs, [key]: v.toLowerCase() } : inputs;
}
