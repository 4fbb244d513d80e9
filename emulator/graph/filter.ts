// A richer $filter than query.ts's `eq … and …` subset, for the directory and provisioning-log
// collections, whose documented queries use functions, `or`, parentheses and ranges:
//   startswith(displayName,'Ad') and userType eq 'Member'
//   (contains(tolower(servicePrincipal/id), '…') or contains(tolower(servicePrincipal/displayName), '…')) and activityDateTime gt 2023-07-30
// Grammar: or-expressions of and-expressions of (`not`) terms; a term is a parenthesised expression,
// a function call (startswith, endswith, contains) or a comparison (eq, ne, gt, ge, lt, le) of a
// property (optionally wrapped in tolower/toupper) with a literal. Properties must be listed per
// collection; anything else is a 400 saying what is supported, never silently ignored.
import { badRequest } from "../model/errors";

export type FieldKind = "string" | "boolean" | "datetime" | "number";
/** Filterable properties of a collection, by path (`servicePrincipal/id`). */
export type ExprFields = Record<string, FieldKind>;

type Item = Record<string, unknown>;
type Predicate = (item: Item) => boolean;
type Literal = string | number | boolean | null;

const TOKEN = /\s*(\(|\)|,|'(?:[^']|'')*'|[A-Za-z_][\w./]*|-?\d[\w:.+-]*)/y;

function tokenize(filter: string, fail: (why: string) => Error): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    if (/^\s*$/.test(filter.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(filter);
    if (!m) throw fail(`unexpected text at '${filter.slice(at).trim()}'`);
    tokens.push(m[1]);
  }
  return tokens;
}

/** A property's value at a `/` path; strings compare as written unless wrapped in tolower/toupper. */
function valueAt(item: Item, path: string): unknown {
  return path.split("/").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Item)[key] : undefined), item);
}

