// Asynchronous joins that fail for the documented reasons, faults of every kind, $batch, and a
// restart in the middle of a pending join.
import { ATHENS, BERLIN, CAIRO, DENVER, type TestEmulator, testEmulator } from "./harness";
import { DEFAULT_WORLD } from "../../emulator";
import { RetryHandlerOptions } from "@microsoft/microsoft-graph-client";

const MTO = "/tenantRelationships/multiTenantOrganization";
const OVERSIZE = DEFAULT_WORLD.tenants.find((t) => t.displayName === "Oversize")!.id;

let em: TestEmulator;
beforeEach(async () => {
  em = await testEmulator({ world: { ...DEFAULT_WORLD, limits: { maxActiveTenants: 2 } } });
});
afterEach(async () => em?.dispose());

async function joinStatus(tenantId: string) {
  return (await em.graph(tenantId).api(`${MTO}/joinRequest`).get()).transitionDetails;
}

test("joins fail asynchronously for each documented reason, and a reset clears the failure", async () => {
  const cairo = em.graph(CAIRO);
  await cairo.api(MTO).put({ displayName: "Cairo" });
  await cairo.api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  await cairo.api(`${MTO}/tenants`).post({ tenantId: ATHENS, displayName: "Athens" });
  await cairo.api(`${MTO}/tenants`).post({ tenantId: OVERSIZE, displayName: "Oversize" });
  await em.graph(DENVER).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO }); // never added
  await em.graph(OVERSIZE).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO }); // too many users
  await em.graph(BERLIN).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  await em.advance(2000);
  await em.graph(ATHENS).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO }); // limit of 2 reached
  await em.advance(2000);

  expect(await joinStatus(BERLIN)).toBeNull();
  expect(await joinStatus(DENVER)).toMatchObject({ status: "failed", details: expect.stringMatching(/not been added/) });
  expect(await joinStatus(OVERSIZE)).toMatchObject({ status: "failed", details: expect.stringMatching(/internal users/) });
  expect(await joinStatus(ATHENS)).toMatchObject({ status: "failed", details: expect.stringMatching(/maximum of 2 active tenants/) });

  // A failed request must be reset before a new one.
  const denver = em.graph(DENVER).api(`${MTO}/joinRequest`);
  await expect(denver.patch({ addedByTenantId: CAIRO })).rejects.toMatchObject({ statusCode: 400 });
  await denver.patch({ addedByTenantId: "00000000-0000-0000-0000-000000000000" });
  expect(await denver.get()).toMatchObject({ addedByTenantId: "00000000-0000-0000-0000-000000000000", memberState: null, transitionDetails: null });
});

test("a join into another organization fails: one organization per tenant", async () => {
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo" });
  await em.graph(BERLIN).api(MTO).put({ displayName: "Berlin's own" });
  await em.graph(CAIRO).api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  await em.graph(BERLIN).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  await em.advance(2000);
  expect(await joinStatus(BERLIN)).toMatchObject({ status: "failed", details: expect.stringMatching(/different multitenant organization/) });
});

test("an organization is never left without an owner, even with removals pending", async () => {
  const big = await testEmulator(); // the default world: no 2-tenant limit
  try {
    const cairo = big.graph(CAIRO);
    await cairo.api(MTO).put({ displayName: "Cairo" });
    await cairo.api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin", role: "owner" });
    await cairo.api(`${MTO}/tenants`).post({ tenantId: ATHENS, displayName: "Athens" });
    await big.advance(1000);
    for (const t of [BERLIN, ATHENS]) await big.graph(t).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
    await big.advance(2000);
    await cairo.api(`${MTO}/tenants/${CAIRO}`).delete(); // allowed: Berlin is another owner
    // Cairo's removal is pending: Berlin is now the only owner to count on.
    await expect(big.graph(BERLIN).api(`${MTO}/tenants/${BERLIN}`).patch({ role: "member" })).rejects.toMatchObject({ statusCode: 400 });
    await expect(big.graph(BERLIN).api(`${MTO}/tenants/${BERLIN}`).delete()).rejects.toMatchObject({ statusCode: 400 });
  } finally {
    await big.dispose();
  }
});

