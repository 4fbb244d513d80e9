// The rules of text inputs by what they hold (a description's `format`, `maxLength` and `required`):
// names, tenant ids, aliases, durations. Pure: the secrets to recognise are given, not looked up.
import { GUID_PATTERN } from "../../contract/wire";
import { misplacedSecret, secretKind } from "../inputs/secrets";
import type { Rules } from "./shape";

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A duration such as '90s', '30m' or '2h', in milliseconds; undefined when it is not one. */
export function parseDuration(value: string): number | undefined {
  const m = DURATION.exec(value.trim());
  return m ? Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]) : undefined;
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `a ${typeof v}`);

/** Characters that would change a Graph URL if an id carrying them reached one. */
const URL_SYNTAX = /[/\\?#%&;:@]|\.\./;

/** What is wrong with a tenant id (a GUID; it is named in Graph URLs), if anything. */
export function tenantIdProblem(value: unknown, property: string, what = "a tenant id (GUID)", known: readonly string[] = []): string | undefined {
  if (typeof value === "string" && GUID_PATTERN.test(value)) return undefined;
  const secret = secretKind(value, known);
  if (secret) return `must be ${what}; ${misplacedSecret(secret, property)}`;
  if (typeof value !== "string") return `required: ${what}, not ${typeName(value)}`;
  if (URL_SYNTAX.test(value)) return `must be ${what}: it is part of Graph URLs, and path or query characters ('/', '..', '?', '#', '%') are never sent`;
  return `required: ${what}`;
}

/** What is wrong with a text value of the given rules, if anything. */
export function textProblem(value: unknown, property: string, rules: Rules & { maxLength?: number }, known: readonly string[]): string | undefined {
  if (rules.format === "tenant-id") return tenantIdProblem(value, property, rules.what, known);
  if (rules.format === "alias") {
    if (typeof value !== "string" || value === "") return "required: the alias of a tenant configured under entra-mto:tenants (a string)";
    const secret = secretKind(value, known);
    return secret ? misplacedSecret(secret, "tenant, an alias,") : undefined;
  }
  if (rules.format === "duration") {
    const ms = typeof value === "string" ? parseDuration(value) : undefined;
    if (ms === undefined) return "must be a duration such as '90s', '30m' or '2h'";
    return ms <= 0 ? "must be longer than zero, such as '90s', '30m' or '2h'" : undefined;
  }
  if (typeof value !== "string") return rules.required ?? "must be a string";
  // Names and descriptions: stored and shown in plain text, so no secret, no control characters.
  if (rules.maxLength !== undefined) {
    const secret = secretKind(value, known);
    if (secret) return misplacedSecret(secret);
  }
  if (rules.required && value.trim() === "") return rules.required;
  if (rules.maxLength !== undefined && value.length > rules.maxLength) return `must be at most ${rules.maxLength} characters (it has ${value.length})`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (rules.maxLength !== undefined && /[\u0000-\u001f\u007f]/.test(value)) return "must not contain control characters (line breaks, tabs)";
  return undefined;
}
