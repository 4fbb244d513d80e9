// Compares a response body with a documented one by shape: property names, JSON types, enum
// values, null versus absent, and the OData context after `$metadata#`. Values are not compared.

const ENUMS: Record<string, string[]> = {
  state: ["active", "inactive", "pending", "removed", "unknownFutureValue"],
  role: ["owner", "member", "unknownFutureValue"],
  desiredRole: ["owner", "member", "unknownFutureValue"],
  memberState: ["pending", "active", "removed", "unknownFutureValue"],
  desiredState: ["pending", "active", "removed", "unknownFutureValue"],
  desiredMemberState: ["pending", "active", "removed", "unknownFutureValue"],
  status: ["notStarted", "running", "succeeded", "failed", "unknownFutureValue"],
  accessType: ["allowed", "blocked", "unknownFutureValue"],
  targetType: ["user", "group", "application", "unknownFutureValue"],
};
const LEVEL = /^(none|newPartners|existingPartners|unknownFutureValue)(,(newPartners|existingPartners|unknownFutureValue))*$/;

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const contextOf = (v: string) => v.slice(v.indexOf("$metadata#"));

/**
 * Differences between `actual` and the documented `doc`. `extra` lists property names the service
 * has beyond an older documented example (e.g. newer CSDL properties); `loose` lists paths whose
 * documented shape is known to vary between Microsoft's own examples.
 */
export function shapeDiff(doc: unknown, actual: unknown, opts: { extra?: string[]; loose?: string[] } = {}, at = "$"): string[] {
  const path = at.replace(/\[\d+\]/g, "[]");
  if (opts.loose?.includes(path)) return [];
  if (kind(doc) !== kind(actual)) return [`${at}: documented ${kind(doc)}, got ${kind(actual)}`];
  if (Array.isArray(doc) && Array.isArray(actual)) {
    if (doc.length === 0 || actual.length === 0) return [];
    // Order is not part of the shape: each item must match some documented item.
    return actual.flatMap((item, i) => {
      const candidates = doc.map((d) => shapeDiff(d, item, opts, `${at}[${i}]`));
      return candidates.some((c) => c.length === 0) ? [] : candidates.sort((a, b) => a.length - b.length)[0];
    });
  }
  if (kind(doc) === "object") {
    const d = doc as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(d)) {
      if (!(key in a)) out.push(`${at}.${key}: documented but absent`);
      else if (key === "@odata.context") {
        if (contextOf(String(d[key])) !== contextOf(String(a[key]))) out.push(`${at}.${key}: documented ${contextOf(String(d[key]))}, got ${contextOf(String(a[key]))}`);
      } else out.push(...shapeDiff(d[key], a[key], opts, `${at}.${key}`));
    }
    for (const key of Object.keys(a)) if (!(key in d) && !opts.extra?.includes(key)) out.push(`${at}.${key}: not in the documented body`);
    return out;
  }
  const key = at.split(".").pop()!.replace(/\[\d+\]$/, "");
  if (at.includes(".innerError.")) return [];
  if (typeof actual === "string" && ENUMS[key] && !ENUMS[key].includes(actual)) return [`${at}: '${actual}' is not a ${key} value`];
  if (typeof actual === "string" && key === "templateApplicationLevel" && !LEVEL.test(actual)) return [`${at}: '${actual}' is not a templateApplicationLevel`];
  return [];
}
