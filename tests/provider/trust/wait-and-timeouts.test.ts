// `wait` and `timeouts` on the trust resources mean what they say. Graph stores a setting at once but
// may answer reads from its earlier state for a while: `converged` (the default) reads until Graph
// shows what was written, `accepted` returns after one read. `timeouts` bounds each operation,
// Graph's throttling included: a throttled write is asked again until then, not for a fixed count.
import { setTimeout as sleep } from "node:timers/promises";
import { graphFailureOf } from "../../../provider/operations/errors";
import { partnerHandler } from "../../../provider/resources/trust/partner";
import { CAIRO, DENVER, providerEmulator } from "../fixture";

jest.setTimeout(60_000);
const PARTNERS = "/policies/crossTenantAccessPolicy/partners";
let em: Awaited<ReturnType<typeof providerEmulator>>;
let partner: ReturnType<typeof partnerHandler>;
beforeEach(async () => {
  // Quick retries, read when the provider's clients are built.
  process.env.ENTRA_MTO_RETRY_MIN_MS = "20";
  process.env.ENTRA_MTO_RETRY_MAX_MS = "100";
  em = await providerEmulator();
  partner = partnerHandler(em.ctx);
});
afterEach(async () => {
  delete process.env.ENTRA_MTO_RETRY_MIN_MS;
  delete process.env.ENTRA_MTO_RETRY_MAX_MS;
  em.emulator.faults.clear();
  await em?.dispose();
});

const declared = (isMfaAccepted: boolean, extra: object = {}) => ({ tenant: "cairo", partnerTenantId: DENVER, inboundTrust: { isMfaAccepted }, ...extra });
const partnerReads = () => em.emulator.log.filter((e) => e.method === "GET" && e.path === `${PARTNERS}/${DENVER}`);

/** A partner that does not accept MFA, then reads answered from the state before each write for 400 ms. */
async function withStaleReads() {
  const created = await partner.create(declared(false) as never);
  await sleep(500); // past the window of the create itself
  em.emulator.setFaults({ seed: 1, rules: [{ kind: "stale", match: `^GET ${PARTNERS}/`, rate: 1, ms: 400 }] });
  em.emulator.clearLog();
  return created;
}

test("wait converged (the default): the outputs show what was written, though Graph's reads lag behind it", async () => {
  const created = await withStaleReads();
  const updated = await partner.update!(created.id, created.outs as never, declared(true) as never);
  expect(updated.outs).toMatchObject({ inboundTrust: { isMfaAccepted: true } });
  // It read until Graph showed it: the stale answers first, then the written one.
  expect(partnerReads().length).toBeGreaterThan(1);
  expect(partnerReads().some((e) => e.faults?.includes("stale"))).toBe(true);
});

test("wait accepted: done once Graph took the write, after a single read", async () => {
  const created = await withStaleReads();
  await partner.update!(created.id, created.outs as never, declared(true, { wait: "accepted" }) as never);
  expect(partnerReads()).toHaveLength(2); // the read before the write, and one after
  em.emulator.faults.clear();
  expect(await em.graph(CAIRO).api(`${PARTNERS}/${DENVER}`).get()).toMatchObject({ inboundTrust: { isMfaAccepted: true } });
});

test("timeouts: a write Graph keeps throttling is asked again until the operation's timeout, then fails saying so", async () => {
  const created = await partner.create(declared(false) as never);
  em.emulator.setFaults({ seed: 1, rules: [{ kind: "throttle", match: `^PATCH ${PARTNERS}/`, rate: 1, retryAfterSeconds: 0 }] });
  em.emulator.clearLog();
  const err = await partner.update!(created.id, created.outs as never, declared(true, { timeouts: { update: "2s" } }) as never).then(
    () => new Error("the update succeeded"),
    (e: Error) => e,
  );
  expect(err.message).toMatch(/PATCH .*partners.* failed: 429 .*Graph kept asking for time for \d+ s, until the operation's timeout/);
  // More attempts than the six retries other failures get.
  expect(em.emulator.log.filter((e) => e.method === "PATCH").length).toBeGreaterThan(7);
});

test("a failure says what was being done, and keeps Graph's error as its cause", async () => {
  const created = await partner.create(declared(false) as never);
  em.emulator.setFaults({ seed: 1, rules: [{ kind: "throttle", match: `^PATCH ${PARTNERS}/`, rate: 1, retryAfterSeconds: 0 }] });
  const err = (await partner.update!(created.id, created.outs as never, declared(true, { timeouts: { update: "1s" } }) as never).catch((e) => e)) as Error;
  expect(err.message).toMatch(/^updating the partner configuration for .* in cairo .*: PATCH .* failed: 429/);
  expect(graphFailureOf(err)).toMatchObject({ kind: "retryable", status: 429, code: expect.any(String) });
});
