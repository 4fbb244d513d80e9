// Property tests of the one normalisation every trust resource's read, diff and check share: any
// way Graph may return what the program declared (list order, id and keyword casing, values it
// fills into properties the program leaves out, its flags string) yields no change; any real
// change yields a change on exactly that property.
import fc from "fast-check";
import { canonical, changedPaths, declaredPaths, patchBody, project, valueAt } from "../../provider/diff/settings";
import { applicationLevelString } from "../../provider/diff/normalize";
import { TRUST_SETTING_KEYS } from "../../provider/inputs/trust";

type Settings = Record<string, unknown>;
const KEYS = TRUST_SETTING_KEYS;
const B2B_KEYS = KEYS.filter((k) => k.startsWith("b2b") || k === "tenantRestrictions");
const KEYWORDS = { user: ["AllUsers"], group: [] as string[], application: ["AllApplications", "AllMicrosoftApps", "Office365"] };

const target = (types: ("user" | "group" | "application")[]) =>
  fc
    .constantFrom(...types)
    .chain((targetType) => fc.oneof(fc.uuid(), ...(KEYWORDS[targetType].length ? [fc.constantFrom(...KEYWORDS[targetType])] : [])).map((t) => ({ target: t, targetType })));
const targetConfiguration = (types: ("user" | "group" | "application")[]) =>
  fc.record({
    accessType: fc.constantFrom("allowed", "blocked"),
    targets: fc.uniqueArray(target(types), { minLength: 1, maxLength: 5, selector: (t) => `${t.targetType}:${t.target.toLowerCase()}` }),
  });
const b2b = fc.record({ usersAndGroups: targetConfiguration(["user", "group"]), applications: targetConfiguration(["application"]) }, { requiredKeys: [] });
const booleans = (names: string[]) => fc.record(Object.fromEntries(names.map((n) => [n, fc.boolean()])), { requiredKeys: [] });

/** Settings a program may declare. */
const declared: fc.Arbitrary<Settings> = fc.record(
  {
    inboundTrust: booleans(["isMfaAccepted", "isCompliantDeviceAccepted", "isHybridAzureADJoinedDeviceAccepted"]),
    automaticUserConsentSettings: booleans(["inboundAllowed", "outboundAllowed"]),
    b2bCollaborationInbound: b2b,
    b2bCollaborationOutbound: b2b,
    b2bDirectConnectInbound: b2b,
    b2bDirectConnectOutbound: b2b,
    tenantRestrictions: b2b,
  },
  { requiredKeys: [] },
);

/** The same settings as Graph may hand them back: reordered, recased, with values it fills in. */
function asGraphReturns(settings: Settings, g: fc.GeneratorValue): Settings {
  const rng = { nextBoolean: () => g(fc.boolean), nextInt: () => g(fc.integer) };
  const flip = (s: string) => [...s].map((c) => (rng.nextBoolean() ? c.toUpperCase() : c.toLowerCase())).join("");
  const shuffle = <T>(xs: T[]) =>
    xs
      .map((x) => [rng.nextInt(), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, x]) => x);
  const live: Settings = {};
  for (const key of KEYS) {
    const value = settings[key] as Settings | undefined;
    const filled: Settings = B2B_KEYS.includes(key)
      ? { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }, applications: null }
      : { isMfaAccepted: null, isCompliantDeviceAccepted: rng.nextBoolean(), inboundAllowed: null, outboundAllowed: null };
    if (key === "tenantRestrictions") filled.devices = null;
    if (value === undefined) {
      live[key] = rng.nextBoolean() ? null : filled;
      continue;
    }
    const copy: Settings = { ...filled };
    for (const [sub, v] of Object.entries(value)) {
      copy[sub] =
        typeof v === "object" && v !== null
          ? { ...(v as Settings), targets: shuffle(((v as Settings).targets as { target: string; targetType: string }[]).map((t) => ({ ...t, target: flip(t.target) }))) }
          : v;
    }
    live[key] = copy;
  }
  live.isInMultiTenantOrganization = true;
  live.m365CollaborationInbound = { users: null };
  return live;
}