test("world files may spell tenant ids in upper case", async () => {
  const upper = {
    ...DEFAULT_WORLD,
    tenants: DEFAULT_WORLD.tenants.map((t) => ({ ...t, id: t.id.toUpperCase() })),
    apps: DEFAULT_WORLD.apps.map((a) => ({ ...a, grants: Object.fromEntries(Object.entries(a.grants).map(([k, v]) => [k.toUpperCase(), v])) })),
  };
  const other = await testEmulator({ world: upper });
  try {
    expect((await other.graph(CAIRO.toUpperCase()).api(MTO).get()).state).toBe("inactive");
  } finally {
    await other.dispose();
  }
});

test("a restart in the middle of a pending join resumes it", async () => {
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo" });
  await em.graph(CAIRO).api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  await em.advance(1000);
  await em.graph(BERLIN).api(`${MTO}/joinRequest`).patch({ addedByTenantId: CAIRO });
  await em.advance(200);
  const dataDir = em.dataDir;
  await em.emulator.persist();
  await em.stop();

  const again = await testEmulator({ dataDir, world: DEFAULT_WORLD });
  try {
    expect(again.emulator.clock.now()).toBe(em.emulator.clock.now());
    expect((await again.graph(BERLIN).api(`${MTO}/joinRequest`).get()).transitionDetails).toMatchObject({ status: "running" });
    await again.advance(1000);
    expect((await again.graph(BERLIN).api(`${MTO}/joinRequest`).get()).memberState).toBe("active");
  } finally {
    await again.dispose();
  }
});

async function setFaults(rules: object[]) {
  const r = await fetch(`${em.url}/_emulator/faults`, { method: "PUT", body: JSON.stringify({ seed: 7, rules }) });
  expect(r.status).toBe(200);
}

test("throttling answers 429 with Retry-After, and the Graph client's retry gets through", async () => {
  await setFaults([{ kind: "throttle", match: "^GET /tenantRelationships", rate: 1, retryAfterSeconds: 0, times: 1 }]);
  const raw = await fetch(`${em.url}/v1.0${MTO}`, { headers: { authorization: `Bearer ${(await em.credential(CAIRO).getToken("https://graph.microsoft.com/.default"))!.token}` } });
  expect(raw.status).toBe(429);
  expect(raw.headers.get("retry-after")).toBe("0");
  expect(((await raw.json()) as { error: unknown }).error).toMatchObject({ code: "TooManyRequests", innerError: { status: "429" } });
  expect((await em.graph(CAIRO).api(MTO).get()).state).toBe("inactive");
});

test.each([
  ["unavailable", 503, "serviceNotAvailable"],
  ["timeout", 504, "UnknownError"],
])("%s faults answer %d", async (kind, status, code) => {
  await setFaults([{ kind, match: "^GET ", rate: 1, times: 5 }]);
  await expect(
    em
      .graph(CAIRO)
      .api(MTO)
      .middlewareOptions([new RetryHandlerOptions(0, 0)])
      .get(),
  ).rejects.toMatchObject({ statusCode: status, code });
});

