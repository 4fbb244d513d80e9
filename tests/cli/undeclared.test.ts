// The drift report's scan for what Graph holds and the stack does not declare: a member added by
// hand is filed under the owner whose organization it is, whichever configured tenant lists it first.
import { DEFAULT_WORLD } from "../../emulator";
import { findUndeclared } from "../../cli/drift/undeclared";
import type { ProviderContext } from "../../provider/context";
import type { TestEmulator } from "../emulator/harness";
import { BERLIN, CAIRO, providerEmulator } from "../provider/fixture";

const MTO = "/tenantRelationships/multiTenantOrganization";
const SPARE = DEFAULT_WORLD.tenants.find((t) => t.displayName === "Spare 1")!.id;
let em: TestEmulator & { ctx: ProviderContext };
beforeAll(async () => {
  em = await providerEmulator();
});
afterAll(async () => em?.dispose());

test("a hand-added member is reported under its owner, not under the first tenant that sees it", async () => {
  await em.call(CAIRO, "PUT", MTO, { displayName: "Cairo" });
  await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: BERLIN, displayName: "Berlin" });
  await em.call(BERLIN, "PATCH", `${MTO}/joinRequest`, { addedByTenantId: CAIRO });
  for (let i = 0; i < 100 && (await em.call(BERLIN, "GET", `${MTO}/joinRequest`)).body.memberState !== "active"; i++) await new Promise((r) => setTimeout(r, 50));
  await em.call(CAIRO, "POST", `${MTO}/tenants`, { tenantId: SPARE, displayName: "Spare" });

  // Berlin, a member, lists the organization's tenants too, and comes first.
  expect([em.ctx.tenantIdOf("berlin"), em.ctx.tenantIdOf("cairo")]).toEqual([BERLIN, CAIRO]);
  const found = await findUndeclared(em.ctx, ["berlin", "cairo"], new Set([CAIRO, BERLIN]));
  expect(found.filter((o) => o.kind === "member")).toEqual([{ kind: "member", in: "cairo", tenantId: SPARE, detail: "Spare: member, pending" }]);
});
