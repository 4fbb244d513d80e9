// The project's conformance set: Graph's documented request/response exchanges, one JSON file per
// exchange under exchanges/ (see README.md beside this file). This module loads and checks them and
// compares a response with a fixture's shape. Nothing here depends on material outside the repository.
import * as fs from "node:fs";
import * as path from "node:path";

export const EXCHANGES_DIR = path.join(__dirname, "exchanges");
const GIVEN_FILE = path.join(__dirname, "given.json");

/** A shape: a JSON value whose string leaves are type keywords or literals (see README.md). */
export type Shape = string | number | boolean | null | Shape[] | { [key: string]: Shape };

/** A step that puts the emulator in the state an exchange needs. */
export type GivenStep =
  | string
  | { advance: number }
  | { faults: unknown }
  /** `save` names values of the answer (`{"sp": "$.servicePrincipal.id"}`) that later steps and the exchange use as `{sp}`. */
  | { as?: string; method: string; path: string; body?: unknown; save?: Record<string, string> };

export interface Fixture {
  id: string;
  about: string;
  /** The documentation page the exchange comes from. */
  source: string;
  /** File names in the external reading corpus this exchange corresponds to (may be empty). */
  corpus: string[];
  given: GivenStep[];
  /** The tenant whose admin app sends the request (default cairo). */
  as: string;
  method: string;
  /** Below the host, with the API version: /v1.0/... or /beta/... */
  path: string;
  body?: unknown;
  status: number;
  /** Response headers that matter, by lower-case name, each a shape. */
  headers?: Record<string, Shape>;
  /** The response body's shape; absent means the response has no body. */
  response?: Shape;
  /** Property names the service returns beyond this (older) documented body. */
  extra?: string[];
  /** Paths (`$.a.b`, `$.list[].c`) whose documented shape this emulator does not follow, each with the reason. */
  loose?: Record<string, string>;
  notes?: string;
}

/** The tenants of the emulator's built-in world a fixture may name as `{cairo}` and so on. */
export type Tenants = Record<"cairo" | "berlin" | "athens" | "denver", string>;

const KEYS = ["id", "about", "source", "corpus", "given", "as", "method", "path", "body", "status", "headers", "response", "extra", "loose", "notes"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const SOURCE = /^https:\/\/(learn\.microsoft\.com\/en-us\/|microsoftgraph\.github\.io\/)/;

/** Reads every fixture; throws naming the file and the problem when one is malformed. */
export function loadFixtures(): Fixture[] {
  const files = fs
    .readdirSync(EXCHANGES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const given = loadGiven();
  return files.map((file) => {
    const where = `tests/emulator/conformance/exchanges/${file}`;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(EXCHANGES_DIR, file), "utf8"));
    } catch (e) {
      throw new Error(`${where}: not JSON (${(e as Error).message})`);
    }
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => ok || problems.push(what);
    for (const k of Object.keys(raw)) need(KEYS.includes(k), `unknown field '${k}'`);
    need(raw.id === file.replace(/\.json$/, ""), "id must be the file name without .json");
    need(typeof raw.about === "string" && raw.about.length > 0, "about: a sentence saying what the exchange shows");
    need(typeof raw.source === "string" && SOURCE.test(raw.source), "source: the documentation page's https URL (learn.microsoft.com/en-us/...)");
    need(Array.isArray(raw.corpus) && raw.corpus.every((c) => typeof c === "string"), "corpus: a list of corpus file names (may be empty)");
    need(raw.given === undefined || Array.isArray(raw.given), "given: a list of steps");
    need(raw.as === undefined || typeof raw.as === "string", "as: a tenant name");
    need(typeof raw.method === "string" && METHODS.includes(raw.method), `method: one of ${METHODS.join(", ")}`);
    need(typeof raw.path === "string" && /^\/(v1\.0|beta)\//.test(raw.path), "path: starts with /v1.0/ or /beta/");
    need(Number.isInteger(raw.status), "status: an HTTP status");
    need(raw.extra === undefined || (Array.isArray(raw.extra) && raw.extra.every((x) => typeof x === "string")), "extra: a list of property names");
    need(raw.loose === undefined || (typeof raw.loose === "object" && raw.loose !== null && Object.values(raw.loose).every((x) => typeof x === "string")), "loose: path to reason");
    for (const step of (raw.given as GivenStep[] | undefined) ?? []) if (typeof step === "string") need(step in given, `given: no setup named '${step}' in given.json`);
    if (problems.length) throw new Error(`${where}: ${problems.join("; ")}`);
    return { given: [], as: "cairo", ...raw } as unknown as Fixture;
  });
}

