// A description as the provider plugin's package schema declares it: each property's type (a named
// object becomes a type of its own, referred to by token), and every named object it reaches.
import { Kind, type TSchema } from "@sinclair/typebox";
import { enumValues } from "./check";
import { nonNull, rulesOf } from "./shape";

/** A property in Pulumi's package schema. */
export interface SchemaProperty {
  type?: "string" | "boolean" | "integer" | "number" | "array" | "object";
  $ref?: string;
  items?: Omit<SchemaProperty, "description">;
  additionalProperties?: Omit<SchemaProperty, "description">;
  description: string;
  secret?: boolean;
}

/** An object type in Pulumi's package schema. */
export interface SchemaObjectType {
  type: "object";
  description: string;
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

/** The property a schema is in the package `pkg`, at the given description. */
export function schemaProperty(given: TSchema, pkg: string, description = rulesOf(given).description ?? ""): SchemaProperty {
  const schema = nonNull(given);
  const name = rulesOf(schema).$id;
  if (schema[Kind] === "Object" && name) return { $ref: `#/types/${pkg}:index:${name}`, description };
  if (enumValues(schema)) return { type: "string", description };
  switch (schema[Kind]) {
    case "Boolean":
      return { type: "boolean", description };
    case "String":
      return { type: "string", description };
    case "Integer":
      return { type: "integer", description };
    case "Array": {
      const { description: _none, ...items } = schemaProperty(schema.items as TSchema, pkg);
      return { type: "array", items, description };
    }
    case "Record": {
      const { description: _none, ...values } = schemaProperty(Object.values(schema.patternProperties as Record<string, TSchema>)[0], pkg);
      return { type: "object", additionalProperties: values, description };
    }
    case "Union":
      // A list or a map (listOrMap): Pulumi's Python SDK cannot serialize a typed union of the two
      // (it asserts a list), so the schema says Any and the provider's check holds the forms.
      return { $ref: "pulumi.json#/Any", description };
  }
  throw new Error(`no package schema for a ${String(schema[Kind])} schema (${description})`);
}

/** Every named object type the schemas reach, by name, as the package schema declares it. */
export function schemaTypes(schemas: TSchema[], pkg: string, into: Record<string, SchemaObjectType> = {}): Record<string, SchemaObjectType> {
  for (const given of schemas) {
    const schema = nonNull(given);
    const name = rulesOf(schema).$id;
    if (schema[Kind] === "Array") schemaTypes([schema.items as TSchema], pkg, into);
    if (schema[Kind] === "Record") schemaTypes(Object.values(schema.patternProperties as Record<string, TSchema>), pkg, into);
    if (schema[Kind] !== "Object" || !name || into[name]) continue;
    const properties = schema.properties as Record<string, TSchema>;
    const required: string[] = schema.required ?? [];
    into[name] = {
      type: "object",
      // The type's own documentation, not that of a property it stands in for.
      description: rulesOf(schema).typeDescription ?? rulesOf(schema).description ?? "",
      properties: Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, schemaProperty(p, pkg)])),
      ...(required.length ? { required } : {}),
    };
    schemaTypes(Object.values(properties), pkg, into);
  }
  return into;
}
