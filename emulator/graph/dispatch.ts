// Matches a Graph request to its route, checks the caller's permissions, validates the body and
// shapes the answer (OData context, $select, error envelope). Used for direct requests and for
// each step of a $batch alike. No HTTP framework here: requests and responses are plain values.
import { randomUUID } from "node:crypto";
import type { Permission } from "../../contract/wire";
import { GraphError, forbidden } from "../model/errors";
import type { Ctx } from "../model/mto";
import type { EmulatorState } from "../model/state";
import { graphTime } from "../model/timing";
import { page, wantsCount } from "./query";
import type { GraphVersion } from "./schema";
import { validateBody } from "./validate";

export type { GraphVersion } from "./schema";

export interface Principal {
  tenantId: string;
  appId: string;
  roles: string[];
}

export interface GraphRequest {
  method: string;
  /** Path below the version segment, e.g. "/tenantRelationships/multiTenantOrganization". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface RouteContext {
  state: EmulatorState;
  ctx: Ctx;
  principal: Principal;
  version: GraphVersion;
  params: string[];
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** `https://host/{version}/$metadata#` for OData context annotations. */
  metadata: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** OData context fragment (after `$metadata#`); omitted where the docs' responses carry none. */
  context?: string;
  /** A plain-text answer (`$count`) instead of JSON. */
  text?: true;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Any one of these application permissions grants access. */
  permissions: Permission[];
  /** The Graph type the body is checked against (graph/schema.ts); absent = no body. */
  body?: { type: string };
  /** A collection: `$count=true` adds `@odata.count`; `$top`/`$skip` page it where the CSDL allows. */
  collection?: { name: string; pageable: boolean };
  /** The versions serving it; absent = both. */
  versions?: GraphVersion[];
  /** Whether the request changes state (persisted, and shown late under read-after-write lag). */
  write: boolean;
  handle(rc: RouteContext): RouteResult;
}

export function errorBody(code: string, message: string, clientRequestId: string, requestId: string) {
  return {
    error: {
      code,
      message,
      // Graph writes this date without a zone suffix or fractions.
      innerError: { date: graphTime(Date.now()).replace(/Z$/, ""), "request-id": requestId, "client-request-id": clientRequestId },
    },
  };
}

export function errorResponse(err: GraphError, req: Pick<GraphRequest, "headers">, requestId: string): GraphResponse {
  const clientRequestId = req.headers["client-request-id"] ?? requestId;
  return {
    status: err.status,
    headers: { "Content-Type": "application/json", "request-id": requestId, "client-request-id": clientRequestId, ...err.headers },
    body: errorBody(err.code, err.message, clientRequestId, requestId),
  };
}

function select(value: unknown, fields: string[] | undefined): unknown {
  if (!fields || typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => fields.includes(k) || k.startsWith("@odata")));
}

export function findRoute(routes: Route[], method: string, path: string, version: GraphVersion): { route: Route; params: string[] } | GraphError {
  let pathMatched = false;
  for (const route of routes) {
    if (route.versions && !route.versions.includes(version)) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: m.slice(1).map(decodeURIComponent) };
  }
  if (pathMatched) return new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  const segment = path.split("/").filter(Boolean).pop() ?? "";
  return new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
}

export interface DispatchInput {
  routes: Route[];
  state: EmulatorState;
  ctx: Ctx;
  principal: Principal;
  version: GraphVersion;
  baseUrl: string;
  request: GraphRequest;
}

/** Serves one Graph request against `state`; never throws for Graph-level errors. */
export function dispatch(input: DispatchInput, matched: { route: Route; params: string[] }): GraphResponse {
  const { request, principal } = input;
  const requestId = randomUUID();
  const clientRequestId = request.headers["client-request-id"] ?? requestId;
  try {
    const { route, params } = matched;
    if (!route.permissions.some((p) => principal.roles.includes(p))) {
      throw forbidden();
    }
    const body = route.body ? validateBody(route.body.type, request.body, { version: input.version, mode: route.method === "POST" ? "create" : "update" }) : {};
    const result = route.handle({
      state: input.state,
      ctx: input.ctx,
      principal,
      version: input.version,
      params,
      query: request.query,
      body,
      metadata: `${input.baseUrl}/${input.version}/$metadata#`,
    });
    const headers: Record<string, string> = { "request-id": requestId, "client-request-id": clientRequestId };
    if (result.body === undefined) return { status: result.status, headers };
    if (result.text) return { status: result.status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" }, body: String(result.body) };
    headers["Content-Type"] = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    // $select keeps the listed properties; expanded navigation properties stay alongside them.
    const list = (v?: string) =>
      v
        ?.split(",")
        .map((f) => f.trim())
        .filter(Boolean);
    const selected = list(request.query.$select);
    const fields = selected && [...selected, ...(list(request.query.$expand) ?? [])];
    let body2: unknown = result.body;
    if (Array.isArray(body2)) {
      const c = route.collection;
      const count = c && wantsCount(request.query) ? { "@odata.count": body2.length } : {};
      const items = c ? page(body2, request.query, c.pageable, c.name) : body2;
      body2 = { ...count, value: items.map((v) => select(v, fields)) };
    } else {
      body2 = select(body2, fields);
    }
    if (result.context) body2 = { "@odata.context": `${input.baseUrl}/${input.version}/$metadata#${result.context}`, ...(body2 as object) };
    return { status: result.status, headers, body: body2 };
  } catch (err) {
    if (err instanceof GraphError) return errorResponse(err, request, requestId);
    throw err;
  }
}