export function compileFilter(filter: string, fields: ExprFields, collection: string): Predicate {
  const names = Object.keys(fields);
  const fail = (why: string) =>
    badRequest(
      `Invalid filter '${filter}': ${why}. On ${collection}, $filter supports eq, ne, gt, ge, lt, le, startswith, endswith, contains, tolower, and, or, not and parentheses over: ${names.join(", ")}.`,
      "BadRequest",
    );
  const tokens = tokenize(filter, fail);
  let pos = 0;
  const peek = () => tokens[pos]?.toLowerCase();
  const take = (expected?: string) => {
    const t = tokens[pos];
    if (t === undefined) throw fail(expected ? `expected '${expected}' at the end` : "unexpected end");
    if (expected && t.toLowerCase() !== expected) throw fail(`expected '${expected}', found '${t}'`);
    pos += 1;
    return t;
  };

  // A property reference, possibly inside tolower()/toupper(): returns a reader and the field's kind.
  const operand = (): { read: (i: Item) => unknown; kind: FieldKind } => {
    const t = take();
    const fn = t.toLowerCase();
    if ((fn === "tolower" || fn === "toupper") && peek() === "(") {
      take("(");
      const inner = operand();
      take(")");
      const change = (v: unknown) => (typeof v === "string" ? (fn === "tolower" ? v.toLowerCase() : v.toUpperCase()) : v);
      return { read: (i) => change(inner.read(i)), kind: inner.kind };
    }
    const name = names.find((n) => n.toLowerCase() === t.toLowerCase());
    if (!name) throw fail(`'${t}' is not a filterable property`);
    return { read: (i) => valueAt(i, name), kind: fields[name] };
  };

  const literal = (kind: FieldKind): Literal => {
    const t = take();
    if (t.startsWith("'")) {
      if (kind !== "string" && kind !== "datetime") throw fail(`${t} is a string, the property is ${kind}`);
      return t.slice(1, -1).replace(/''/g, "'");
    }
    const lower = t.toLowerCase();
    if (lower === "null") return null;
    if (lower === "true" || lower === "false") {
      if (kind !== "boolean") throw fail(`${t} is a Boolean, the property is ${kind}`);
      return lower === "true";
    }
    if (kind === "datetime" && !Number.isNaN(Date.parse(t))) return t;
    if (kind === "number" && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    throw fail(`'${t}' is not a ${kind} literal`);
  };

  const compare = (op: string, actual: unknown, expected: Literal, kind: FieldKind): boolean => {
    if (op === "eq") return actual === expected || (actual === undefined && expected === null);
    if (op === "ne") return !(actual === expected || (actual === undefined && expected === null));
    if (actual === null || actual === undefined || expected === null) return false;
    const a = kind === "datetime" ? Date.parse(String(actual)) : (actual as number | string);
    const b = kind === "datetime" ? Date.parse(String(expected)) : (expected as number | string);
    return op === "gt" ? a > b : op === "ge" ? a >= b : op === "lt" ? a < b : a <= b;
  };

  const term = (): Predicate => {
    const t = peek();
    if (t === "(") {
      take("(");
      const inner = orExpr();
      take(")");
      return inner;
    }
    if (t === "not") {
      take();
      const inner = term();
      return (i) => !inner(i);
    }
    if ((t === "startswith" || t === "endswith" || t === "contains") && tokens[pos + 1] === "(") {
      take();
      take("(");
      const prop = operand();
      if (prop.kind !== "string") throw fail(`${t} takes a string property`);
      take(",");
      const value = literal("string");
      take(")");
      if (typeof value !== "string") throw fail(`${t} takes a quoted string`);
      return (i) => {
        const v = prop.read(i);
        if (typeof v !== "string") return false;
        return t === "startswith" ? v.toLowerCase().startsWith(value.toLowerCase()) : t === "endswith" ? v.toLowerCase().endsWith(value.toLowerCase()) : v.includes(value);
      };
    }
    const prop = operand();
    const op = take().toLowerCase();
    if (!["eq", "ne", "gt", "ge", "lt", "le"].includes(op)) throw fail(`'${op}' is not a supported operator`);
    const value = literal(prop.kind);
    // Directory string comparisons are case-insensitive in Graph; the provisioning log's are not (its docs say so).
    const fold = (v: unknown) => (prop.kind === "string" && typeof v === "string" && collection !== "provisioning" ? v.toLowerCase() : v);
    return (i) => compare(op, fold(prop.read(i)), fold(value) as Literal, prop.kind);
  };

  // A run of `next` joined by `word`; `and` chains terms and `or` chains those, so `and` binds tighter.
  const chain = (word: "and" | "or", next: () => Predicate): Predicate => {
    const parts = [next()];
    while (peek() === word) {
      take();
      parts.push(next());
    }
    return word === "and" ? (i) => parts.every((p) => p(i)) : (i) => parts.some((p) => p(i));
  };
  const andExpr = () => chain("and", term);
  const orExpr = () => chain("or", andExpr);

  const predicate = orExpr();
  if (pos < tokens.length) throw fail(`unexpected '${tokens[pos]}'`);
  return predicate;
}

export function filterItems<T extends object>(items: T[], filter: string | undefined, fields: ExprFields, collection: string): T[] {
  if (filter === undefined) return items;
  const keep = compileFilter(filter, fields, collection);
  return items.filter((i) => keep(i as Item));
}

/** `$orderby=prop [asc|desc]` over one listed property. */
export function orderItems<T extends object>(items: T[], orderby: string | undefined, fields: ExprFields, collection: string): T[] {
  if (orderby === undefined) return items;
  const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
  const name = m && Object.keys(fields).find((n) => n.toLowerCase() === m[1].toLowerCase());
  if (!m || !name) throw badRequest(`Invalid $orderby '${orderby}'. On ${collection}, $orderby takes one of: ${Object.keys(fields).join(", ")}, then asc or desc.`, "BadRequest");
  const sign = m[2]?.toLowerCase() === "desc" ? -1 : 1;
  const key = (i: T) => valueAt(i as Item, name) as string | number;
  return [...items].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0));
}
