// One description per shape: the trust settings are described once (provider/inputs/trust.ts) and
// their TypeScript types, their check and the plugin schema's types all come from it. Here the three
// are held against each other at every depth: every path of the description is a path of the
// plugin's type with the same kind; a value built from the description passes the check, and a
// wrong value at any one path fails it at exactly that path; the types accept what the check
// accepts and refuse what it refuses (the @ts-expect-error lines fail the type check otherwise).
import { Kind, type TSchema } from "@sinclair/typebox";
import type { ProviderContext } from "../../provider/context";
import { checkValue, enumValues } from "../../provider/describe/check";
import { type Static, nonNull } from "../../provider/describe/shape";
import type { ResourceKind } from "../../provider/dynamic";
import { bareHandler } from "../../provider/handlers";
import { DESCRIPTIONS, RESOURCES } from "../../provider/plugin/schema";
import { parseSettings } from "../../provider/settings";
import { type MultiTenantOrganizationTopologyArgs, checkTopology, topologyDescription } from "../../provider/topology/args";
import * as trust from "../../provider/inputs/trust";
import { TYPES } from "../../provider/plugin/schema-types";
import { contextFrom, tenantsConfig } from "./fixture";

type Failure = { property: string; reason: string };
type Node = { path: string; schema: TSchema };

/** Every path of a schema below `at`, with its schema: objects' members, lists' items as [0]. */
function paths(schema: TSchema, at: string): Node[] {
  const here = at ? [{ path: at, schema }] : [];
  if (schema[Kind] === "Object") return [...here, ...Object.entries(schema.properties as Record<string, TSchema>).flatMap(([k, p]) => paths(p, at ? `${at}.${k}` : k))];
  if (schema[Kind] === "Array") return [...here, ...paths(schema.items as TSchema, `${at}[0]`)];
  return here;
}

/** A valid value of a schema: every member present, lists of one item. */
function valid(schema: TSchema): unknown {
  const values = enumValues(schema);
  if (values) return values[0];
  switch (schema[Kind]) {
    case "Boolean":
      return true;
    case "String":
      return "x";
    case "Array":
      return [valid(schema.items as TSchema)];
    case "Object":
      return Object.fromEntries(Object.entries(schema.properties as Record<string, TSchema>).map(([k, p]) => [k, valid(p)]));
  }
  throw new Error(`no valid value for ${String(schema[Kind])}`);
}