/** Named setups (given.json): a name to its steps, which may name other setups. */
export function loadGiven(): Record<string, GivenStep[]> {
  return JSON.parse(fs.readFileSync(GIVEN_FILE, "utf8"));
}

/** Replaces `{cairo}`, `{berlin}`, ... (and names saved by given steps) in every string of `value`; an unknown `{name}` is an error. */
export function withTenants<T>(value: T, tenants: Tenants | Record<string, string>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string")
      return v.replace(/\{([a-z]+)\}/g, (whole, name: string) => {
        if (!(name in tenants)) throw new Error(`unknown placeholder ${whole}`);
        return tenants[name as keyof Tenants];
      });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The value at a simple JSON path (`$.a.b`, `$.value[0].id`) of a body, as a string; throws when there is none. */
export function valueAt(body: unknown, jsonPath: string): string {
  let v: unknown = body;
  for (const part of jsonPath
    .replace(/^\$\.?/, "")
    .split(/\.|(?=\[)/)
    .filter(Boolean)) {
    const index = /^\[(\d+)\]$/.exec(part);
    v = index ? (Array.isArray(v) ? v[Number(index[1])] : undefined) : v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  }
  if (typeof v !== "string" && typeof v !== "number") throw new Error(`given: nothing to save at ${jsonPath} in ${JSON.stringify(body).slice(0, 120)}`);
  return String(v);
}

// ---- shapes ----

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const KEYWORDS: Record<string, (v: unknown) => boolean> = {
  any: () => true,
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number",
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
  object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  uuid: (v) => typeof v === "string" && UUID.test(v),
  datetime: (v) => typeof v === "string" && DATETIME.test(v),
};

const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v).slice(0, 80));
const contextOf = (v: string) => v.slice(v.indexOf("$metadata#"));

/** Whether a string leaf accepts `actual`: alternatives split by `|`, each a keyword or (or `=`-prefixed) a literal. */
function leaf(shape: string, actual: unknown, key: string): boolean {
  if (key === "@odata.context" && shape.startsWith("$metadata#")) return typeof actual === "string" && contextOf(actual) === shape;
  return shape.split("|").some((alt) => (alt.startsWith("=") ? actual === alt.slice(1) : KEYWORDS[alt] ? KEYWORDS[alt](actual) : actual === alt));
}

/**
 * Differences between `actual` and `shape`, one line each (empty when it conforms). Objects must
 * have exactly the shape's properties (a name ending in `?` may be absent; `extra` names are
 * allowed anywhere); each item of an array must match one of the shape's items, and each shape item
 * some item; paths in `loose` are not compared.
 */
export function shapeDiff(shape: Shape, actual: unknown, opts: { extra?: string[]; loose?: Record<string, string> } = {}, at = "$", key = ""): string[] {
  if (opts.loose && at.replace(/\[\d+\]/g, "[]") in opts.loose) return [];
  if (typeof shape === "string") return leaf(shape, actual, key) ? [] : [`${at}: expected ${shape}, got ${show(actual)}`];
  if (shape === null || typeof shape !== "object") return actual === shape ? [] : [`${at}: expected ${show(shape)}, got ${show(actual)}`];
  if (Array.isArray(shape)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${show(actual)}`];
    if (shape.length === 0) return [];
    if (actual.length === 0) return [`${at}: expected items like the ${shape.length} documented, got an empty array`];
    const out: string[] = [];
    const matched = new Set<number>();
    actual.forEach((item, i) => {
      const tries = shape.map((s) => shapeDiff(s, item, opts, `${at}[${i}]`, key));
      const ok = tries.findIndex((t) => t.length === 0);
      if (ok >= 0)
        tries.forEach((t, k) => {
          if (t.length === 0) matched.add(k);
        });
      else out.push(...tries.sort((a, b) => a.length - b.length)[0]);
    });
    shape.forEach((_, k) => {
      if (!matched.has(k)) out.push(`${at}: no item matches documented item #${k + 1}`);
    });
    return out;
  }
  if (!KEYWORDS.object(actual)) return [`${at}: expected an object, got ${show(actual)}`];
  const a = actual as Record<string, unknown>;
  const out: string[] = [];
  const names = new Set<string>();
  for (const [rawKey, sub] of Object.entries(shape)) {
    const optional = rawKey.endsWith("?");
    const key = optional ? rawKey.slice(0, -1) : rawKey;
    names.add(key);
    if (!(key in a)) {
      if (!optional) out.push(`${at}.${key}: documented but absent`);
    } else out.push(...shapeDiff(sub, a[key], opts, `${at}.${key}`, key));
  }
  for (const key of Object.keys(a)) if (!names.has(key) && !opts.extra?.includes(key)) out.push(`${at}.${key}: not in the documented body`);
  return out;
}