test("latency delays and dropped connections cut the request", async () => {
  await setFaults([{ kind: "latency", match: "^GET ", rate: 1, ms: 300, times: 1 }]);
  const t0 = Date.now();
  await em.graph(CAIRO).api(MTO).get();
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  await setFaults([{ kind: "drop", match: "^GET ", rate: 1, times: 1 }]);
  const token = (await em.credential(CAIRO).getToken("https://graph.microsoft.com/.default"))!.token;
  await expect(fetch(`${em.url}/v1.0${MTO}`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
});

test("read-after-write lag: a new member may read as 404 right after its POST", async () => {
  await em.graph(CAIRO).api(MTO).put({ displayName: "Cairo" });
  await setFaults([{ kind: "stale", match: "^GET .*/tenants/", rate: 1, ms: 5000, times: 1 }]);
  await em.graph(CAIRO).api(`${MTO}/tenants`).post({ tenantId: BERLIN, displayName: "Berlin" });
  await expect(em.graph(CAIRO).api(`${MTO}/tenants/${BERLIN}`).get()).rejects.toMatchObject({ statusCode: 404 });
  expect((await em.graph(CAIRO).api(`${MTO}/tenants/${BERLIN}`).get()).state).toBe("pending");
});

test("faults are reproducible from the seed", async () => {
  const draws = async () => {
    await setFaults([{ kind: "unavailable", match: "^GET ", rate: 0.5 }]);
    const token = (await em.credential(CAIRO).getToken("https://graph.microsoft.com/.default"))!.token;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(`${em.url}/v1.0${MTO}`, { headers: { authorization: `Bearer ${token}` } })).status);
    return statuses;
  };
  const first = await draws();
  expect(new Set(first)).toEqual(new Set([200, 503]));
  expect(await draws()).toEqual(first);
});

test("$batch runs up to 20 steps with dependsOn, each with its own status, headers and body", async () => {
  const cairo = em.graph(CAIRO);
  const result = await cairo.api("/$batch").post({
    requests: [
      { id: "1", method: "PUT", url: `${MTO}`, body: { displayName: "Batched" }, headers: { "Content-Type": "application/json" } },
      { id: "2", dependsOn: ["1"], method: "POST", url: `/v1.0${MTO}/tenants`, body: { tenantId: BERLIN, displayName: "Berlin" }, headers: { "Content-Type": "application/json" } },
      { id: "3", dependsOn: ["2"], method: "GET", url: `${MTO}/tenants?$select=tenantId,state` },
      { id: "4", method: "GET", url: "/no/such/thing" },
      { id: "5", dependsOn: ["4"], method: "GET", url: MTO },
    ],
  });
  const byId = Object.fromEntries(result.responses.map((r: { id: string }) => [r.id, r]));
  expect(byId["1"]).toMatchObject({ status: 201, headers: { "Content-Type": expect.stringContaining("application/json") }, body: { displayName: "Batched" } });
  expect(byId["2"].status).toBe(201);
  expect(byId["3"].body.value).toEqual(expect.arrayContaining([{ tenantId: BERLIN, state: "pending" }]));
  expect(byId["4"].status).toBe(400);
  expect(byId["5"].status).toBe(424);
  await expect(cairo.api("/$batch").post({ requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: MTO })) })).rejects.toMatchObject({
    statusCode: 400,
  });
});

test("Graph's envelope for malformed JSON, unknown properties, unknown paths and wrong methods", async () => {
  const token = (await em.credential(CAIRO).getToken("https://graph.microsoft.com/.default"))!.token;
  const call = async (method: string, p: string, body?: string) => {
    const r = await fetch(`${em.url}${p}`, { method, body, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "client-request-id": "abc" } });
    return { status: r.status, requestId: r.headers.get("request-id"), body: (await r.json()) as { error: { code: string; message: string; innerError: Record<string, string> } } };
  };
  const malformed = await call("PUT", `/v1.0${MTO}`, "{not json");
  expect(malformed).toMatchObject({ status: 400, body: { error: { code: "BadRequest", innerError: { "client-request-id": "abc" } } } });
  expect(malformed.requestId).toBe(malformed.body.error.innerError["request-id"]);
  expect(malformed.body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  const unknown = await call("PUT", `/beta${MTO}`, JSON.stringify({ displayName: "x", colour: "red" }));
  expect(unknown).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("'colour'") } } });
  expect((await call("GET", "/v1.0/tenantRelationships/nothingHere")).status).toBe(400);
  expect((await call("POST", `/v1.0${MTO}/joinRequest`, "{}")).status).toBe(405);
});
