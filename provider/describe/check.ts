// The shape check every description brings: a value against its schema, at every depth, each
// failure naming the path and the rule. Values not known yet (a preview) pass until they are known;
// names in another casing are refused with the right spelling (Graph refuses them since 2025).
import { Kind, type TSchema } from "@sinclair/typebox";
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { isObject } from "../../contract/json";
import { shown } from "../inputs/secrets";
import { isUnknown } from "../inputs/unknown";
import { nonNull, rulesOf } from "./shape";
import { textProblem } from "./text";

const oneOfText = (values: readonly string[]) => values.map((v) => `'${v}'`).join(" or ");

/** A name Graph would refuse for its casing alone. */
export function casingProblem(key: string, known: readonly string[]): string | undefined {
  const right = known.find((k) => k.toLowerCase() === key.toLowerCase() && k !== key);
  return right && `Graph refuses names in any other casing: spell it '${right}'`;
}

/** The literal values of an enumeration schema (a union of literals), or undefined. */
export function enumValues(schema: TSchema): string[] | undefined {
  // A union of one value is that value alone.
  if (schema[Kind] === "Literal") return typeof schema.const === "string" ? [schema.const] : undefined;
  if (schema[Kind] !== "Union") return undefined;
  const values = (schema.anyOf as TSchema[]).map((s) => (s[Kind] === "Literal" ? s.const : undefined));
  return values.every((v) => typeof v === "string") ? (values as string[]) : undefined;
}

/** The members of an object schema, each a property of the object; none for other schemas. */
export const membersOf = (schema: TSchema): string[] => (schema[Kind] === "Object" ? Object.keys(schema.properties) : []);

/** Checks the members of an object against its schema (unknown and wrongly cased names included). */
export function checkMembers(schema: TSchema, value: Record<string, unknown>, at: string, failures: CheckFailure[], known: readonly string[] = []): void {
  const members = membersOf(schema);
  const path = (k: string) => (at ? `${at}.${k}` : k);
  for (const key of Object.keys(value)) {
    if (members.includes(key) || value[key] === undefined) continue;
    failures.push({ property: path(key), reason: casingProblem(key, members) ?? rulesOf(schema).unknownMember ?? `unknown property; expected ${oneOfText(members)}` });
  }
  const required: string[] = schema.required ?? [];
  for (const key of members) {
    const v = value[key];
    if (v === undefined) {
      if (required.includes(key)) failures.push({ property: path(key), reason: requiredReason(schema.properties[key], path(key), known) });
      continue;
    }
    checkValue(schema.properties[key], v, path(key), failures, known);
  }
}

/** Why a required member that is missing fails: as its own rules say an empty value would. */
function requiredReason(schema: TSchema, at: string, known: readonly string[]): string {
  const rules = rulesOf(schema);
  return rules.required ?? (rules.format ? (textProblem(undefined, at, rules, known) ?? "required") : "required");
}

/** Checks one value against its schema; failures name `at` and the rule. */
export function checkValue(given: TSchema, value: unknown, at: string, failures: CheckFailure[], known: readonly string[] = []): void {
  if (isUnknown(value)) return;
  const schema = nonNull(given);
  if (value === null && schema !== given) return;
  const reason = problemOf(schema, value, at, failures, known);
  if (reason) failures.push({ property: at, reason });
}

/** What is wrong with the value itself, if anything; what is wrong inside it goes to `failures`. */
function problemOf(schema: TSchema, value: unknown, at: string, failures: CheckFailure[], known: readonly string[]): string | undefined {
  const rules = rulesOf(schema);
  const values = enumValues(schema);
  if (values) {
    if (typeof value === "string" && values.includes(value)) return undefined;
    if (rules.valueWord) return `unknown ${rules.valueWord} ${shown(value)}: must be ${oneOfText(values)}`;
    const elsewhere = rules.elsewhere && typeof value === "string" && rules.elsewhere.values.includes(value) ? ` in ${rules.elsewhere.in}` : "";
    return `must be ${oneOfText(values)}${elsewhere}`;
  }
  switch (schema[Kind]) {
    case "Boolean":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "Integer":
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : "must be a whole number, zero or more";
    case "String":
      return textProblem(value, at, { ...rules, maxLength: schema.maxLength }, known);
    case "Array": {
      const items = schema.items as TSchema;
      const itemValues = enumValues(items);
      if (!Array.isArray(value)) return rules.atLeastOne ?? rules.notAList ?? (itemValues ? `must be a list of ${oneOfText(itemValues)}` : "must be a list");
      if (value.length < (schema.minItems ?? 0)) return rules.atLeastOne ?? `must list at least ${schema.minItems}`;
      for (const [i, item] of value.entries()) checkValue(items, item, `${at}[${i}]`, failures, known);
      return undefined;
    }
    case "Record": {
      if (!isObject(value)) return rules.shape ? `must be an object ${rules.shape}` : "must be an object";
      const values = Object.values(schema.patternProperties as Record<string, TSchema>)[0];
      for (const [key, item] of Object.entries(value)) checkValue(values, item, `${at}.${key}`, failures, known);
      return undefined;
    }
    case "Object":
      if (!isObject(value)) return rules.shape ? `must be an object ${rules.shape}` : "must be an object";
      checkMembers(schema, value, at, failures, known);
      return undefined;
    case "Union": {
      // A list or an object (listOrMap): the form is told by the value's JSON kind.
      const form = (schema.anyOf as TSchema[]).find((s) => (Array.isArray(value) ? s[Kind] === "Array" : isObject(value) && s[Kind] !== "Array"));
      if (!form) return rules.shape ?? "must be a list or an object";
      return problemOf(form, value, at, failures, known);
    }
  }
  return undefined;
}
