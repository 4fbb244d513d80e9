// Register entries of requests as such: routing, permissions, the error envelope, request bodies,
// query options on the MTO collections, $batch, and the Entra token endpoint.
import type { Behaviour } from "../register";
import { ANY, BATCH, BODY_ROUTES, CTS_BODY_ROUTES, PAGE, PARTNERS, PARTNER_COUNT, TENANTS, TENANT_COUNT, TOKEN } from "./routes";

const ALL_BODY_ROUTES = [...BODY_ROUTES, ...CTS_BODY_ROUTES];
const COUNT_ROUTES = [`GET ${TENANT_COUNT}`, `GET ${PARTNER_COUNT}`, "GET /users/$count"];

export const REQUEST_ENTRIES: Behaviour[] = [
  // ---- routing, permissions and errors ----
  {
    id: "permission-matrix",
    says: "Every Graph route demands the application permissions the docs list for it and answers 403 Authorization_RequestDenied to a token without them.",
    readme: "Each route requires the application permissions of the docs' matrix",
    evidence: "documented",
    source: PAGE.ctsConfigureGraph,
    routes: [ANY],
  },
  {
    id: "own-tenant-only",
    says: "A request reads and writes only the tenant its token was issued for.",
    readme: "acts on the caller's own tenant only",
    evidence: "assumed",
    routes: [ANY],
  },
  {
    id: "error-envelope",
    says: "Errors come as Graph's error object with code, message and an innerError holding date, request-id and client-request-id.",
    readme: "Errors use Graph's envelope with `innerError.date`",
    evidence: "documented",
    source: PAGE.errors,
    routes: [ANY],
    properties: ["error"],
  },
  {
    id: "request-id-header",
    says: "Every answer, success or failure, carries a request-id header.",
    readme: "every response carries `request-id`",
    evidence: "assumed",
    routes: [ANY],
  },
  {
    id: "unknown-paths",
    says: "A path Graph does not know under a version is a 400 BadRequest naming the segment it could not resolve, and a path outside /v1.0 and /beta (and the identity and admin endpoints) is a 404.",
    readme: "Unknown paths: 400 `BadRequest`",
    evidence: "assumed",
    routes: [ANY],
  },
  {
    id: "wrong-method",
    says: "A known path called with a method it lacks answers 405 with Request_BadRequest, as in the batching page's example.",
    readme: "known path, wrong method: 405",
    evidence: "documented",
    source: PAGE.batching,
    routes: [ANY],
  },
  {
    id: "odata-context",
    says: "@odata.context appears on the answers whose docs examples show it and is left off the others (partners, identity synchronization, the default, an inactive organization).",
    readme: "Responses carry `@odata.context` where the docs' examples do",
    evidence: "assumed",
    routes: [ANY],
    properties: ["@odata.context"],
  },
  {
    id: "unavailable-503",
    says: "A 503 carries the code serviceNotAvailable and a Retry-After header.",
    readme: "503 uses code `serviceNotAvailable` with `Retry-After`",
    evidence: "documented",
    source: PAGE.errors,
    routes: [ANY],
  },
  {
    id: "timeout-504",
    says: "A 504 carries the code UnknownError.",
    readme: "504 uses `UnknownError`",
    evidence: "assumed",
    routes: [ANY],
    properties: ["error.code"],
  },
  {
    id: "throttled-429",
    says: "A throttled request answers 429 TooManyRequests with a Retry-After header in seconds.",
    readme: "`throttle` (429 with `Retry-After: retryAfterSeconds`)",
    evidence: "documented",
    source: PAGE.throttling,
    routes: [ANY],
  },
  {
    id: "batch",
    says: "$batch runs up to 20 steps, honours dependsOn and fails the dependants of a failed step with 424.",
    readme: "424 for dependants of a failed step",
    evidence: "documented",
    source: PAGE.batching,
    routes: [`POST ${BATCH}`],
  },

  // ---- request bodies ----
  {
    id: "body-schema-check",
    says: "A body is checked at every depth against the type's schema, and all its problems come back at once in one 400 that names each property by its path.",
    readme: "Request bodies are checked against the types' schema",
    evidence: "assumed",
    routes: ALL_BODY_ROUTES,
  },
  {
    id: "body-names-case-sensitive",
    says: "Property names must match in case at any depth; a wrong one is reported as not existing on the type, with its path when nested.",
    readme: "Names are case-sensitive at every depth",
    evidence: "assumed",
    routes: ALL_BODY_ROUTES,
  },
  {
    id: "body-enums-case-sensitive",
    says: "Enum values must match in case, and unknownFutureValue is not accepted.",
    readme: "Enum values are case-sensitive and exclude `unknownFutureValue`",
    evidence: "assumed",
    routes: ALL_BODY_ROUTES,
  },
  {
    id: "target-rules",
    says: "Target lists are refused when empty, repeated, of the wrong target type for their half, given without accessType, or naming something that is neither a GUID nor a reserved keyword.",
    readme: "Target rules: `usersAndGroups` (and `users`) targets are of targetType user or group",
    evidence: "assumed",
    routes: BODY_ROUTES,
  },
  {
    id: "target-keywords",
    says: "The reserved targets are AllUsers for users and AllApplications, AllMicrosoftApps and Office365 for applications.",
    readme: "a keyword takes its own targetType",
    evidence: "documented",
    source: PAGE.policyTarget,
    routes: BODY_ROUTES,
  },
  {
    id: "read-only-ignored",
    says: "Read-only properties and instance annotations in a body are accepted and dropped whatever they say, a member's displayName counts only when it is added, and a tenantId in a PATCH or PUT must be the object's own (any case) or the request is a 400.",
    readme: "Read-only properties (`id`, `createdDateTime`",
    evidence: "assumed",
    routes: BODY_ROUTES,
  },
  {
    id: "odata-type-derived",
    says: "An @odata.type in a body must name the property's declared type or one derived from it.",
    readme: "`@odata.type` on an object must name its declared type or a derived one",
    evidence: "assumed",
    routes: ALL_BODY_ROUTES,
  },
  {
    id: "navigation-in-body-refused",
    says: "A navigation property in a body is a 400 that gives the URL where it is written, instead of being dropped.",
    readme: "Navigation properties in a body",
    evidence: "assumed",
    routes: ALL_BODY_ROUTES,
  },
  {
    id: "patch-replaces-complex",
    says: "A PATCH replaces a complex value entirely rather than merging it into the stored one.",
    readme: "A complex value is replaced whole by a PATCH, not merged",
    evidence: "assumed",
    routes: BODY_ROUTES.filter((r) => r.startsWith("PATCH ")),
  },

  // ---- queries on tenants and partners ----
  {
    id: "collection-filters",
    says: "Tenants filter with eq on role, state and tenantId joined by and (values compared without regard to case), partners on tenantId, isInMultiTenantOrganization and isServiceProvider; anything else is a 400 BadRequest that lists what is supported.",
    readme: "`$filter` on tenants: `eq` on `role`, `state` and `tenantId`",
    evidence: "assumed",
    routes: [`GET ${TENANTS}`, `GET ${TENANT_COUNT}`, `GET ${PARTNERS}`, `GET ${PARTNER_COUNT}`],
  },
  {
    id: "count",
    says: "A /$count segment answers 200 text/plain with the number of items left after $filter, $count=true adds @odata.count (counted before $top and $skip), and neither needs a ConsistencyLevel header.",
    readme: "`…/$count` answers 200 `text/plain` with the number",
    evidence: "assumed",
    routes: [...COUNT_ROUTES, `GET ${TENANTS}`, `GET ${PARTNERS}`],
  },
  {
    id: "collection-paging",
    says: "$top and $skip page through partners without ever returning @odata.nextLink, and are a 400 on tenants, where the CSDL declares them unsupported.",
    readme: "`$top`/`$skip` page partners",
    evidence: "assumed",
    routes: [`GET ${TENANTS}`, `GET ${PARTNERS}`],
  },

  // ---- Entra token endpoint ----
  {
    id: "token-errors",
    says: "A refused token request answers with Entra's error body (error, error_description opening with the AADSTS code, error_codes, trace and correlation ids): 700016 for an unknown app, 7000215 for a wrong secret, 7000229 for an app without consent in the tenant, 700024 for an expired assertion, 90002 for an unknown tenant.",
    readme: "Failures answer with Entra's body",
    evidence: "assumed",
    routes: [`POST ${TOKEN}`],
  },
  {
    id: "access-token-shape",
    says: "Access tokens are v2 JWTs issued by <url>/<tenant>/v2.0 for https://graph.microsoft.com, carrying roles, tid and appid, and valid for one hour.",
    readme: "Access tokens are v2-style",
    evidence: "assumed",
    routes: [`POST ${TOKEN}`],
    properties: ["access_token", "expires_in"],
  },
];
