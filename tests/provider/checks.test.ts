// check and diff of each resource, without Graph: every failure reported at once naming its
// property, unknown values tolerated at preview, and what updates versus what replaces.
import { UNKNOWN } from "../../provider/inputs/common";
import { joinRequestHandler } from "../../provider/resources/organization/join-request";
import { memberHandler } from "../../provider/resources/organization/member";
import { organizationHandler } from "../../provider/resources/organization/organization";
import { membershipHandler } from "../../provider/topology/membership";
import { contextFrom, tenantsConfig } from "./fixture";

const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
const BERLIN = "00000be1-0000-4000-8000-000000000be1";
let org: ReturnType<typeof organizationHandler>;
let member: ReturnType<typeof memberHandler>;
let join: ReturnType<typeof joinRequestHandler>;
let membership: ReturnType<typeof membershipHandler>;
beforeEach(() => {
  const ctx = contextFrom(tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN }));
  org = organizationHandler(ctx);
  member = memberHandler(ctx);
  join = joinRequestHandler(ctx);
  membership = membershipHandler(ctx);
});
const props = (failures: { property: string }[] | undefined) => (failures ?? []).map((f) => f.property);

test("organization: all failures together", async () => {
  const r = await org.check!({} as never, { tenant: "nowhere", displayName: " ", description: 5, wait: "soon", timeouts: { create: "ten minutes" } } as never);
  expect(props(r.failures)).toEqual(["tenant", "wait", "timeouts.create", "displayName", "description"]);
  expect(r.failures![0].reason).toMatch(/'nowhere' is not configured under entra-mto:tenants/);
});

test("member and join request: GUIDs, roles and the reset id are refused with reasons", async () => {
  const m = await member.check!({} as never, { tenant: "cairo", memberTenantId: "berlin", displayName: "", role: "admin" } as never);
  expect(props(m.failures)).toEqual(["memberTenantId", "displayName", "role"]);
  const j = await join.check!({} as never, { tenant: "berlin", addedByTenantId: "00000000-0000-0000-0000-000000000000" } as never);
  expect(j.failures).toEqual([{ property: "addedByTenantId", reason: expect.stringMatching(/all-zero id resets a join/) }]);
  expect((await member.check!({} as never, { tenant: "cairo", memberTenantId: BERLIN.toUpperCase(), displayName: "B" } as never)).inputs).toMatchObject({ memberTenantId: BERLIN });
});

test("values unknown at preview pass check", async () => {
  const r = await join.check!({} as never, { tenant: "berlin", addedByTenantId: UNKNOWN } as never);
  expect(r.failures).toEqual([]);
});

test("a configuration problem is reported by check, at preview, on the tenant property", async () => {
  const misconfigured = organizationHandler(contextFrom({ "entra-mto:cloud": "AzureUSGovernment" }));
  const r = await misconfigured.check!({} as never, { tenant: "cairo", displayName: "x" } as never);
  expect(r.failures).toContainEqual({ property: "tenant", reason: expect.stringMatching(/global cloud/) });
});

test("diff: what updates in place and what replaces", async () => {
  const m = { tenant: "cairo", ownerTenantId: CAIRO, memberTenantId: BERLIN, displayName: "Berlin", role: "member", converged: true } as never;
  expect(await member.diff!("id", m, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" } as never)).toEqual({
    changes: false,
    replaces: [],
    deleteBeforeReplace: false,
  });
  expect(await member.diff!("id", m, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin", role: "owner" } as never)).toMatchObject({ changes: true, replaces: [] });
  expect(await member.diff!("id", m, { tenant: "berlin", memberTenantId: CAIRO, displayName: "Cairo" } as never)).toMatchObject({
    replaces: ["tenant", "memberTenantId"],
    deleteBeforeReplace: true,
  });
  const o = { tenant: "cairo", tenantId: CAIRO, displayName: "A", state: "active", converged: true } as never;
  expect(await org.diff!(CAIRO, o, { tenant: "cairo", displayName: "B" } as never)).toMatchObject({ changes: true, replaces: [] });
  expect(await org.diff!(CAIRO, { ...(o as object), converged: false } as never, { tenant: "cairo", displayName: "A" } as never)).toMatchObject({ changes: true });
  const j = { tenant: "berlin", tenantId: BERLIN, addedByTenantId: CAIRO, memberState: "active" } as never;
  expect(await join.diff!(BERLIN, j, { tenant: "berlin", addedByTenantId: CAIRO } as never)).toMatchObject({ changes: false });
  expect(await join.diff!(BERLIN, { ...(j as object), memberState: "pending" } as never, { tenant: "berlin", addedByTenantId: CAIRO } as never)).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await join.diff!(BERLIN, j, { tenant: "berlin", addedByTenantId: BERLIN } as never)).toMatchObject({ replaces: ["addedByTenantId"] });
  // A member added again (new addedDateTime) means joining again; unknown at preview is not a change yet.
  const tied = { ...(j as object), memberAddedDateTime: "2026-01-01T00:00:00Z" } as never;
  expect(await join.diff!(BERLIN, tied, { tenant: "berlin", addedByTenantId: CAIRO, memberAddedDateTime: "2026-02-01T00:00:00Z" } as never)).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await join.diff!(BERLIN, tied, { tenant: "berlin", addedByTenantId: CAIRO, memberAddedDateTime: UNKNOWN } as never)).toMatchObject({ changes: false });
});

