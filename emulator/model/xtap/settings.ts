// How Graph stores the cross-tenant settings it is sent: target lists in the service's own order,
// reserved keywords in their canonical spelling, object ids in lower case, complex values of
// Booleans with every property present. Also the rules a well-formed body can still break (a user
// target among applications, an empty or repeated target). Input is already checked for shape.
import { GUID_PATTERN, TARGET_KEYWORDS } from "../../../contract/wire";
import { badRequest } from "../errors";

type Json = Record<string, unknown>;
interface Target {
  target: string;
  targetType: string;
}

/** Which target types each half of a setting takes. */
const SLOT_TYPES: Record<string, readonly string[]> = {
  usersAndGroups: ["user", "group"],
  users: ["user", "group"],
  applications: ["application"],
};
/** The target type each reserved keyword belongs to. */
const KEYWORD_TYPE: Record<(typeof TARGET_KEYWORDS)[number], string> = {
  AllUsers: "user",
  AllApplications: "application",
  AllMicrosoftApps: "application",
  Office365: "application",
};

const flat =
  (...names: string[]) =>
  (value: Json) =>
    Object.fromEntries(names.map((n) => [n, value[n] ?? null]));
const halves =
  (...slots: string[]) =>
  (value: Json, path: string, problems: string[]) => {
    const out: Json = { ...value };
    for (const slot of slots) if (value[slot]) out[slot] = targetConfiguration(value[slot] as Json, `${path}.${slot}`, slot, problems);
    return out;
  };
const b2bSetting = halves("usersAndGroups", "applications");

type Normalizer = (value: Json, path: string, problems: string[]) => Json;
const NORMALIZERS: Record<string, Normalizer> = {
  inboundTrust: flat("isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"),
  automaticUserConsentSettings: flat("inboundAllowed", "outboundAllowed"),
  b2bCollaborationInbound: b2bSetting,
  b2bCollaborationOutbound: b2bSetting,
  b2bDirectConnectInbound: b2bSetting,
  b2bDirectConnectOutbound: b2bSetting,
  tenantRestrictions: (value, path, problems) => {
    const out = b2bSetting(value, path, problems);
    if (value.devices) out.devices = flat("mode", "rule")(value.devices as Json);
    return out;
  },
  m365CollaborationInbound: halves("users"),
  m365CollaborationOutbound: halves("usersAndGroups"),
  appServiceConnectInbound: halves("applications"),
  userSyncInbound: flat("isSyncAllowed"),
  groupSyncInbound: flat("isSyncAllowed"),
};

/** The body with each known setting normalised; other properties pass through unchanged. */
export function normalizeSettings(body: Json): Json {
  const problems: string[] = [];
  const out: Json = { ...body };
  for (const [key, normalize] of Object.entries(NORMALIZERS)) {
    const value = body[key];
    if (value !== undefined && value !== null) out[key] = normalize(value as Json, key, problems);
  }
  if (problems.length) throw badRequest(problems.join(" "));
  return out;
}

function targetConfiguration(value: Json, path: string, slot: string, problems: string[]): Json {
  if (value.accessType === undefined || value.accessType === null) problems.push(`Property '${path}.accessType' is required.`);
  const targets = value.targets as Target[] | undefined;
  if (!targets || targets.length === 0) {
    problems.push(`Property '${path}.targets' must list at least one target.`);
    return value;
  }
  const normalized = targets.map((t, i) => target(t, `${path}.targets[${i}]`, slot, problems));
  const seen = new Set<string>();
  for (const t of normalized) {
    const id = `${t.targetType}/${t.target.toLowerCase()}`;
    if (seen.has(id)) problems.push(`Property '${path}.targets' lists target '${t.target}' (${t.targetType}) more than once.`);
    seen.add(id);
  }
  return { accessType: value.accessType, targets: normalized.sort(byTypeThenTarget) };
}

function target(t: Target, path: string, slot: string, problems: string[]): Target {
  if (typeof t.target !== "string" || typeof t.targetType !== "string") {
    problems.push(`Property '${path}' needs both 'target' and 'targetType'.`);
    return t;
  }
  if (!SLOT_TYPES[slot].includes(t.targetType)) {
    problems.push(`Property '${path}.targetType' is '${t.targetType}', but ${slot} targets must be of targetType ${SLOT_TYPES[slot].join(" or ")}.`);
  }
  const keyword = TARGET_KEYWORDS.find((k) => k.toLowerCase() === t.target.toLowerCase());
  if (keyword) {
    if (KEYWORD_TYPE[keyword] !== t.targetType) problems.push(`Property '${path}': the keyword '${keyword}' takes targetType '${KEYWORD_TYPE[keyword]}', not '${t.targetType}'.`);
    return { target: keyword, targetType: t.targetType };
  }
  if (!GUID_PATTERN.test(t.target)) {
    problems.push(`Property '${path}.target' is '${t.target}'; a target is an object or application id (GUID) or one of ${TARGET_KEYWORDS.join(", ")}.`);
    return t;
  }
  return { target: t.target.toLowerCase(), targetType: t.targetType };
}

/** Graph returns targets in its own order; here: by targetType, then target, case-insensitively. */
function byTypeThenTarget(a: Target, b: Target): number {
  const key = (t: Target) => [t.targetType.toLowerCase(), t.target.toLowerCase()];
  const [ka, kb] = [key(a), key(b)];
  return ka[0] < kb[0] ? -1 : ka[0] > kb[0] ? 1 : ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
}
