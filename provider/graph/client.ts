// Graph calls for one tenant: the Microsoft Graph client with an @azure/identity credential,
// retries (p-retry) for throttling, unavailability and network errors honouring Retry-After, and
// tolerance for Graph's read-after-write lag. Every failure becomes a GraphRequestError.
import type { TokenCredential } from "@azure/identity";
import { Client, GraphError, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { setTimeout as sleep } from "node:timers/promises";
import pRetry from "p-retry";
import { GraphRequestError } from "./errors";

export const GRAPH_ENDPOINT = "https://graph.microsoft.com";

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is capped to it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 6, minDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

export interface GraphCall {
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  /** Application permissions that allow this call, named in the error if Graph answers 403. */
  permissions: readonly string[];
  /** After a write, a GET may answer 404 for a while: keep asking for up to this long. */
  notFoundGraceMs?: number;
  /** The API version when it is not the client's own (properties that exist only in beta). */
  version?: "v1.0" | "beta";
}

export interface GraphClientOptions {
  credential: TokenCredential;
  endpoint?: string;
  version?: "v1.0" | "beta";
  retry?: Partial<RetryPolicy>;
}

export class GraphClient {
  private readonly client: Client;
  private readonly retry: RetryPolicy;

  constructor(opts: GraphClientOptions) {
    const endpoint = (opts.endpoint ?? GRAPH_ENDPOINT).replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(opts.credential, { scopes: [`${GRAPH_ENDPOINT}/.default`] }),
      baseUrl: endpoint,
      defaultVersion: opts.version ?? "v1.0",
      // The client attaches tokens only to Graph's own host or to these (hostnames, no port).
      customHosts: new Set([new URL(endpoint).hostname]),
    });
  }

  /** One call with retries; resolves to the JSON body, or undefined for 204. */
  async call<T = unknown>(call: GraphCall): Promise<T> {
    const started = Date.now();
    return pRetry(() => this.once<T>(call), {
      retries: this.retry.retries,
      minTimeout: this.retry.minDelayMs,
      maxTimeout: this.retry.maxDelayMs,
      randomize: true,
      shouldRetry: ({ error }) => {
        const e = error as GraphRequestError;
        if (e.kind === "retryable") return true;
        return e.kind === "notFound" && call.method === "GET" && Date.now() - started < (call.notFoundGraceMs ?? 0);
      },
      // Graph's Retry-After wins over our own backoff when it asks for longer.
      onFailedAttempt: async ({ error, retryDelay }) => {
        const after = (error as GraphRequestError).retryAfterSeconds;
        if (after !== undefined && retryDelay > 0) {
          const wanted = Math.min(after * 1000, this.retry.maxRetryAfterMs);
          if (wanted > retryDelay) await sleep(wanted - retryDelay);
        }
      },
    });
  }

  private async once<T>(call: GraphCall): Promise<T> {
    const operation = `${call.method} ${call.version === "beta" ? "/beta" : ""}${call.path}`;
    let request = this.client.api(call.path).middlewareOptions([new RetryHandlerOptions(0, 0)]);
    if (call.version) request = request.version(call.version);
    try {
      switch (call.method) {
        case "GET":
          return await request.get();
        case "PUT":
          return await request.put(call.body ?? {});
        case "POST":
          return await request.post(call.body ?? {});
        case "PATCH":
          return await request.patch(call.body ?? {});
        case "DELETE":
          return await request.delete();
      }
    } catch (err) {
      throw toRequestError(operation, err, call.permissions);
    }
  }
}

function toRequestError(operation: string, err: unknown, permissions: readonly string[]): GraphRequestError {
  if (err instanceof GraphError || (err && typeof err === "object" && "statusCode" in err)) {
    const e = err as GraphError;
    const retryAfter = e.headers?.get?.("Retry-After");
    const seconds = retryAfter !== null && retryAfter !== undefined && retryAfter !== "" ? Number(retryAfter) : undefined;
    return new GraphRequestError(operation, e.statusCode, e.code ?? "unknown", e.message, e.requestId ?? undefined, permissions, Number.isFinite(seconds) ? seconds : undefined);
  }
  return new GraphRequestError(operation, -1, "network", (err as Error)?.message ?? String(err), undefined, permissions);
}
