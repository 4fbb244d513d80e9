// The plugin's schema and its implementation agree: every handler kind is a schema resource and
// every schema resource is served by a handler (or by construct, for the topology); everything is
// described; the executable serves exactly this schema; import ids and secrets are handled.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderContext } from "../../provider/context";
import { bareHandler } from "../../provider/handlers";
import { TEMPLATE_SETTING_KEYS, TRUST_SETTING_KEYS } from "../../provider/inputs/trust";
import { applyVariables } from "../../provider/plugin/configure";
import { fromImportId, IMPORT_ID } from "../../provider/plugin/import";
import { kindOf, provider, VERSION } from "../../provider/plugin/provider";
import { RESOURCES, TOPOLOGY, schema } from "../../provider/plugin/schema";
import { TEMPLATE_SETTINGS, TRUST_SETTINGS } from "../../provider/plugin/schema-types";
import { concealed, revealed } from "../../provider/plugin/secrets";
import { offlineEnv, repoRoot, scratchPulumiDirs } from "../../scripts/pulumi-env";
import { pluginDir } from "./engine";

const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
const BERLIN = "00000be1-0000-4000-8000-000000000be1";
const full = schema(VERSION) as {
  resources: Record<string, any>;
  types: Record<string, any>;
  config: { variables: Record<string, any> };
  provider: { inputProperties: Record<string, any> };
};
const urn = (token: string) => `urn:pulumi:dev::p::${token}::x`;

/** The members of the ResourceKind union, read from the source that declares it. */
function handlerKinds(): string[] {
  const source = fs.readFileSync(path.join(repoRoot, "provider", "dynamic.ts"), "utf8");
  const union = /export type ResourceKind =([^;]*);/.exec(source)![1];
  return [...union.matchAll(/"(\w+)"/g)].map((m) => m[1]).sort();
}

test("the schema lists every handler kind, and nothing else but the topology component", () => {
  const tokens = Object.keys(full.resources).sort();
  expect(tokens).toEqual([...handlerKinds().map((k) => `entra-mto:index:${k}`), TOPOLOGY].sort());
  expect(full.resources[TOPOLOGY].isComponent).toBe(true);
});

test("every schema resource is implemented: custom ones by a handler, the component by construct", async () => {
  // As the plugin serves them: over its context, whatever that context's settings.
  const ctx = ProviderContext.configure(() => undefined);
  for (const token of Object.keys(full.resources).filter((t) => t !== TOPOLOGY)) {
    const h = bareHandler(kindOf(urn(token)), ctx);
    for (const method of ["check", "diff", "create", "read", "update", "delete"] as const) expect(typeof h[method]).toBe("function");
  }
  expect(() => kindOf(urn("entra-mto:index:Nope"))).toThrow(/unknown resource type 'entra-mto:index:Nope'/);
  await expect(provider.construct!("x", "entra-mto:index:Nope", {}, {})).rejects.toThrow(/unknown component type/);
});

test("the settings in the schema are the settings the handlers check", () => {
  expect(Object.keys(TRUST_SETTINGS).sort()).toEqual([...TRUST_SETTING_KEYS].sort());
  expect(Object.keys(TEMPLATE_SETTINGS).sort()).toEqual([...TEMPLATE_SETTING_KEYS].sort());
});

test("every resource, input, output, type and setting is described, and every reference resolves", () => {
  const problems: string[] = [];
  const check = (where: string, p: any) => {
    if (!p.description?.trim()) problems.push(`${where}: no description`);
    // Pulumi's own types (pulumi.json#/Any) resolve in every SDK.
    for (const ref of [p.$ref, p.items?.$ref, p.additionalProperties?.$ref].filter((r) => r && !r.startsWith("pulumi.json#/"))) {
      if (!full.types[ref.replace("#/types/", "")]) problems.push(`${where}: ${ref} does not resolve`);
    }
  };
  for (const [token, r] of Object.entries(full.resources)) {
    if (!r.description?.trim()) problems.push(`${token}: no description`);
    for (const [k, p] of Object.entries({ ...r.inputProperties, ...r.properties })) check(`${token}.${k}`, p);
  }
  for (const [token, t] of Object.entries(full.types)) {
    if (!t.description?.trim()) problems.push(`${token}: no description`);
    for (const [k, p] of Object.entries(t.properties as object)) check(`${token}.${k}`, p);
  }
  for (const [k, p] of Object.entries({ ...full.config.variables, ...full.provider.inputProperties })) check(`config ${k}`, p);
  expect(problems).toEqual([]);
});

