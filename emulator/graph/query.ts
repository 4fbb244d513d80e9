// OData query options on collections: a $filter subset (eq clauses joined by `and`), $count, $top
// and $skip. Anything outside the subset is refused with a message saying what is supported,
// rather than ignored, so a client never mistakes an unfiltered answer for a filtered one.
import { badRequest } from "../model/errors";

export type FilterField = { kind: "enum"; values: readonly string[] } | { kind: "string" } | { kind: "boolean" };
export type FilterFields = Record<string, FilterField>;

type Item = Record<string, unknown>;
interface Clause {
  property: string;
  /** Lower-cased string value, or a boolean. */
  value: string | boolean;
}

// `property eq literal`; string literals double their quotes. Clauses are joined by `and`.
const CLAUSE = /^\s*([A-Za-z]\w*)\s+eq\s+('(?:[^']|'')*'|true|false)(?=\s|$)/i;
const AND = /^\s+and\s+(?=\S)/i;

const supported = (fields: FilterFields) =>
  `${Object.keys(fields)
    .map((f) => `${f} eq ${fields[f].kind === "boolean" ? "true" : "'…'"}`)
    .join(", ")}, combined with 'and'`;

export function parseFilter(filter: string, fields: FilterFields, collection: string): Clause[] {
  const invalid = (clause: string) => badRequest(`Invalid filter clause '${clause.trim()}' in '${filter}'. On ${collection}, $filter supports ${supported(fields)}.`, "BadRequest");
  const clauses: Clause[] = [];
  let rest = filter;
  for (;;) {
    const m = CLAUSE.exec(rest);
    const field = m && Object.hasOwn(fields, m[1]) ? fields[m[1]] : undefined;
    if (!m || !field) throw invalid(rest);
    const literal = m[2];
    const isString = literal.startsWith("'");
    if (isString === (field.kind === "boolean")) {
      throw badRequest(
        `Invalid filter clause '${m[0].trim()}': property '${m[1]}' is compared with ${field.kind === "boolean" ? "true or false" : "a quoted string"}.`,
        "BadRequest",
      );
    }
    const value = isString ? literal.slice(1, -1).replace(/''/g, "'").toLowerCase() : literal.toLowerCase() === "true";
    if (field.kind === "enum" && !field.values.some((v) => v.toLowerCase() === value)) {
      throw badRequest(`Invalid filter clause '${m[0].trim()}': '${literal.slice(1, -1)}' is not a value of '${m[1]}' (${field.values.join(", ")}).`, "BadRequest");
    }
    clauses.push({ property: m[1], value });
    rest = rest.slice(m[0].length);
    if (rest.trim() === "") return clauses;
    const and = AND.exec(rest);
    if (!and) throw invalid(rest);
    rest = rest.slice(and[0].length);
  }
}

/** String values compare without regard to case (tenant ids and enum members alike). */
export function matches(item: Item, clauses: Clause[]): boolean {
  return clauses.every(({ property, value }) => {
    const actual = item[property];
    return typeof value === "boolean" ? actual === value : typeof actual === "string" && actual.toLowerCase() === value;
  });
}

export function applyFilter<T extends object>(items: T[], filter: string | undefined, fields: FilterFields | undefined, collection: string): T[] {
  if (filter === undefined) return items;
  if (!fields) throw badRequest(`Query option '$filter' is not supported on ${collection}.`, "BadRequest");
  const clauses = parseFilter(filter, fields, collection);
  return items.filter((i) => matches(i as Item, clauses));
}

/** `$count=true` asks for `@odata.count`; anything but true or false is refused. */
export function wantsCount(query: Record<string, string>): boolean {
  const v = query.$count;
  if (v === undefined || v.toLowerCase() === "false") return false;
  if (v.toLowerCase() === "true") return true;
  throw badRequest(`Invalid value '${v}' for query option '$count'; expected true or false.`, "BadRequest");
}

function nonNegative(query: Record<string, string>, option: "$top" | "$skip"): number | undefined {
  const v = query[option];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`Invalid value '${v}' for query option '${option}'; expected a non-negative integer.`, "BadRequest");
  return Number(v);
}

/** $skip then $top, where the collection supports them (the CSDL says which); refused elsewhere. */
export function page<T>(items: T[], query: Record<string, string>, pageable: boolean, collection: string): T[] {
  const skip = nonNegative(query, "$skip");
  const top = nonNegative(query, "$top");
  if (!pageable && (skip !== undefined || top !== undefined)) {
    throw badRequest(`Query options '$top' and '$skip' are not supported on ${collection}.`, "BadRequest");
  }
  const from = skip ?? 0;
  return items.slice(from, top === undefined ? undefined : from + top);
}
