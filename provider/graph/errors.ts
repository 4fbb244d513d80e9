// One error type for every failed Graph call, classified so handlers can decide what to do and
// users can read what happened, to which object, and what to change.

export type GraphErrorKind = "retryable" | "notFound" | "conflict" | "forbidden" | "unauthorized" | "invalid" | "unknown";

/**
 * Names @azure/identity gives its failures to get a token, which the Graph client passes on as the
 * error's code (status -1): getting a token again will not fix them, so they are not retried.
 */
export const CREDENTIAL_ERROR_NAMES: readonly string[] = ["AuthenticationError", "CredentialUnavailableError", "AggregateAuthenticationError"];

export function classify(status: number, code: string): GraphErrorKind {
  if (CREDENTIAL_ERROR_NAMES.includes(code)) return "unauthorized";
  if (status <= 0 || status === 429 || status === 503 || status === 504 || status === 502 || status === 500) return "retryable";
  if (status === 404) return "notFound";
  if (status === 409 || status === 412) return "conflict";
  if (status === 403) return "forbidden";
  if (status === 401) return "unauthorized";
  if (status === 400 && /already being added|already exists/i.test(code)) return "conflict";
  if (status >= 400 && status < 500) return "invalid";
  return "unknown";
}

export class GraphRequestError extends Error {
  readonly kind: GraphErrorKind;
  constructor(
    /** What was being done, e.g. "PATCH /tenantRelationships/multiTenantOrganization/joinRequest". */
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    readonly graphMessage: string,
    readonly requestId: string | undefined,
    /** Application permissions that allow the operation, named when Graph answers 403. */
    readonly permissions: readonly string[] = [],
    /** Seconds Graph asked to wait (Retry-After), if any. */
    readonly retryAfterSeconds?: number,
    /** What the provider did about it and what to do, after Graph's own words. */
    readonly hint?: string,
  ) {
    super(GraphRequestError.describe(operation, status, code, graphMessage, requestId, permissions) + (hint ? ` ${hint}` : ""));
    this.kind = classify(status, code === "Request_BadRequest" ? graphMessage : code);
    if (this.kind === "unauthorized" && status <= 0) this.message = `${operation} failed: could not get a token for the tenant: ${graphMessage}`;
    this.name = "GraphRequestError";
  }

  private static describe(operation: string, status: number, code: string, message: string, requestId: string | undefined, permissions: readonly string[]): string {
    const where = status > 0 ? `${status} ${code}` : "network error";
    let text = `${operation} failed: ${where}: ${message}`;
    if (status === 403 && permissions.length) {
      text += ` The app needs the application permission ${permissions.join(" or ")} in this tenant, with admin consent.`;
    }
    return requestId ? `${text} (request-id ${requestId})` : text;
  }
}

/** The same failure with what the provider did about it, and what to do. */
export const withHint = (e: GraphRequestError, hint: string): GraphRequestError =>
  new GraphRequestError(e.operation, e.status, e.code, e.graphMessage, e.requestId, e.permissions, e.retryAfterSeconds, hint);

/** The call's result, or undefined for Graph's 404: "not there" as a state rather than a failure. */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof GraphRequestError && err.kind === "notFound") return undefined;
    throw err;
  }
}