/** A real change of the value at one declared path. */
function changeAt(live: Settings, path: string): Settings {
  const [key, sub] = path.split(".");
  const top = { ...(live[key] as Settings) };
  const value = top[sub];
  if (typeof value === "boolean") top[sub] = !value;
  else {
    const tc = value as { accessType: string; targets: unknown[] };
    top[sub] = tc.targets.length > 1 ? { ...tc, targets: tc.targets.slice(1) } : { ...tc, accessType: tc.accessType === "allowed" ? "blocked" : "allowed" };
  }
  return { ...live, [key]: top };
}

test("what Graph may return for declared settings is no change, and refresh reports it as declared", () => {
  fc.assert(
    fc.property(declared, fc.gen(), (settings, g) => {
      const live = asGraphReturns(settings, g);
      expect(changedPaths(live, settings, KEYS)).toEqual([]);
      expect(changedPaths(live, canonical(settings, KEYS), KEYS)).toEqual([]);
      // Refresh reports the live values of the declared paths: equal to the canonical declaration.
      expect(project(live, declaredPaths(settings, KEYS))).toEqual(canonical(settings, KEYS));
    }),
    { numRuns: 300 },
  );
});

test("a real change of one declared value is a change on exactly that path", () => {
  const withPath = declared.filter((s) => declaredPaths(s, KEYS).length > 0).chain((s) => fc.tuple(fc.constant(s), fc.constantFrom(...declaredPaths(s, KEYS))));
  fc.assert(
    fc.property(withPath, fc.gen(), ([settings, path], g) => {
      const live = changeAt(asGraphReturns(settings, g), path);
      expect(changedPaths(live, settings, KEYS)).toEqual([path]);
    }),
    { numRuns: 300 },
  );
});

test("a path the program stops declaring is a change only while Graph still holds a value there", () => {
  const live = { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null, isHybridAzureADJoinedDeviceAccepted: null } };
  expect(changedPaths(live, {}, KEYS, ["inboundTrust.isMfaAccepted"])).toEqual(["inboundTrust.isMfaAccepted"]);
  expect(changedPaths({ inboundTrust: null }, {}, KEYS, ["inboundTrust.isMfaAccepted"])).toEqual([]);
});

test("a PATCH body sends whole objects: live values kept where undeclared, dropped ones null, all-null objects as null", () => {
  const live = {
    inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: null },
    b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] }, applications: null },
    b2bDirectConnectInbound: {
      usersAndGroups: { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] },
      applications: { accessType: "blocked", targets: [{ target: "AllApplications", targetType: "application" }] },
    },
  };
  const declaredNow = { inboundTrust: { isMfaAccepted: true } };
  const managed = ["inboundTrust.isMfaAccepted", "b2bCollaborationInbound.usersAndGroups", "b2bDirectConnectInbound.usersAndGroups"];
  const paths = changedPaths(live, declaredNow, KEYS, managed);
  expect(paths).toEqual(managed);
  expect(patchBody(live, declaredNow, paths)).toEqual({
    inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true, isHybridAzureADJoinedDeviceAccepted: null },
    b2bCollaborationInbound: null,
    // The undeclared half someone else set stays.
    b2bDirectConnectInbound: { usersAndGroups: null, applications: live.b2bDirectConnectInbound.applications },
  });
  expect(patchBody({ templateApplicationLevel: "none" }, {}, ["templateApplicationLevel"], { templateApplicationLevel: ["newPartners"] })).toEqual({
    templateApplicationLevel: ["newPartners"],
  });
});

test("template flags: a list in programs, Graph's comma-separated string on the wire, compared as a set", () => {
  expect(applicationLevelString(["existingPartners", "newPartners"])).toBe("newPartners,existingPartners");
  expect(applicationLevelString([])).toBe("none");
  const keys = ["templateApplicationLevel"];
  expect(changedPaths({ templateApplicationLevel: "newPartners,existingPartners" }, { templateApplicationLevel: ["existingPartners", "newPartners"] }, keys)).toEqual([]);
  expect(changedPaths({ templateApplicationLevel: "none" }, { templateApplicationLevel: [] }, keys)).toEqual([]);
  expect(changedPaths({ templateApplicationLevel: "newPartners" }, { templateApplicationLevel: [] }, keys)).toEqual(["templateApplicationLevel"]);
  expect(valueAt({ templateApplicationLevel: "existingPartners,newPartners" }, "templateApplicationLevel")).toEqual(["newPartners", "existingPartners"]);
});
