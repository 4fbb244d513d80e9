// The Graph client layer's HTTP edge cases, with nock standing in for Graph: retries and
// Retry-After, network errors, read-after-write 404s, and the classification of each error.
import type { TokenCredential } from "@azure/identity";
import nock from "nock";
import { GraphClient } from "../../provider/graph/client";
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
  nock(HOST, { reqheaders: { authorization: "Bearer t0ken" } }).get(`/v1.0${PATH}`).reply(200, { state: "inactive" });
  expect(await client().call({ method: "GET", path: PATH, permissions: [] })).toEqual({ state: "inactive" });
});

test("429 is retried after the Retry-After Graph asked for", async () => {
  nock(HOST).get(`/v1.0${PATH}`).reply(429, graphError("TooManyRequests"), { "Retry-After": "1" });
  nock(HOST).get(`/v1.0${PATH}`).reply(200, { state: "active" });
  const t0 = Date.now();
  expect(await client().call({ method: "GET", path: PATH, permissions: [] })).toEqual({ state: "active" });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
});

test("503, 504 and network errors are retried; the last failure is reported when retries run out", async () => {
  nock(HOST).get(`/v1.0${PATH}`).reply(503, graphError("serviceNotAvailable"));
  nock(HOST).get(`/v1.0${PATH}`).replyWithError("socket hang up");
  nock(HOST).get(`/v1.0${PATH}`).reply(504, graphError("UnknownError"));
  nock(HOST).get(`/v1.0${PATH}`).reply(200, { ok: true });
  expect(await client().call({ method: "GET", path: PATH, permissions: [] })).toEqual({ ok: true });

  nock(HOST).get(`/v1.0${PATH}`).times(4).reply(503, graphError("serviceNotAvailable", "busy"));
  await expect(client().call({ method: "GET", path: PATH, permissions: [] })).rejects.toMatchObject({ status: 503, kind: "retryable" });
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
  const err = (await client().call({ method: "PUT", path: PATH, body: {}, permissions: ["MultiTenantOrganization.ReadWrite.All"] }).catch((e) => e)) as GraphRequestError;
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
