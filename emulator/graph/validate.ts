// Checks a request body against the schema, at every depth, and returns what the model may apply:
// the writable properties only, without annotations. Every problem is reported at once, each
// naming the property by its path (e.g. `b2bCollaborationInbound.usersAndGroups.accessType`).
import { badRequest } from "../model/errors";
import { DERIVED, ENUMS, type GraphVersion, type Property, propertiesOf } from "./schema";

export interface ValidateOptions {
  version: GraphVersion;
  /** POST creates; other methods update, where create-only properties are ignored. */
  mode: "create" | "update";
}

type Json = Record<string, unknown>;

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : `a ${typeof v}`);
/** Instance annotations (`@odata.type`, `prop@odata.type`, `@microsoft.graph.*`) carry no data. */
const isAnnotation = (key: string) => key.includes("@");

export function validateBody(type: string, body: unknown, opts: ValidateOptions): Json {
  if (body === undefined || body === null || body === "") body = {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.", "BadRequest");
  }
  const problems: string[] = [];
  const clean = checkObject(type, body as Json, "", opts, problems);
  if (problems.length) throw badRequest(problems.join(" "));
  return clean;
}

function checkObject(declared: string, value: Json, path: string, opts: ValidateOptions, problems: string[]): Json {
  const type = resolveType(declared, value["@odata.type"], path, problems);
  const props = propertiesOf(type, opts.version);
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (isAnnotation(key)) continue;
    const at = path ? `${path}.${key}` : key;
    const prop = Object.hasOwn(props, key) ? props[key] : undefined;
    if (!prop) {
      problems.push(`Property '${at}' does not exist on type 'microsoft.graph.${type}'.`);
      continue;
    }
    const access = prop.access ?? "rw";
    if (access === "ro" || (access === "create" && opts.mode === "update")) continue;
    if (access === "nav") {
      problems.push(`Property '${at}' is a navigation property of 'microsoft.graph.${type}'; it cannot be set in this body, use its own URL.`);
      continue;
    }
    out[key] = checkValue(prop, v, at, opts, problems);
  }
  return out;
}

/** `@odata.type` may name the declared type or one derived from it; the value is then checked as that. */
function resolveType(declared: string, annotation: unknown, path: string, problems: string[]): string {
  if (annotation === undefined) return declared;
  const named = typeof annotation === "string" ? annotation.replace(/^#?(microsoft\.graph\.)?/i, "") : "";
  const allowed = [declared, ...(DERIVED[declared] ?? [])];
  const match = allowed.find((t) => t.toLowerCase() === named.toLowerCase());
  if (!match) {
    problems.push(`A value of type '${String(annotation)}' was given ${path ? `for property '${path}'` : "as the body"}, which expects 'microsoft.graph.${declared}'.`);
    return declared;
  }
  return match;
}

function checkValue(prop: Property, value: unknown, path: string, opts: ValidateOptions, problems: string[]): unknown {
  if (prop.collection) {
    if (!Array.isArray(value)) {
      problems.push(`Property '${path}' must be an array (Collection(${qualified(prop.type)})), got ${kind(value)}.`);
      return value;
    }
    return value.map((item, i) => {
      if (item === null) problems.push(`Property '${path}[${i}]' must not be null.`);
      return item === null ? item : checkSingle(prop.type, item, `${path}[${i}]`, opts, problems);
    });
  }
  return value === null ? null : checkSingle(prop.type, value, path, opts, problems);
}

function checkSingle(type: string, value: unknown, path: string, opts: ValidateOptions, problems: string[]): unknown {
  // Open values (a schema's directories and filters, job settings' details): any JSON.
  if (type === "Edm.Untyped") return value;
  if (type === "Edm.Int32") {
    if (!Number.isInteger(value)) problems.push(`Property '${path}' must be an integer (Edm.Int32), got ${kind(value)}.`);
    return value;
  }
  if (type === "Edm.String" || type === "Edm.Boolean") {
    const expected = type === "Edm.String" ? "string" : "boolean";
    if (typeof value !== expected) problems.push(`Property '${path}' must be ${type === "Edm.String" ? "a string" : "true, false or null"} (${type}), got ${kind(value)}.`);
    return value;
  }
  const members = ENUMS[type];
  if (members) {
    if (typeof value !== "string" || !members.includes(value)) {
      problems.push(`Invalid value ${JSON.stringify(value)} for property '${path}' of enum type 'microsoft.graph.${type}'; expected one of: ${members.join(", ")}.`);
    }
    return value;
  }
  if (typeof value !== "object" || Array.isArray(value) || value === null) {
    problems.push(`Property '${path}' must be an object of type 'microsoft.graph.${type}', got ${kind(value)}.`);
    return value;
  }
  return checkObject(type, value as Json, path, opts, problems);
}

const qualified = (type: string) => (type.startsWith("Edm.") ? type : `microsoft.graph.${type}`);
