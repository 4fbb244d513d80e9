// Tenants in progress lines and errors are named as people know them: alias, display name and the
// full id, by one formatter. The names come from the configuration (aliases), from what programs
// declare, and from what Graph shows; a real join against the emulator names both of its tenants.
import { ProviderContext, nameOf } from "../../provider/context";
import { joinRequestHandler } from "../../provider/resources/organization/join-request";
import { memberHandler } from "../../provider/resources/organization/member";
import { organizationHandler } from "../../provider/resources/organization/organization";
import { membershipHandler } from "../../provider/topology/membership";
import type { TestEmulator } from "../emulator/harness";
import { ATHENS, BERLIN, CAIRO, providerEmulator } from "./fixture";

jest.setTimeout(60_000);
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** What is left of a line once every tenant named in the formatter's way is taken out: no bare id may remain. */
const bareIds = (line: string) => line.replace(new RegExp(`\\S+ \\(([^()]*, )?${GUID.source}\\)`, "gi"), "<tenant>").match(GUID) ?? [];

describe("the formatter", () => {
  const ID = "00000be1-0000-4000-8000-000000000be1";

  test("alias, display name and the full id; whatever is known of them", () => {
    expect(nameOf("berlin", "Berlin", ID)).toBe(`berlin (Berlin, ${ID})`);
    expect(nameOf("berlin", undefined, ID)).toBe(`berlin (${ID})`);
    expect(nameOf(undefined, "Berlin", ID)).toBe(`Berlin (${ID})`);
    expect(nameOf(undefined, undefined, ID)).toBe(`tenant ${ID}`);
    expect(nameOf("berlin", null, undefined)).toBe("berlin");
    // A display name that only repeats the alias is not said twice; an empty one is no name.
    expect(nameOf("berlin", "berlin", ID)).toBe(`berlin (${ID})`);
    expect(nameOf(undefined, " ", ID)).toBe(`tenant ${ID}`);
  });

  test("tenantName fills in the alias from the configuration and the display name from what it learnt", () => {
    const CAIRO_ID = "11111111-0000-4000-8000-000000000001";
    const BERLIN_ID = "11111111-0000-4000-8000-000000000002";
    const OUTSIDE = "11111111-0000-4000-8000-000000000003";
    const tenants = { cairo: { tenantId: CAIRO_ID.toUpperCase(), auth: "azureCli" }, berlin: { tenantId: BERLIN_ID, auth: "azureCli" } };
    const ctx = ProviderContext.configure((key) => (key === "entra-mto:tenants" ? JSON.stringify(tenants) : undefined));
    const tenantName = ctx.tenantName.bind(ctx);
    const learnTenantName = ctx.learnTenantName.bind(ctx);

    // Nothing learnt yet: the alias and the id.
    expect(tenantName("cairo")).toBe(`cairo (${CAIRO_ID})`);
    expect(tenantName(CAIRO_ID.toUpperCase())).toBe(`cairo (${CAIRO_ID})`);
    expect(tenantName(OUTSIDE)).toBe(`tenant ${OUTSIDE}`);
    expect(tenantName("nobody")).toBe("nobody");

    // A fallback (an organization's name for its owner) names the tenant until a better name is known,
    // and never replaces one.
    learnTenantName("cairo", "Cairo group", { fallback: true });
    expect(tenantName(CAIRO_ID)).toBe(`cairo (Cairo group, ${CAIRO_ID})`);
    learnTenantName(CAIRO_ID, "Cairo");
    learnTenantName("cairo", "Cairo group", { fallback: true });
    expect(tenantName("cairo")).toBe(`cairo (Cairo, ${CAIRO_ID})`);

    // A tenant with no alias is named by its display name; a name given with the call wins.
    learnTenantName(OUTSIDE, "Contoso");
    expect(tenantName(OUTSIDE)).toBe(`Contoso (${OUTSIDE})`);
    expect(tenantName({ tenantId: BERLIN_ID, displayName: "Berlin" })).toBe(`berlin (Berlin, ${BERLIN_ID})`);
    expect(tenantName({ alias: "berlin" })).toBe(`berlin (${BERLIN_ID})`);

    // Values that are no names or no tenants are ignored.
    learnTenantName("berlin", "");
    learnTenantName("not-configured", "Somewhere");
    learnTenantName(undefined, "Nobody");
    expect(tenantName("berlin")).toBe(`berlin (${BERLIN_ID})`);

    // Names outlive a configure: a context configured after this one knows them, with other settings too;
    // configured again with the same settings, it is this very context.
    expect(ProviderContext.configure((key) => (key === "entra-mto:tenants" ? JSON.stringify(tenants) : undefined), ctx)).toBe(ctx);
    const next = ProviderContext.configure((key) => (key === "entra-mto:tenants" ? JSON.stringify({ cairo: tenants.cairo }) : undefined), ctx);
    expect(next).not.toBe(ctx);
    expect(next.tenantName("cairo")).toBe(`cairo (Cairo, ${CAIRO_ID})`);
    expect(next.tenantName(OUTSIDE)).toBe(`Contoso (${OUTSIDE})`);
  });
});

describe("against the emulator", () => {
  let em: TestEmulator;
  let lines: string[];
  let org: ReturnType<typeof organizationHandler>;
  let member: ReturnType<typeof memberHandler>;
  let join: ReturnType<typeof joinRequestHandler>;
  let membership: ReturnType<typeof membershipHandler>;
  beforeEach(async () => {
    const started = await providerEmulator();
    em = started;
    org = organizationHandler(started.ctx);
    member = memberHandler(started.ctx);
    join = joinRequestHandler(started.ctx);
    membership = membershipHandler(started.ctx);
    lines = [];
    jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await em?.dispose();
  });

  test("a join's progress lines name the joining tenant and the owner: alias, display name and id", async () => {
    await org.create({ tenant: "cairo", displayName: "Cairo" });
    await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
    await join.create!({ tenant: "berlin", addedByTenantId: CAIRO });

    const joinLines = lines.filter((l) => l.startsWith("[entra-mto] join of "));
    expect(joinLines.length).toBeGreaterThan(0);
    for (const line of joinLines) {
      expect(line).toMatch(new RegExp(`^\\[entra-mto\\] join of berlin \\(Berlin, ${BERLIN}\\) into the organization of cairo \\(Cairo, ${CAIRO}\\): \\S.* \\(\\d+ s\\)$`));
    }
    // The last line says what Graph reported when the join was done.
    expect(joinLines.at(-1)).toMatch(/: active \(\d+ s\)$/);
    for (const line of lines) expect(bareIds(line)).toEqual([]);
  });

  test("a first run of the topology names every tenant it mentions, the owner by its declared name", async () => {
    const members = { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" }, athens: { tenantId: ATHENS, displayName: "Athens", role: "member" } };
    const inputs = { tenant: "cairo", displayName: "Cairo group", ownerDisplayName: "Cairo", members };
    await membership.check!({} as never, inputs as never);
    await membership.create(inputs as never);

    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(bareIds(line)).toEqual([]);
    const cairo = `cairo \\(Cairo, ${CAIRO}\\)`;
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^\\[entra-mto\\] organization of ${cairo}: create the organization; add berlin \\(Berlin, ${BERLIN}\\); add athens \\(Athens, ${ATHENS}\\)`),
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[entra-mto\\] organization of ${cairo}: .* \\(\\d+ s\\)$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[entra-mto\\] join of athens \\(Athens, ${ATHENS}\\) into the organization of ${cairo}: .* \\(\\d+ s\\)$`)));
  });
});
