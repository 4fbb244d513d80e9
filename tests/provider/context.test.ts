// The provider's context: built by `configure`, passed to every check, handler and operation, and
// kept by the faces alone. Two contexts in one process do not see each other's settings, names or
// lines; nothing under the faces keeps state of its own; the layers point down only.
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderContext } from "../../provider/context";
import { configure, handler } from "../../provider/handlers";
import { organizationHandler } from "../../provider/resources/organization/organization";
import { partnerHandler } from "../../provider/resources/trust/partner";
import { contextFrom } from "./fixture";

const CAIRO = "00000ca1-0000-4000-8000-000000000001";
const BERLIN = "00000be1-0000-4000-8000-000000000002";
const SECRET = "s3cr3t-value-of-the-app-Q~1234567890";
const tenants = (t: Record<string, string>) => ({
  "entra-mto:tenants": JSON.stringify(
    Object.fromEntries(Object.entries(t).map(([alias, tenantId]) => [alias, { tenantId, auth: "clientSecret", clientId: "app", clientSecret: SECRET }])),
  ),
});

describe("contexts", () => {
  test("two contexts in one process check against their own configuration", async () => {
    const onlyCairo = contextFrom(tenants({ cairo: CAIRO }));
    const onlyBerlin = contextFrom(tenants({ berlin: BERLIN }));
    const inputs = { tenant: "cairo", displayName: "Cairo group" };
    // Interleaved: a process-wide configuration would make both answer alike.
    const a = await organizationHandler(onlyCairo).check!(inputs, inputs);
    const b = await organizationHandler(onlyBerlin).check!(inputs, inputs);
    const c = await organizationHandler(onlyCairo).check!(inputs, inputs);
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([{ property: "tenant", reason: "tenant alias 'cairo' is not configured under entra-mto:tenants" }]);
    expect(c.failures).toEqual([]);
  });

  test("configuring with the same settings keeps the context and its clients; a change builds a new one that keeps the names learnt", () => {
    const config = tenants({ cairo: CAIRO, berlin: BERLIN });
    const first = ProviderContext.configure((k) => config[k as keyof typeof config]);
    const client = first.graph("cairo");
    first.learnTenantName(BERLIN, "Berlin");
    const again = ProviderContext.configure((k) => config[k as keyof typeof config], first);
    expect(again).toBe(first);
    expect(again.graph("cairo")).toBe(client);

    const changed = tenants({ cairo: CAIRO, berlin: BERLIN, athens: "00000a7e-0000-4000-8000-000000000003" });
    const next = ProviderContext.configure((k) => changed[k as keyof typeof changed], first);
    expect(next).not.toBe(first);
    expect(next.graph("cairo")).not.toBe(client);
    expect(next.tenantName("berlin")).toBe(`berlin (Berlin, ${BERLIN})`);
    // The earlier context is untouched by the later configuration.
    expect(first.tenantIdOf("athens")).toBeUndefined();
  });

  test("each context's lines go to its own sink, with the configured secrets redacted", () => {
    const mine: string[] = [];
    const theirs: string[] = [];
    const a = contextFrom(tenants({ cairo: CAIRO }), (l) => mine.push(l));
    const b = contextFrom(tenants({ cairo: CAIRO }), (l) => theirs.push(l));
    a.log(`token ${SECRET} refused`);
    b.log("hello");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/^\[entra-mto\] token .* refused$/);
    expect(mine[0]).not.toContain(SECRET);
    expect(theirs).toEqual(["[entra-mto] hello"]);
  });

  test("a bad configuration is reported by check on the tenant property and refused before any Graph client is built", async () => {
    const bad = contextFrom({ "entra-mto:tenants": "not json" });
    const result = await partnerHandler(bad).check!({} as never, { tenant: "cairo", partnerTenantId: BERLIN });
    expect((result.failures ?? []).some((f) => f.property === "tenant" && /entra-mto:tenants/.test(f.reason))).toBe(true);
    expect(() => bad.graph("cairo")).toThrow(/the provider configuration is invalid/);
  });

  test("the dynamic face refuses a handler asked for before the engine configured it, then serves the configured context", async () => {
    jest.isolateModules(() => {
      const fresh = require("../../provider/handlers") as typeof import("../../provider/handlers");
      expect(() => fresh.handler("MultiTenantOrganization")).toThrow(/used before it was configured/);
    });
    const config = tenants({ cairo: CAIRO });
    configure({ config: { get: (k: string) => config[k as keyof typeof config] } } as never);
    const result = await handler("MultiTenantOrganization").check!({}, { tenant: "cairo", displayName: "Cairo group" });
    expect(result.failures).toEqual([]);
  });
});

describe("the house", () => {
  const root = path.join(__dirname, "..", "..", "provider");
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
  const relative = (f: string) => path.relative(root, f).split(path.sep).join("/");

  /** The faces: each keeps the one context it serves with. */
  const FACES = new Set(["handlers.ts", "plugin/configure.ts", "program-context.ts"]);

  test("no module-level mutable state under the faces: state lives in the context", () => {
    const found: string[] = [];
    for (const file of sources(root)) {
      if (FACES.has(relative(file))) continue;
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          // Top-level `let`/`var`, or a top-level Map or Set not typed read-only (a WeakMap keyed by an
          // object is a memo of it).
          const collection = /^(export )?const \w+(: [^=]+)? = new (Map|Set)\b/.test(line) && !/^(export )?const \w+: Readonly(Map|Set)</.test(line);
          if (/^(export )?(let|var) /.test(line) || collection) found.push(`${relative(file)}:${i + 1}: ${line.trim()}`);
        });
    }
    // The program side keeps one cache of serialized providers per kind (dynamic.ts): immutable text.
    expect(found.filter((f) => !f.startsWith("dynamic.ts:"))).toEqual([]);
  });

  test("the layers point down: operations know no resource, topology or face; resources know no topology or face", () => {
    const imports = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)].map((m) => relative(path.resolve(path.dirname(file), m[1])));
    const rules: [string, RegExp][] = [
      ["operations/", /^(resources|topology|plugin)\/|^(handlers|program|program-context)$/],
      ["graph/", /^(resources|topology|plugin|operations|inputs|describe)\/|^(context|handlers|program|program-context)$/],
      ["resources/", /^(topology|plugin)\/|^(handlers|program)$/],
      ["describe/", /^(resources|topology|plugin|operations)\/|^(handlers|program|program-context)$/],
    ];
    const broken: string[] = [];
    for (const file of sources(root)) {
      const rel = relative(file);
      for (const [layer, forbidden] of rules) {
        if (!rel.startsWith(layer)) continue;
        for (const target of imports(file)) if (forbidden.test(target)) broken.push(`${rel} imports ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
