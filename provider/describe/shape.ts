// The building blocks of a description: a property's type, its rules and its documentation in one
// TypeBox schema, from which come the TypeScript type (`Static`), the check (check.ts), the plugin's
// schema (pulumi.ts) and the reference pages. What TypeBox's JSON Schema does not say (how a
// message names a rule, which values another part accepts) is kept in a few annotations below.
import { type Static, type TObject, type TProperties, type TSchema, Type } from "@sinclair/typebox";

export { type Static, type TSchema, Type };

/** Annotations the check reads besides JSON Schema. */
export interface Rules {
  /** A named object type (the plugin schema's type token, a reference page's section). */
  $id?: string;
  description?: string;
  /** A named object type's own documentation, kept where a property documents its use of it. */
  typeDescription?: string;
  /** How the check describes the object it expects, e.g. "{accessType, targets}". */
  shape?: string;
  /** A list that must hold an item: said this way when it is empty or not a list. */
  atLeastOne?: string;
  /** A required text: said this way when it is missing or blank. */
  required?: string;
  /** An enumeration: the word for a value ("flag" makes "unknown flag 'x': must be …"). */
  valueWord?: string;
  /** An enumeration: values accepted elsewhere, and where this one stands, for "must be … in <where>". */
  elsewhere?: { values: readonly string[]; in: string };
  /** A list of enumeration values: said this way when it is not a list. */
  notAList?: string;
  /** What a text holds: a configured tenant alias, a tenant id (GUID), a duration such as '30m'. */
  format?: "alias" | "tenant-id" | "duration";
  /** A tenant id: what it is, for messages ("the owner tenant's id (GUID)"). */
  what?: string;
  /** An object: how an unknown member is named ("unknown operation: expected …"). */
  unknownMember?: string;
  /** A text: the most characters it may have (a name, a description). */
  maxLength?: number;
}

/**
 * One of two forms told apart by their JSON kind: a list or an object (a list of aliases, or
 * settings by alias). `shape` says what is expected when the value is neither.
 */
export const listOrMap = <L extends TSchema, M extends TSchema>(list: L, map: M, description: string, rules: Rules = {}) => Type.Union([list, map], { description, ...rules });

/** `true` or `false`. */
export const flag = (description: string) => Type.Boolean({ description });

/** A count: a whole number, zero or more. */
export const count = (description: string) => Type.Integer({ description, minimum: 0 });

/** One of the given strings. */
export const oneOf = <V extends string>(values: readonly V[], description: string, rules: Rules = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description, ...rules },
  );

/** A string, non-empty when `required` says how to ask for it. */
export const text = (description: string, rules: Rules = {}) => Type.String({ description, ...rules });

/** A list of items. */
export const listOf = <T extends TSchema>(item: T, description: string, rules: Rules = {}) =>
  Type.Array(item, { description, ...rules, ...(rules.atLeastOne ? { minItems: 1 } : {}) });

/** A named object type whose properties are all optional unless given as required. */
export const shape = <P extends TProperties>(name: string, description: string, properties: P, rules: Rules = {}): TObject<P> =>
  Type.Object(properties, { $id: name, description, typeDescription: description, additionalProperties: false, ...rules });

/** A value Graph may answer null for. */
export const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()], { description: (schema as { description?: string }).description });

/** The schema a nullable one stands for; the schema itself otherwise. */
export function nonNull(schema: TSchema): TSchema {
  const members = (schema as { anyOf?: TSchema[] }).anyOf;
  const rest = members?.filter((m) => (m as { type?: string }).type !== "null");
  return members && rest && rest.length === 1 && rest.length < members.length ? rest[0] : schema;
}

/** The same schema, documented for where it is used. */
export const described = <T extends TSchema>(schema: T, description: string): T => ({ ...schema, description }) as T;

/** An optional property. */
export const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

/** The annotations of a schema, where set. */
export const rulesOf = (schema: TSchema): Rules => schema as unknown as Rules;
