// The Graph client layer's HTTP edge cases, with nock standing in for Graph: retries and
// Retry-After, network errors, read-after-write 404s, and the classification of each error.
import type { TokenCredential } from "@azure/identity";
import nock from "nock";
import { DEFAULT_RETRY, GraphClient, retryPolicyFromEnv } from "../../provider/graph/client";
import { withDeadline } from "../../provider/graph/deadline";
import { GraphRequestError } from "../../provider/graph/errors";

const HOST = "https://graph.example.test";
const credential: TokenCredential = { getToken: async () => ({ token: "t0ken", expiresOnTimestamp: Date.now() + 3600_000 }) };
const client = () => new GraphClient({ credential, endpoint: HOST, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 1500 } });
const PATH = "/tenantRelationships/multiTenantOrganization";
const graphError = (code: string, message = "m") => ({ error: { code, message, innerError: { "request-id": "rid-1", date: "2026-01-01T00:00:00" } } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test("sends the bearer token and returns the body", async () => {
  nock(HOST, { reqheaders: { authorization: "Bearer t0ken" } })
    .get(`/v1.0${PATH}`)
    .reply(200, { state: "inactive" });
  expect(await client().call({ method: "GET", path: PATH, permissions: [] })).toEqual({ state: "inactive" });
});

test("429 is retried after the Retry-After Graph asked for", async () => {
  nock(HOST).get(`/v1.0${PATH}`).reply(429, graphError("TooManyRequests"), { "Retry-After": "1" });
  nock(HOST).get(`/v1.0${PATH}`).reply(200, { state: "active" });
  const t0 = Date.now();
  expect(await client().call({ method: "GET", path: PATH, permissions: [] })).toEqual({ state: "active" });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
});

test("503, 504 and network errors are retried; network errors are counted out, the last one reported", async () => {
  nock(HOST).get(`/v1.0${PATH}`).reply(503, graphError("serviceNotAvailable"));
  nock(HOST).get(`/v1.0${PATH}`).replyWithError("socket hang up");
  nock(HOST).get(`/v1.0${PATH}`).reply(504, graphError("UnknownError"));
  nock(HOST).get(`/v1.0${PATH}`).reply(200, { ok: true });
  expect(await client().call({ method: "GET", path: PATH, permissions: [] })).toEqual({ ok: true });

  nock(HOST).get(`/v1.0${PATH}`).times(4).replyWithError("socket hang up");
  await expect(client().call({ method: "GET", path: PATH, permissions: [] })).rejects.toMatchObject({ status: -1, kind: "retryable" });
  expect(nock.isDone()).toBe(true);
});

describe("throttling is waited out until the operation's deadline, not counted out", () => {
  const busy = (status: number) => (status === 429 ? graphError("TooManyRequests", "slow down") : graphError("serviceNotAvailable", "busy"));

  test.each([429, 503])("%d twelve times in a row, with three retries allowed: the call still succeeds inside its operation", async (status) => {
    nock(HOST).get(`/v1.0${PATH}`).times(12).reply(status, busy(status), { "Retry-After": "0" });
    nock(HOST).get(`/v1.0${PATH}`).reply(200, { state: "active" });
    const lines: string[] = [];
    const g = new GraphClient({ credential, endpoint: HOST, retry: { retries: 3, minDelayMs: 5, maxDelayMs: 10, busyReportMs: 0 } });
    const result = await withDeadline(
      Date.now() + 60_000,
      (l) => lines.push(l),
      () => g.call({ method: "GET", path: PATH, permissions: [] }),
    );
    expect(result).toEqual({ state: "active" });
    expect(nock.isDone()).toBe(true);
    // The wait is said, with what Graph answered and how long the call may keep asking.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(new RegExp(`Graph is (throttling|unavailable for) GET ${PATH} \\(${status}\\) for \\d+ s; asking again in \\d+ s, for up to \\d+ s more`));
  });

  test("past the deadline the last answer is reported with what was done and what to do", async () => {
    let attempts = 0;
    nock(HOST)
      .get(`/v1.0${PATH}`)
      .times(1000)
      .reply(() => {
        attempts += 1;
        return [429, busy(429), { "Retry-After": "0" }];
      });
    const g = new GraphClient({ credential, endpoint: HOST, retry: { retries: 1, minDelayMs: 5, maxDelayMs: 20 } });
    const err = (await withDeadline(Date.now() + 400, undefined, () => g.call({ method: "GET", path: PATH, permissions: [] })).catch((e) => e)) as GraphRequestError;
    expect(err).toBeInstanceOf(GraphRequestError);
    expect(err).toMatchObject({ status: 429, kind: "retryable" });
    expect(err.message).toMatch(/Graph kept asking for time for \d+ s, until the operation's timeout; run again later, or give the resource longer `timeouts`/);
    // Far more attempts than the count other failures get.
    expect(attempts).toBeGreaterThan(3);
  });
});

test("a 404 right after a write is retried within the grace period, and reported after it", async () => {
  nock(HOST).get(`/v1.0${PATH}/tenants/x`).reply(404, graphError("Directory_ObjectNotFound"));
  nock(HOST).get(`/v1.0${PATH}/tenants/x`).reply(200, { tenantId: "x" });
  expect(await client().call({ method: "GET", path: `${PATH}/tenants/x`, permissions: [], notFoundGraceMs: 5000 })).toEqual({ tenantId: "x" });
  nock(HOST).get(`/v1.0${PATH}/tenants/x`).reply(404, graphError("Directory_ObjectNotFound"));
  await expect(client().call({ method: "GET", path: `${PATH}/tenants/x`, permissions: [] })).rejects.toMatchObject({ kind: "notFound", status: 404 });
});

test.each([
  [400, "Request_BadRequest", "Tenant is already being added in Multi-Tenant Organization.", "conflict"],
  [409, "Request_MultipleObjectsWithSameKeyValue", "exists", "conflict"],
  [400, "Request_BadRequest", "Property 'x' does not exist", "invalid"],
  [401, "InvalidAuthenticationToken", "expired", "unauthorized"],
  [404, "Request_ResourceNotFound", "gone", "notFound"],
])("%d %s is classified %s, not retried", async (status, code, message, kind) => {
  nock(HOST).patch(`/v1.0${PATH}`).once().reply(status, graphError(code, message));
  await expect(client().call({ method: "PATCH", path: PATH, body: {}, permissions: [] })).rejects.toMatchObject({ kind, status, code });
});

test("403 names the operation, Graph's code, the request id and the permission needed", async () => {
  nock(HOST).put(`/v1.0${PATH}`).reply(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
  const err = (await client()
    .call({ method: "PUT", path: PATH, body: {}, permissions: ["MultiTenantOrganization.ReadWrite.All"] })
    .catch((e) => e)) as GraphRequestError;
  expect(err).toBeInstanceOf(GraphRequestError);
  expect(err.kind).toBe("forbidden");
  expect(err.message).toMatch(/^PUT \/tenantRelationships\/multiTenantOrganization failed: 403 Authorization_RequestDenied/);
  expect(err.message).toContain("MultiTenantOrganization.ReadWrite.All");
  expect(err.message).toContain("request-id rid-1");
});

test("a credential that cannot get a token fails at once as unauthorized, not as a network error", async () => {
  let attempts = 0;
  const failing: TokenCredential = {
    getToken: async () => {
      attempts += 1;
      const err = new Error("ClientSecretCredential: AADSTS7000215: Invalid client secret provided.");
      err.name = "AuthenticationError";
      throw err;
    },
  };
  const err = (await new GraphClient({ credential: failing, endpoint: HOST, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 20 } })
    .call({ method: "GET", path: PATH, permissions: [] })
    .catch((e: unknown) => e)) as GraphRequestError;
  expect(err).toMatchObject({ kind: "unauthorized" });
  expect(err.message).toMatch(/could not get a token/);
  expect(attempts).toBe(1);
});

describe("writes after an ambiguous outcome", () => {
  const write = (applied: () => Promise<boolean>) => client().call({ method: "POST", path: `${PATH}/tenants`, body: {}, permissions: [], applied });
  const confirming = () => new GraphClient({ credential, endpoint: HOST, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 20, confirmMs: 60 } });

  test("a dropped or 5xx write that Graph shows applied is not sent again", async () => {
    for (const reply of [(s: nock.Interceptor) => s.replyWithError("socket hang up"), (s: nock.Interceptor) => s.reply(504, graphError("UnknownError"))]) {
      reply(nock(HOST).post(`/v1.0${PATH}/tenants`));
      let checks = 0;
      expect(
        await write(async () => {
          checks += 1;
          return true;
        }),
      ).toBeUndefined();
      expect(checks).toBe(1);
      expect(nock.isDone()).toBe(true);
    }
  });

  test("one Graph does not show is sent again once the confirmation window has passed; a 429 is never in doubt", async () => {
    nock(HOST).post(`/v1.0${PATH}/tenants`).reply(503, graphError("serviceNotAvailable"));
    nock(HOST).post(`/v1.0${PATH}/tenants`).reply(201, { tenantId: "x" });
    const t0 = Date.now();
    let checks = 0;
    const g = confirming();
    expect(await g.call({ method: "POST", path: `${PATH}/tenants`, body: {}, permissions: [], applied: async () => (checks++, false) })).toEqual({ tenantId: "x" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(checks).toBeGreaterThan(1);

    nock(HOST).post(`/v1.0${PATH}/tenants`).reply(429, graphError("TooManyRequests"), { "Retry-After": "0" });
    nock(HOST).post(`/v1.0${PATH}/tenants`).reply(201, { tenantId: "y" });
    checks = 0;
    expect(await g.call({ method: "POST", path: `${PATH}/tenants`, body: {}, permissions: [], applied: async () => (checks++, true) })).toEqual({ tenantId: "y" });
    expect(checks).toBe(0);
  });

  test("a refusal of the write sent again is judged by Graph's state: our own earlier success", async () => {
    // Behind Graph's lag the checks see nothing for the whole confirmation window, so the DELETE
    // goes again and is refused; by then Graph shows the first one's effect.
    let resent = false;
    nock(HOST).delete(`/v1.0${PATH}/tenants/x`).replyWithError("socket hang up");
    nock(HOST)
      .delete(`/v1.0${PATH}/tenants/x`)
      .reply(() => {
        resent = true;
        return [400, graphError("Request_BadRequest", "The tenant is not part of a multi-tenant organization.")];
      });
    const applied = async () => resent;
    await expect(confirming().call({ method: "DELETE", path: `${PATH}/tenants/x`, permissions: [], applied })).resolves.toBeUndefined();
    expect(nock.isDone()).toBe(true);

    // A refusal without an ambiguous attempt before it is the caller's to judge.
    nock(HOST).delete(`/v1.0${PATH}/tenants/x`).reply(400, graphError("Request_BadRequest", "Owner tenants cannot be removed"));
    await expect(confirming().call({ method: "DELETE", path: `${PATH}/tenants/x`, permissions: [], applied: async () => true })).rejects.toMatchObject({ status: 400 });
  });

  test("the retry policy takes overrides from the environment, and keeps the defaults otherwise", () => {
    expect(
      retryPolicyFromEnv({ ENTRA_MTO_RETRIES: "9", ENTRA_MTO_RETRY_MIN_MS: "5", ENTRA_MTO_RETRY_AFTER_MAX_MS: "50", ENTRA_MTO_CONFIRM_MS: "300", ENTRA_MTO_RETRY_MAX_MS: "x" }),
    ).toEqual({
      retries: 9,
      minDelayMs: 5,
      maxRetryAfterMs: 50,
      confirmMs: 300,
    });
    expect(retryPolicyFromEnv({})).toEqual({});
    expect(DEFAULT_RETRY).toEqual({ retries: 6, minDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, confirmMs: 5_000, busyReportMs: 5_000 });
  });
});
