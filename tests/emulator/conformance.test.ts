// Replays the project's conformance set (tests/emulator/conformance/exchanges/: Graph's documented
// request/response exchanges, one file each) against the emulator: each in a fresh emulator, set up
// as the fixture's `given` says, sent with real credentials, then status and body shape compared.
// The set lives in the repository, so this suite runs in every clone; tests/emulator/
// conformance-coverage.test.ts checks it against the external reading corpus when that is present.
import { ATHENS, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "./harness";
import { type Fixture, type GivenStep, type Tenants, loadFixtures, loadGiven, shapeDiff, valueAt, withTenants } from "./conformance/fixtures";

const TENANTS: Tenants = { cairo: CAIRO, berlin: BERLIN, athens: ATHENS, denver: DENVER };
const fixtures = loadFixtures();
const given = loadGiven();

describe(`documented Graph exchanges (${fixtures.length} fixtures in tests/emulator/conformance/exchanges)`, () => {
  let em: TestEmulator;
  const tokens = new Map<string, string>();
  beforeEach(async () => {
    em = await testEmulator();
    tokens.clear();
  });
  afterEach(async () => em?.dispose());

  /** A raw request as `tenant`'s admin app (client-secret credential, real token). */
  async function send(tenant: string, method: string, urlPath: string, body?: unknown) {
    const tenantId = TENANTS[tenant as keyof Tenants];
    if (!tenantId) throw new Error(`unknown tenant '${tenant}' (one of ${Object.keys(TENANTS).join(", ")})`);
    if (!tokens.has(tenantId)) tokens.set(tenantId, (await em.credential(tenantId).getToken("https://graph.microsoft.com/.default"))!.token);
    const r = await fetch(`${em.url}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(tenantId)}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text || undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: compared as the text it is
    }
    return { status: r.status, headers: r.headers, body: parsed };
  }

  /** Placeholders: the tenants, then what given steps saved from their answers. */
  async function setUp(steps: GivenStep[], vars: Record<string, string>, trail: string[] = []): Promise<void> {
    for (const raw of steps) {
      if (typeof raw === "string") {
        if (!(raw in given)) throw new Error(`given: no setup named '${raw}' in given.json`);
        if (trail.includes(raw)) throw new Error(`given.json: '${raw}' names itself`);
        await setUp(given[raw], vars, [...trail, raw]);
        continue;
      }
      const step = withTenants(raw, vars);
      if ("advance" in step) await em.advance(step.advance);
      else if ("faults" in step) {
        const r = await fetch(`${em.url}/_emulator/faults`, { method: "PUT", body: JSON.stringify(step.faults) });
        if (!r.ok) throw new Error(`given: faults answered ${r.status}`);
      } else {
        const r = await send(step.as ?? "cairo", step.method, step.path, step.body);
        if (r.status >= 300) throw new Error(`given: ${step.method} ${step.path} answered ${r.status} ${JSON.stringify(r.body)}`);
        for (const [name, at] of Object.entries(step.save ?? {})) vars[name] = valueAt(r.body, at);
      }
    }
  }

  test.each(fixtures.map((f) => [f.id, f] as const))("%s", async (_id, raw: Fixture) => {
    const vars: Record<string, string> = { ...TENANTS };
    await setUp(raw.given, vars);
    const f = withTenants(raw, vars);
    const r = await send(f.as, f.method, f.path, f.body);
    // The body is shown only when the status differs, to say why.
    expect({ status: r.status, body: r.status === f.status ? "" : r.body }).toEqual({ status: f.status, body: "" });
    const diffs = f.response === undefined ? (r.body === undefined ? [] : [`$: expected no body, got ${JSON.stringify(r.body).slice(0, 80)}`]) : shapeDiff(f.response, r.body, f);
    for (const [name, shape] of Object.entries(f.headers ?? {})) {
      diffs.push(...shapeDiff(shape, r.headers.get(name) ?? undefined, {}, `header ${name}`));
    }
    expect(diffs).toEqual([]);
  });
});

// The comparison the fixtures rely on, on small cases: a comparison that passed everything would
// make the suite above vacuous.
describe("comparing a body with a fixture's shape", () => {
  const ID = "00000ca1-0000-4000-8000-000000000ca1";
  test("type keywords, unions, literals, uuid and datetime", () => {
    expect(shapeDiff({ a: "string", b: "number|null", c: "active", d: "=null", e: true }, { a: "x", b: null, c: "active", d: "null", e: true })).toEqual([]);
    expect(shapeDiff({ id: "uuid", at: "datetime" }, { id: ID, at: "2024-01-02T03:04:05Z" })).toEqual([]);
    expect(shapeDiff({ id: "uuid", at: "datetime", c: "active", e: true }, { id: "x", at: "yesterday", c: "pending", e: false })).toHaveLength(4);
  });
  test("documented properties must be there, others not, unless optional (`?`) or extra", () => {
    expect(shapeDiff({ a: "string", "b?": "number" }, { a: "x" })).toEqual([]);
    expect(shapeDiff({ a: "string" }, {})).toEqual(["$.a: documented but absent"]);
    expect(shapeDiff({ a: "string" }, { a: "x", z: 1 })).toEqual(["$.z: not in the documented body"]);
    expect(shapeDiff({ a: "string" }, { a: "x", z: 1 }, { extra: ["z"] })).toEqual([]);
    expect(shapeDiff({ a: "null" }, { a: undefined })).toEqual(["$.a: expected null, got nothing"]);
  });
  test("each item matches a documented item, and each documented item some item", () => {
    const shape = [{ role: "owner" }, { role: "member" }];
    expect(shapeDiff(shape, [{ role: "member" }, { role: "owner" }, { role: "member" }])).toEqual([]);
    expect(shapeDiff(shape, [{ role: "owner" }])).toEqual(["$: no item matches documented item #2"]);
    expect(shapeDiff(shape, [])).toHaveLength(1);
    expect(shapeDiff([], [1, "x"])).toEqual([]);
  });
  test("OData context by what follows $metadata#; loose paths not compared", () => {
    const shape = { "@odata.context": "$metadata#things/$entity", v: [{ t: "null" }] };
    expect(shapeDiff(shape, { "@odata.context": "https://h/v1.0/$metadata#things/$entity", v: [{ t: null }] })).toEqual([]);
    expect(shapeDiff(shape, { "@odata.context": "https://h/v1.0/$metadata#others", v: [{ t: null }] })).toHaveLength(1);
    expect(shapeDiff(shape, { "@odata.context": "https://h/v1.0/$metadata#things/$entity", v: [{ t: {} }] }, { loose: { "$.v[].t": "why" } })).toEqual([]);
  });
  test("tenant placeholders are replaced, unknown ones refused", () => {
    expect(withTenants({ p: "/x/{berlin}" }, TENANTS)).toEqual({ p: `/x/${BERLIN}` });
    expect(() => withTenants("{paris}", TENANTS)).toThrow("unknown placeholder {paris}");
  });
});
