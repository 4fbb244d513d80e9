// The normalisation Graph applies to what it stores, undone in one place so that read, diff and
// the inputs check stores agree: target lists are sets (Graph returns them in its own order),
// tenant and application ids are case-insensitive, reserved target keywords have one spelling,
// null and undefined are the same absence, and the template flags are a set.
import { GUID_PATTERN, TARGET_KEYWORDS } from "../../contract/wire";
import { isObject } from "../../contract/json";

/** Top-level settings whose sub-keys are target configurations ({accessType, targets}). */
export const TARGET_SETTING_KEYS = ["b2bCollaborationInbound", "b2bCollaborationOutbound", "b2bDirectConnectInbound", "b2bDirectConnectOutbound", "tenantRestrictions"] as const;

/** Template flags in Graph's declaration order; "none" is the empty set. */
export const APPLICATION_LEVEL_FLAGS = ["newPartners", "existingPartners"] as const;
export type ApplicationLevelFlag = (typeof APPLICATION_LEVEL_FLAGS)[number];

export function canonicalTarget(target: unknown): unknown {
  if (typeof target !== "string") return target ?? null;
  const keyword = TARGET_KEYWORDS.find((k) => k.toLowerCase() === target.toLowerCase());
  if (keyword) return keyword;
  return GUID_PATTERN.test(target) ? target.toLowerCase() : target;
}

function normalizeTargetConfiguration(value: unknown): unknown {
  if (!isObject(value)) return value ?? null;
  const targets = Array.isArray(value.targets)
    ? [
        ...new Map(
          value.targets.map((t) => {
            const target = { target: canonicalTarget(isObject(t) ? t.target : t), targetType: (isObject(t) ? t.targetType : undefined) ?? null };
            return [`${target.targetType}\u0000${target.target}`, target] as const;
          }),
        ).entries(),
      ]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, t]) => t)
    : (value.targets ?? null);
  return { accessType: value.accessType ?? null, targets };
}

/** Graph's comma-separated flags string, or a list of flags, as the sorted set of flags. */
export function applicationLevelFlags(value: unknown): unknown {
  const flags = typeof value === "string" ? value.split(",").map((f) => f.trim()) : value;
  if (!Array.isArray(flags)) return value ?? null;
  return APPLICATION_LEVEL_FLAGS.filter((f) => flags.includes(f));
}

/** Graph's wire form of a set of template flags. */
export const applicationLevelString = (flags: readonly string[]): string => APPLICATION_LEVEL_FLAGS.filter((f) => flags.includes(f)).join(",") || "none";

/** One declared value (see settings.ts for paths) in the form Graph would store it. */
export function normalizeLeaf(path: string, value: unknown): unknown {
  const [key, sub] = path.split(".");
  if ((TARGET_SETTING_KEYS as readonly string[]).includes(key) && sub !== undefined && sub !== "devices") {
    return normalizeTargetConfiguration(value);
  }
  if (key === "templateApplicationLevel") return applicationLevelFlags(value);
  if (isObject(value)) {
    // Graph fills absent members of small objects (a device filter) with null.
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, value[k] ?? null]),
    );
  }
  return value ?? null;
}
