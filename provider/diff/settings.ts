// What a program declares about a Graph object, compared with what Graph holds. Declared settings
// are plain objects in Graph's own spelling; a top-level value that is an object declares each of
// its keys separately ("inboundTrust.isMfaAccepted", "b2bCollaborationInbound.usersAndGroups"),
// anything else is declared whole ("displayName"). Only declared paths are compared, after the
// normalisation Graph itself applies (normalize.ts), so server-filled values, list order and id
// casing never show as drift. Pure functions: read, diff and update all go through them.
import { isUnknown } from "../inputs/unknown";
import { normalizeLeaf } from "./normalize";
import { isObject } from "../../contract/json";

export type Settings = Record<string, unknown>;

/** Every path the settings declare, in a stable order. */
export function declaredPaths(settings: Settings, keys: readonly string[]): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const value = settings[key];
    if (value === undefined) continue;
    if (isObject(value)) {
      for (const sub of Object.keys(value).sort()) if (value[sub] !== undefined) paths.push(`${key}.${sub}`);
    } else {
      paths.push(key);
    }
  }
  return paths;
}

/** The raw value at a path; undefined where the settings say nothing. */
export function rawAt(settings: Settings | null | undefined, path: string): unknown {
  const [key, sub] = path.split(".");
  const top = settings?.[key];
  if (sub === undefined) return top;
  return isObject(top) ? top[sub] : top === null ? null : undefined;
}

/** The value at a path as Graph would store it: the unit of comparison. */
export const valueAt = (settings: Settings | null | undefined, path: string): unknown => normalizeLeaf(path, rawAt(settings, path));

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Paths whose value would change: every path declared now, and every path declared before but no
 * longer (the provider returns those to their unconfigured value). A path whose new value is not
 * known yet (preview) counts as changed.
 */
export function changedPaths(current: Settings, declared: Settings, keys: readonly string[], previouslyManaged: readonly string[] = []): string[] {
  const now = declaredPaths(declared, keys);
  const dropped = previouslyManaged.filter((p) => !now.includes(p));
  const changed = now.filter((p) => containsUnknown(rawAt(declared, p)) || !same(valueAt(current, p), valueAt(declared, p)));
  return [...changed, ...dropped.filter((p) => valueAt(current, p) !== null)];
}

/** The live settings reduced to the declared paths, normalised: what refresh reports as inputs. */
export function project(live: Settings, paths: readonly string[]): Settings {
  const out: Settings = {};
  for (const path of paths) {
    const [key, sub] = path.split(".");
    const value = valueAt(live, path);
    if (sub === undefined) out[key] = value;
    else out[key] = { ...((out[key] as Settings | undefined) ?? {}), [sub]: value };
  }
  return out;
}

/** The declared settings in canonical form (what check stores), leaving unknown values alone. */
export function canonical(declared: Settings, keys: readonly string[]): Settings {
  const out: Settings = {};
  for (const path of declaredPaths(declared, keys)) {
    const [key, sub] = path.split(".");
    const raw = rawAt(declared, path);
    const value = containsUnknown(raw) ? raw : normalizeLeaf(path, raw);
    if (sub === undefined) out[key] = value;
    else out[key] = { ...((out[key] as Settings | undefined) ?? {}), [sub]: value };
  }
  return out;
}

/**
 * The body of a PATCH that applies `paths`: Graph replaces a complex property as a whole, so each
 * touched top-level object is sent complete, with Graph's current values of the members the program
 * does not declare, and the members it stopped declaring set to their unconfigured value (null
 * unless `unconfigured` says otherwise). An object left with nothing but nulls goes as null.
 */
export function patchBody(live: Settings, declared: Settings, paths: readonly string[], unconfigured: Settings = {}): Settings {
  const body: Settings = {};
  for (const key of new Set(paths.map((p) => p.split(".")[0]))) {
    const value = declared[key];
    if (paths.includes(key)) {
      body[key] = value === undefined ? (unconfigured[key] ?? null) : value;
      continue;
    }
    const merged: Settings = { ...(isObject(live[key]) ? (live[key] as Settings) : {}) };
    for (const p of paths.filter((x) => x.startsWith(`${key}.`))) {
      const sub = p.split(".")[1];
      merged[sub] = isObject(value) && value[sub] !== undefined ? value[sub] : null;
    }
    body[key] = Object.values(merged).every((v) => v === null) ? null : merged;
  }
  return body;
}
