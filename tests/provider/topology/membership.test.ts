// The membership resource against the emulator: outputs say what Graph shows (so a failed change
// or a hand edit is a change to apply), adoption never removes tenants the program has not heard
// of, and a failed update is recorded so the next run carries on.
import { membershipHandler } from "../../../provider/topology/membership";
import { DEFAULT_WORLD } from "../../../emulator";
import type { TestEmulator } from "../../emulator/harness";
import { BERLIN, CAIRO, DENVER, calls, contextFrom, providerEmulator, tenantsConfig } from "../fixture";

jest.setTimeout(60_000);
const MTO = "/tenantRelationships/multiTenantOrganization";
const OVERSIZE = DEFAULT_WORLD.tenants.find((t) => t.displayName === "Oversize")!.id;
let em: TestEmulator;
let membership: ReturnType<typeof membershipHandler>;
beforeEach(async () => {
  em = await providerEmulator();
  const config = tenantsConfig(em.url, { cairo: CAIRO, berlin: BERLIN, denver: DENVER, oversize: OVERSIZE });
  membership = membershipHandler(contextFrom(config));
});
afterEach(async () => em?.dispose());

const inputs = (members: Record<string, { tenantId: string; displayName: string; role: "owner" | "member" }>, displayName = "Cairo") => ({ tenant: "cairo", displayName, members });
const berlin = { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" as const } };

test("from nothing to active; a name changed by hand is drift, read from Graph", async () => {
  const created = await membership.create(inputs(berlin) as never);
  expect(created.outs).toMatchObject({ converged: true, state: "active", members: { berlin: { state: "active", role: "member" } } });
  await em.graph(CAIRO).api(MTO).patch({ displayName: "Renamed by hand" });
  const read = await membership.read!(created.id, created.outs as never);
  expect(read.props).toMatchObject({ displayName: "Renamed by hand" });
  expect(await membership.diff!(created.id, read.props as never, inputs(berlin) as never)).toMatchObject({ changes: true, replaces: [] });
  const repaired = await membership.update!(created.id, read.props as never, inputs(berlin) as never);
  expect(repaired.outs).toMatchObject({ displayName: "Cairo", converged: true });
});

test("adopting an organization with tenants the program does not declare is refused before any write", async () => {
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo" });
  await em.graph(CAIRO).api(`${MTO}/tenants`).post({ tenantId: DENVER, displayName: "Denver" });
  em.emulator.clearLog();
  await expect(membership.create(inputs(berlin) as never)).rejects.toThrow(
    new RegExp(`^the organization of cairo \\(Cairo, ${CAIRO}\\) already has tenants this topology does not declare: denver \\(Denver, ${DENVER}\\)\\..*Declare them in tenants`),
  );
  expect(em.emulator.log.filter((e) => e.method !== "GET" && /^\/(tenantRelationships|policies)\//.test(e.path))).toEqual([]);
});

test("a failed update is recorded as not converged, so the fixed program is applied by a plain up", async () => {
  const created = await membership.create(inputs(berlin) as never);
  const withOversize = inputs({ ...berlin, oversize: { tenantId: OVERSIZE, displayName: "Oversize", role: "member" } });
  const failed = await membership.update!(created.id, created.outs as never, withOversize as never).catch((e) => e);
  expect(failed.message).toMatch(new RegExp(`oversize \\(Oversize, ${OVERSIZE}\\): .*internal users`));
  expect(failed.properties).toMatchObject({ converged: false });
  // Back to the previous program: the recorded state still differs from Graph, so up applies it.
  expect(await membership.diff!(created.id, failed.properties, inputs(berlin) as never)).toMatchObject({ changes: true });
  const fixed = await membership.update!(created.id, failed.properties, inputs(berlin) as never);
  expect(fixed.outs).toMatchObject({ converged: true });
  expect((await em.graph(CAIRO).api(`${MTO}/tenants`).get()).value.map((m: { tenantId: string }) => m.tenantId).sort()).toEqual([BERLIN, CAIRO].sort());
  expect(calls(em, `DELETE ${MTO}/tenants/{id}`)).toBe(1);
});