/** The value with `path` (a.b[0].c) replaced. */
function replaced(value: unknown, path: string, by: unknown): unknown {
  const [head, ...rest] = path.split(/\.|(?=\[)/);
  const index = /^\[(\d+)\]$/.exec(head);
  if (index) {
    const list = [...(value as unknown[])];
    list[Number(index[1])] = rest.length ? replaced(list[Number(index[1])], rest.join(".").replace(/\.\[/g, "["), by) : by;
    return list;
  }
  const object = { ...(value as Record<string, unknown>) };
  object[head] = rest.length ? replaced(object[head], rest.join(".").replace(/\.\[/g, "["), by) : by;
  return object;
}

const check = (value: Record<string, unknown>): Failure[] => {
  const failures: Failure[] = [];
  checkValue(trust.TrustSettings, value, "", failures);
  return failures;
};

test("the plugin schema's types are the description's, at every depth", () => {
  const described = paths(trust.TrustSettings, "");
  expect(described.length).toBeGreaterThan(30);
  for (const { path, schema } of described) {
    // Walk the plugin's types along the same path.
    let type = TYPES.TrustSettings as unknown as { properties: Record<string, { type?: string; $ref?: string; items?: { $ref?: string; type?: string } }> };
    let prop: { type?: string; $ref?: string; items?: { $ref?: string; type?: string } } | undefined;
    for (const step of path.split(".")) {
      const [name, item] = step.split("[0]");
      prop = type.properties[name];
      expect({ path, found: prop !== undefined }).toEqual({ path, found: true });
      const ref = (item !== undefined ? prop!.items?.$ref : prop!.$ref)?.split(":").pop();
      if (ref) type = TYPES[ref] as never;
    }
    const kind = schema[Kind] === "Object" ? "object" : schema[Kind] === "Array" ? "array" : schema[Kind] === "Boolean" ? "boolean" : "string";
    const pluginKind = prop!.$ref ? "object" : path.endsWith("[0]") ? (prop!.items?.$ref ? "object" : prop!.items?.type) : prop!.type;
    expect({ path, kind: path.endsWith("[0]") ? kind : kind }).toEqual({ path, kind: pluginKind });
  }
});

test("a value built from the description passes the check; a wrong value at any path fails there alone", () => {
  const good = valid(trust.TrustSettings) as Record<string, unknown>;
  expect(check(good)).toEqual([]);
  const leaves = paths(trust.TrustSettings, "");
  for (const { path, schema } of leaves) {
    const wrong = schema[Kind] === "Boolean" ? "yes" : 5;
    const failures = check(replaced(good, path, wrong) as Record<string, unknown>);
    expect({ path, failed: failures.map((f) => f.property) }).toEqual({ path, failed: [path] });
  }
  // An unknown member at any depth of an object is named, with the members the description knows.
  for (const { path, schema } of leaves.filter((n) => n.schema[Kind] === "Object")) {
    const at = replaced(good, path, { ...(valid(schema) as object), notAMember: true }) as Record<string, unknown>;
    expect(check(at)).toEqual([{ property: `${path}.notAMember`, reason: expect.stringMatching(/^unknown property; expected '/) }]);
  }
});

test("the TypeScript types accept what the check accepts and refuse what it refuses", () => {
  const users: Static<typeof trust.UserTargetConfiguration> = { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "group" }] };
  const apps: Static<typeof trust.ApplicationTargetConfiguration> = { accessType: "blocked", targets: [{ target: "Office365", targetType: "application" }] };
  const settings: Static<typeof trust.TrustSettings> = { inboundTrust: { isMfaAccepted: true }, b2bCollaborationInbound: { usersAndGroups: users, applications: apps } };
  expect(check(settings as Record<string, unknown>)).toEqual([]);
  // @ts-expect-error: applications are not targets of usersAndGroups, for the types as for the check.
  const wrongType: Static<typeof trust.UserTargetConfiguration> = { accessType: "allowed", targets: [{ target: "x", targetType: "application" }] };
  // @ts-expect-error: a flag is a boolean.
  const wrongFlag: Static<typeof trust.InboundTrust> = { isMfaAccepted: "yes" };
  expect(check({ b2bCollaborationInbound: { usersAndGroups: wrongType }, inboundTrust: wrongFlag }).map((f) => f.property)).toEqual([
    "inboundTrust.isMfaAccepted",
    "b2bCollaborationInbound.usersAndGroups.targets[0].targetType",
  ]);
});

describe("every resource: its check agrees with its description at every depth", () => {
  const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
  const BERLIN = "00000be1-0000-4000-8000-000000000be1";
  let ctx: ProviderContext;
  beforeAll(() => {
    ctx = contextFrom(tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN }));
  });

  /** A valid value of a schema, as a program would declare it. */
  function declared(schema: TSchema): unknown {
    const s = nonNull(schema);
    const format = (s as { format?: string }).format;
    if (format === "alias") return "cairo";
    if (format === "tenant-id") return BERLIN;
    if (format === "duration") return "10m";
    if (s[Kind] === "Record") return { berlin: declared(Object.values(s.patternProperties as Record<string, TSchema>)[0]) };
    if (s[Kind] === "Object") return Object.fromEntries(Object.entries(s.properties as Record<string, TSchema>).map(([k, p]) => [k, declared(p)]));
    if (s[Kind] === "Array") return [declared(s.items as TSchema)];
    return valid(s);
  }

  /** Every path of a resource's inputs, records entered under the key `berlin`. */
  function inputPaths(schema: TSchema, at: string): Node[] {
    const s = nonNull(schema);
    const here = at ? [{ path: at, schema: s }] : [];
    if (s[Kind] === "Record") return [...here, ...inputPaths(Object.values(s.patternProperties as Record<string, TSchema>)[0], `${at}.berlin`)];
    if (s[Kind] === "Object") return [...here, ...Object.entries(s.properties as Record<string, TSchema>).flatMap(([k, p]) => inputPaths(p, at ? `${at}.${k}` : k))];
    if (s[Kind] === "Array") return [...here, ...inputPaths(s.items as TSchema, `${at}[0]`)];
    return here;
  }

  test.each(Object.keys(RESOURCES) as ResourceKind[])("%s", async (kind) => {
    const d = DESCRIPTIONS[kind];
    const h = bareHandler(kind, ctx);
    // As the dynamic provider passes them: its serialized self among the inputs.
    const good = { ...(declared(d.inputs) as Record<string, unknown>), __provider: "exports.handler = __f0;" };
    // The owner's and a member's id differ: membership and member declare Berlin in Cairo's organization.
    expect((await h.check!({} as never, good as never)).failures).toEqual([]);
    const disagreements: string[] = [];
    for (const { path, schema } of inputPaths(d.inputs, "")) {
      const wrong = schema[Kind] === "Boolean" ? "yes" : 5;
      const failures = ((await h.check!({} as never, replaced(good, path, wrong) as never)).failures ?? []).map((f) => f.property);
      if (!failures.includes(path) || failures.some((f) => f !== path)) disagreements.push(`${path}: ${JSON.stringify(failures)}`);
    }
    expect(disagreements).toEqual([]);
  });
});

test("optional inputs left out pass every resource's check", async () => {
  const ctx = contextFrom(tenantsConfig("https://127.0.0.1:1", { cairo: "00000ca1-0000-4000-8000-000000000ca1", berlin: "00000be1-0000-4000-8000-000000000be1" }));
  const minimal: Record<ResourceKind, Record<string, unknown>> = {
    MultiTenantOrganization: { tenant: "cairo", displayName: "Cairo" },
    MultiTenantOrganizationMember: { tenant: "cairo", memberTenantId: "00000be1-0000-4000-8000-000000000be1", displayName: "Berlin" },
    MultiTenantOrganizationJoinRequest: { tenant: "berlin", addedByTenantId: "00000ca1-0000-4000-8000-000000000ca1" },
    MultiTenantOrganizationPartnerConfigurationTemplate: { tenant: "cairo" },
    MultiTenantOrganizationIdentitySyncPolicyTemplate: { tenant: "cairo" },
    CrossTenantAccessDefaults: { tenant: "cairo" },
    CrossTenantAccessPartner: { tenant: "cairo", partnerTenantId: "00000be1-0000-4000-8000-000000000be1" },
    CrossTenantIdentitySync: { tenant: "cairo", partnerTenantId: "00000be1-0000-4000-8000-000000000be1" },
    CrossTenantSynchronization: { tenant: "cairo", targetTenantId: "00000be1-0000-4000-8000-000000000be1", scope: { groups: ["0000aaaa-0000-4000-8000-000000000001"] } },
    MultiTenantOrganizationMembership: { tenant: "cairo", displayName: "Cairo", members: {} },
  };
  for (const [kind, inputs] of Object.entries(minimal)) {
    // Every input the description requires is there, and nothing else.
    expect({ kind, keys: Object.keys(inputs).sort() }).toEqual({ kind, keys: [...(DESCRIPTIONS[kind as ResourceKind].inputs.required ?? [])].sort() });
    expect({ kind, failures: (await bareHandler(kind as ResourceKind, ctx).check!({} as never, inputs as never)).failures }).toEqual({ kind, failures: [] });
  }
});

test("the topology: its check agrees with its description at every depth", () => {
  const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
  const BERLIN = "00000be1-0000-4000-8000-000000000be1";
  const settings = parseSettings((k) => tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN })[`entra-mto:${k}`]).settings;
  // Records entered under these keys; everything else built from the description.
  const KEYS: Record<string, string> = { tenants: "berlin", "tenants.berlin.partners": "cairo", "tenants.berlin.syncUsersFrom": "cairo" };
  /** A list or a map (listOrMap): the map, the fuller form. */
  const formOf = (s: TSchema) => (s[Kind] === "Union" && !enumValues(s) ? (s.anyOf as TSchema[]).find((f) => f[Kind] === "Record")! : s);
  function build(schema: TSchema, at: string): unknown {
    const s = formOf(nonNull(schema));
    if ((s as { format?: string }).format === "tenant-id") return BERLIN;
    if (s[Kind] === "Record") return { [KEYS[at]]: build(Object.values(s.patternProperties as Record<string, TSchema>)[0], `${at}.${KEYS[at]}`) };
    if (s[Kind] === "Object") return Object.fromEntries(Object.entries(s.properties as Record<string, TSchema>).map(([k, p]) => [k, build(p, at ? `${at}.${k}` : k)]));
    if (s[Kind] === "Array") return [build(s.items as TSchema, `${at}[0]`)];
    return (s as { format?: string }).format === "duration" ? "10m" : valid(s);
  }
  function walk(schema: TSchema, at: string): Node[] {
    const s = formOf(nonNull(schema));
    const here = at ? [{ path: at, schema: s }] : [];
    if (s[Kind] === "Record") return [...here, ...walk(Object.values(s.patternProperties as Record<string, TSchema>)[0], `${at}.${KEYS[at]}`)];
    if (s[Kind] === "Object") return [...here, ...Object.entries(s.properties as Record<string, TSchema>).flatMap(([k, p]) => walk(p, at ? `${at}.${k}` : k))];
    if (s[Kind] === "Array") return [...here, ...walk(s.items as TSchema, `${at}[0]`)];
    return here;
  }
  const built = build(topologyDescription, "") as Record<string, unknown>;
  // What the description cannot say: the owner is one of the tenants (Berlin syncs from it).
  const good = replaced(replaced(built, "owner", "cairo"), "tenants", { ...(built.tenants as object), cairo: {} }) as MultiTenantOrganizationTopologyArgs;
  expect(checkTopology(good, settings)).toEqual([]);
  // The list form, allowing synchronization only, is valid too.
  expect(checkTopology(replaced(good, "tenants.berlin.syncUsersFrom", ["cairo"]) as MultiTenantOrganizationTopologyArgs, settings)).toEqual([]);
  const disagreements: string[] = [];
  for (const { path, schema } of walk(topologyDescription, "")) {
    if (path === "owner") continue; // a name, checked against the tenants
    if (path === "tenants") continue; // no tenants: the owner is not one of them either, said as well
    const wrong = schema[Kind] === "Boolean" ? "yes" : 5;
    const problems = checkTopology(replaced(good, path, wrong) as MultiTenantOrganizationTopologyArgs, settings).map((p) => p.split(": ")[0]);
    if (!problems.includes(path) || problems.some((p) => p !== path)) disagreements.push(`${path}: ${JSON.stringify(problems)}`);
  }
  expect(disagreements).toEqual([]);
});

test("what replaces a resource is what its description says, and nothing else", async () => {
  const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
  const BERLIN = "00000be1-0000-4000-8000-000000000be1";
  const OTHER = "00000e01-0000-4000-8000-000000000e01";
  const ctx = contextFrom(tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN }));
  const base: Record<ResourceKind, Record<string, unknown>> = {
    MultiTenantOrganization: { tenant: "cairo", tenantId: CAIRO, displayName: "Cairo", state: "active", converged: true },
    MultiTenantOrganizationMember: { tenant: "cairo", ownerTenantId: CAIRO, memberTenantId: BERLIN, displayName: "Berlin", role: "member", converged: true },
    MultiTenantOrganizationJoinRequest: { tenant: "berlin", tenantId: BERLIN, addedByTenantId: CAIRO, memberState: "active" },
    MultiTenantOrganizationPartnerConfigurationTemplate: { tenant: "cairo", tenantId: CAIRO },
    MultiTenantOrganizationIdentitySyncPolicyTemplate: { tenant: "cairo", tenantId: CAIRO },
    CrossTenantAccessDefaults: { tenant: "cairo", tenantId: CAIRO },
    CrossTenantAccessPartner: { tenant: "cairo", tenantId: CAIRO, partnerTenantId: BERLIN },
    CrossTenantIdentitySync: { tenant: "cairo", tenantId: CAIRO, partnerTenantId: BERLIN },
    CrossTenantSynchronization: { tenant: "cairo", tenantId: CAIRO, targetTenantId: BERLIN, scope: { users: [OTHER] }, servicePrincipalId: "sp", jobId: "job" },
    MultiTenantOrganizationMembership: { tenant: "cairo", tenantId: CAIRO, displayName: "Cairo", members: {}, converged: true },
  };
  for (const [kind, olds] of Object.entries(base) as [ResourceKind, Record<string, unknown>][]) {
    const h = bareHandler(kind, ctx);
    const named = DESCRIPTIONS[kind].replaceOnChanges.filter((k) => k !== "tenant");
    for (const key of named) {
      const diff = await h.diff!("id", olds as never, { ...olds, [key]: OTHER } as never);
      expect({ kind, key, replaces: diff.replaces }).toEqual({ kind, key, replaces: [key] });
    }
    // The acting tenant's alias naming another tenant replaces every resource.
    const other = olds.tenant === "cairo" ? "berlin" : "cairo";
    expect({ kind, replaces: (await h.diff!("id", olds as never, { ...olds, tenant: other } as never)).replaces }).toEqual({ kind, replaces: ["tenant"] });
  }
});