test("the executable serves this schema", () => {
  const dirs = scratchPulumiDirs("entra-mto-schema");
  try {
    const env = offlineEnv({ stateDir: dirs.stateDir, pulumiHome: dirs.pulumiHome });
    const served = execFileSync("pulumi", ["package", "get-schema", path.join(pluginDir(), "pulumi-resource-entra-mto")], { env: { ...process.env, ...env }, encoding: "utf8" });
    expect(JSON.parse(served)).toEqual(full);
  } finally {
    dirs.dispose();
  }
});

describe("import ids", () => {
  let ctx: ProviderContext;
  beforeAll(() => {
    // Through the plugin's configure path: the engine's variables are keyed entra-mto:config:<key>.
    const tenants = { cairo: { tenantId: CAIRO, auth: "azureCli" }, berlin: { tenantId: BERLIN, auth: "azureCli" } };
    ctx = applyVariables(new Map([["entra-mto:config:tenants", JSON.stringify(tenants)]]));
  });

  test("the acting tenant is given by alias or by a configured tenant id", () => {
    expect(fromImportId(ctx, "MultiTenantOrganizationMember", `cairo/${BERLIN}`)).toEqual({
      id: `${CAIRO}/${BERLIN}`,
      props: { tenant: "cairo", ownerTenantId: CAIRO, memberTenantId: BERLIN },
    });
    expect(fromImportId(ctx, "MultiTenantOrganizationMember", `${CAIRO.toUpperCase()}/${BERLIN}`).props.tenant).toBe("cairo");
    expect(fromImportId(ctx, "MultiTenantOrganization", "cairo")).toEqual({ id: CAIRO, props: { tenant: "cairo", tenantId: CAIRO } });
    expect(fromImportId(ctx, "CrossTenantIdentitySync", `berlin/${CAIRO}`).id).toBe(`${BERLIN}/${CAIRO}/identitySynchronization`);
    expect(fromImportId(ctx, "CrossTenantIdentitySync", `${BERLIN}/${CAIRO}/identitySynchronization`).id).toBe(`${BERLIN}/${CAIRO}/identitySynchronization`);
    expect(fromImportId(ctx, "CrossTenantAccessPartner", `berlin/${CAIRO}`).props).toMatchObject({
      tenant: "berlin",
      partnerTenantId: CAIRO,
      managedProperties: RESOURCES.CrossTenantAccessPartner.settings,
    });
  });

  test("every kind has an id format, and a malformed id is refused naming it", () => {
    expect(Object.keys(IMPORT_ID).sort()).toEqual(handlerKinds());
    expect(() => fromImportId(ctx, "MultiTenantOrganizationMember", BERLIN)).toThrow("the id must be <owner>/<memberTenantId>");
    expect(() => fromImportId(ctx, "CrossTenantAccessPartner", "berlin/not-a-guid")).toThrow("the id must be <tenant>/<partnerTenantId>");
    expect(() => fromImportId(ctx, "MultiTenantOrganization", "denver")).toThrow(/'denver' is neither a tenant alias configured under entra-mto:tenants nor the tenant id of one/);
  });
});

test("secret marks are taken off the inputs and put back on the same outputs", () => {
  const mark = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
  const { plain, secretKeys } = revealed({ tenant: "cairo", description: mark("hidden"), nested: { a: [mark(1)] } });
  expect(plain).toEqual({ tenant: "cairo", description: "hidden", nested: { a: [1] } });
  expect([...secretKeys].sort()).toEqual(["description", "nested"]);
  expect(concealed({ tenant: "cairo", description: "hidden", state: "active" }, secretKeys)).toEqual({ tenant: "cairo", description: mark("hidden"), state: "active" });
});