describe("a new name for a tenant of the organization is refused at preview, never a departure and a join", () => {
  test("member: the check names the property, why, and the deliberate way", async () => {
    const olds = { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" };
    const r = await member.check!(olds as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin GmbH" } as never);
    expect(r.failures).toEqual([{ property: "displayName", reason: expect.stringMatching(/Graph cannot rename a tenant.*leaving and joining again.*remove this resource/) }]);
    // Another tenant under the resource is a replacement, not a rename; a first declaration has no old name.
    expect((await member.check!(olds as never, { tenant: "cairo", memberTenantId: CAIRO, displayName: "Cairo" } as never)).failures).toEqual([
      { property: "memberTenantId", reason: expect.stringMatching(/owner tenant/) },
    ]);
    expect((await member.check!({} as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin GmbH" } as never)).failures).toEqual([]);
  });

  test("membership: the check names the member's property", async () => {
    const olds = { tenant: "cairo", displayName: "Org", members: { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" } } };
    const news = { tenant: "cairo", displayName: "Org", members: { berlin: { tenantId: BERLIN, displayName: "Berlin GmbH", role: "member" } } };
    const r = await membership.check!(olds as never, news as never);
    expect(r.failures).toEqual([
      { property: "members.berlin.displayName", reason: expect.stringMatching(/'Berlin' would become 'Berlin GmbH'.*remove 'berlin' from the program/) },
    ]);
    expect((await membership.check!(olds as never, olds as never)).failures).toEqual([]);
  });

  test("membership: a tenant the program does not declare is named in the preview as a departure", async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      const DENVER = "00000de1-0000-4000-8000-000000000de1";
      const olds = {
        tenant: "cairo",
        tenantId: CAIRO,
        displayName: "Org",
        converged: true,
        members: { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" }, [DENVER]: { tenantId: DENVER, displayName: "Denver", role: "member" } },
      };
      const news = { tenant: "cairo", displayName: "Org", members: { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" } } };
      expect(await membership.diff!(CAIRO, olds as never, news as never)).toMatchObject({ changes: true });
      expect(lines).toEqual([
        expect.stringMatching(new RegExp(`Denver \\(${DENVER}\\), added outside this program, will leave the organization at the next \`pulumi up --refresh\``)),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});

test("a provider used before it was configured says so, rather than acting on empty settings", () => {
  // Only the faces keep a context: the dynamic-provider process and the plugin, each before its configure.
  jest.isolateModules(() => {
    const dynamic = require("../../provider/handlers") as typeof import("../../provider/handlers");
    expect(() => dynamic.handler("MultiTenantOrganization")).toThrow(/used before it was configured/);
    const plugin = require("../../provider/plugin/configure") as typeof import("../../provider/plugin/configure");
    expect(() => plugin.pluginContext()).toThrow(/used before it was configured/);
  });
});

test("check learns nothing: a tenant's name comes from what an operation sees, not from a preview", async () => {
  const ctx = contextFrom(tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN }));
  await memberHandler(ctx).check!({} as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin GmbH" } as never);
  expect(ctx.tenantName(BERLIN)).toBe(`berlin (${BERLIN})`);
});
