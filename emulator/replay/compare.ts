// Comparing one recorded answer with the emulator's answer to the same request. Values that name
// a particular world (ids, names, dates) are not compared: the status, the error code, which
// properties are present, and the values of enumerations are. Pure functions.

export type DifferenceKind = "status" | "code" | "property" | "enum" | "timing";

export interface Found {
  kind: DifferenceKind;
  /** Dotted path of the property ("value[].state"); absent for a status. */
  property?: string;
  recorded?: unknown;
  emulator?: unknown;
}

/** Properties whose values are enumerations: a different value is a different behaviour. */
const ENUM_KEYS = new Set([
  "state",
  "role",
  "memberState",
  "desiredState",
  "desiredRole",
  "accessType",
  "targetType",
  "templateApplicationLevel",
  "token_type",
  "quarantineReason",
  "reason",
  "type",
]);
/** Under these, `status` and `code` are enumerations too (a job's status, a transition's status). */
const ENUM_PARENTS = new Set(["transitionDetails", "status", "lastExecution", "lastSuccessfulExecution", "quarantine"]);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** The error code of an answer: Graph's `error.code`, Entra's `error`. */
export function errorCode(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  if (isObject(body.error) && typeof body.error.code === "string") return body.error.code;
  if (typeof body.error === "string") return body.error;
  return undefined;
}

/**
 * Items of two lists paired by what names them the same in both worlds (`tenantId`, `key`, `name`,
 * a role's `value`, `displayName`, then `id`), where every item has it and some pair up; else by
 * position.
 */
export function pairs(a: unknown[], b: unknown[]): [unknown, unknown][] {
  for (const k of ["tenantId", "key", "name", "value", "displayName", "id"]) {
    const keyOf = (v: unknown) => (isObject(v) && typeof v[k] === "string" ? String(v[k]).toLowerCase() : undefined);
    if (!a.length || !a.every((v) => keyOf(v) !== undefined) || !b.every((v) => keyOf(v) !== undefined)) continue;
    const byKey = new Map(b.map((v) => [keyOf(v), v]));
    const paired = a.filter((v) => byKey.has(keyOf(v))).map((v): [unknown, unknown] => [v, byKey.get(keyOf(v))]);
    if (paired.length) return paired;
  }
  return a.slice(0, Math.min(a.length, b.length)).map((v, i) => [v, b[i]]);
}

/** Every property path of a body, lists collapsed to `[]` (any item having it counts). */
export function propertyPaths(body: unknown, at = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(body)) for (const item of body) propertyPaths(item, `${at}[]`, out);
  else if (isObject(body)) {
    for (const [k, v] of Object.entries(body)) {
      const p = at ? `${at}.${k}` : k;
      out.add(p);
      propertyPaths(v, p, out);
    }
  }
  return out;
}

const isEnumAt = (key: string, parent: string) => ENUM_KEYS.has(key) || ((key === "status" || key === "code") && ENUM_PARENTS.has(parent));

/** Every enumeration value of a body with its path ("value[].state"). */
export function enumValues(body: unknown, at = "", parent = "", out: [string, string][] = []): [string, string][] {
  if (Array.isArray(body)) for (const item of body) enumValues(item, `${at}[]`, parent, out);
  else if (isObject(body)) {
    for (const [k, v] of Object.entries(body)) {
      const p = at ? `${at}.${k}` : k;
      if (typeof v === "string" && isEnumAt(k, parent)) out.push([p, v]);
      else enumValues(v, p, k, out);
    }
  }
  return out;
}

function enumDifferences(recorded: unknown, emulator: unknown, at: string, parent: string, out: Found[]): void {
  if (Array.isArray(recorded) && Array.isArray(emulator)) {
    for (const [r, e] of pairs(recorded, emulator)) enumDifferences(r, e, `${at}[]`, parent, out);
  } else if (isObject(recorded) && isObject(emulator)) {
    for (const [k, r] of Object.entries(recorded)) {
      if (!(k in emulator)) continue;
      const p = at ? `${at}.${k}` : k;
      const e = emulator[k];
      if (isEnumAt(k, parent) && typeof r === "string" && typeof e === "string") {
        if (r !== e) out.push({ kind: "enum", property: p, recorded: r, emulator: e });
      } else enumDifferences(r, e, p, k, out);
    }
  }
}

/** The differences between a recorded answer and the emulator's. */
export function compareAnswers(recorded: { status: number; body?: unknown }, emulator: { status: number; body?: unknown }): Found[] {
  if (recorded.status !== emulator.status) {
    return [{ kind: "status", recorded: recorded.status, emulator: emulator.status }];
  }
  if (recorded.status >= 400) {
    const r = errorCode(recorded.body);
    const e = errorCode(emulator.body);
    return r !== e ? [{ kind: "code", property: isObject(recorded.body) && isObject(recorded.body.error) ? "error.code" : "error", recorded: r, emulator: e }] : [];
  }
  const out: Found[] = [];
  if (isObject(recorded.body) || Array.isArray(recorded.body)) {
    const r = propertyPaths(recorded.body);
    const e = propertyPaths(emulator.body);
    for (const p of r) if (!e.has(p)) out.push({ kind: "property", property: p, recorded: "present", emulator: "missing" });
    for (const p of e) if (!r.has(p)) out.push({ kind: "property", property: p, recorded: "missing", emulator: "present" });
    enumDifferences(recorded.body, emulator.body, "", "", out);
  }
  return out;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Ids the emulator gave where Graph gave others (a new service principal, a job): recorded value
 * to emulator value, so the requests after it address the emulator's object.
 */
export function idsBetween(recorded: unknown, emulator: unknown, key = "", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(recorded) && Array.isArray(emulator)) {
    for (const [r, e] of pairs(recorded, emulator)) idsBetween(r, e, key, out);
  } else if (isObject(recorded) && isObject(emulator)) {
    for (const [k, r] of Object.entries(recorded)) if (k in emulator) idsBetween(r, emulator[k], k, out);
  } else if (typeof recorded === "string" && typeof emulator === "string" && recorded !== emulator) {
    if (key === "id" || key.endsWith("Id") || GUID.test(recorded)) out.set(recorded, emulator);
  }
  return out;
}
