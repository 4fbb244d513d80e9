// Profiles and the time scale under the real clock: a realistic hour-long join, scaled down,
// passes through notStarted and running and completes on its own.
import { BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";
import { PROFILES } from "../../emulator/model/timing";

const MTO = "/tenantRelationships/multiTenantOrganization";
const SCALE = 0.0002; // 60 min join -> 720 ms; 3 min creation -> 36 ms

let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator({ manualClock: false, profile: "realistic", timeScale: SCALE });
});
afterAll(async () => em?.dispose());

test("a scaled realistic join runs through its states in scaled time", async () => {
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo" });
  await em.graph(CAIRO).api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  const started = Date.now();
  await em.graph(BERLIN).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  const seen = new Set<string>();
  for (;;) {
    const jr = await em.graph(BERLIN).api(`${MTO}/joinRequest`).get();
    if (jr.memberState === "active") break;
    seen.add(jr.transitionDetails.status);
    if (Date.now() - started > 10_000) throw new Error("join did not complete in 10 s");
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsed = Date.now() - started;
  expect(seen).toEqual(new Set(["notStarted", "running"]));
  expect(elapsed).toBeGreaterThanOrEqual(PROFILES.realistic.join * SCALE - 50);
});
