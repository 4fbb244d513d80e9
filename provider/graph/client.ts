// Graph calls for one tenant: the Microsoft Graph client with an @azure/identity credential,
// retries (p-retry) for throttling, unavailability and network errors honouring Retry-After, and
// tolerance for Graph's read-after-write lag. Every failure becomes a GraphRequestError.
//
// Throttled and unavailable answers (429, 502, 503, 504) are waited out: asked again, backoff
// capped and Retry-After honoured, for as long as the operation the call belongs to may run
// (deadline.ts), with a progress line while it lasts. Other failures worth a retry (500, a network
// error) get a fixed number of attempts.
//
// Writes are safe to retry: after an ambiguous outcome (the connection dropped, a timeout, any 5xx)
// a write that carries an `applied` check is not sent again until Graph's state, read for up to
// `confirmMs`, does not show it; a refusal of a write sent again (400, 404, 409) is judged the same
// way, since it may be Graph refusing to repeat our own earlier success. A 429 is never ambiguous:
// Graph throttles before doing anything.
import type { TokenCredential } from "@azure/identity";
import { Client, GraphError, type Middleware, MiddlewareFactory, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { setTimeout as sleep } from "node:timers/promises";
import pRetry from "p-retry";
import { OUTSIDE_OPERATION_MS, currentOperation } from "./deadline";
import { GraphRequestError, withHint } from "./errors";

export const GRAPH_ENDPOINT = "https://graph.microsoft.com";

export interface RetryPolicy {
  /** Attempts after the first, for failures other than throttling and unavailability. */
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is capped to it. */
  maxRetryAfterMs: number;
  /**
   * After an ambiguous outcome of a write, how long Graph's state is read for its effect before the
   * write is sent again (Graph's read-after-write lag can hide a write that was applied).
   */
  confirmMs: number;
  /** How long Graph may keep a call waiting before a progress line says so (then every 3 times that). */
  busyReportMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 6, minDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, confirmMs: 5_000, busyReportMs: 5_000 };

/**
 * Overrides from the environment, so tests against a fast emulator need not wait seconds:
 * ENTRA_MTO_RETRIES, ENTRA_MTO_RETRY_MIN_MS, ENTRA_MTO_RETRY_MAX_MS, ENTRA_MTO_RETRY_AFTER_MAX_MS,
 * ENTRA_MTO_CONFIRM_MS. Unset or invalid values keep the defaults.
 */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RetryPolicy> {
  const policy: Partial<RetryPolicy> = {};
  const read = (name: string, key: keyof RetryPolicy) => {
    const raw = env[name];
    const value = raw === undefined || raw === "" ? NaN : Number(raw);
    if (Number.isInteger(value) && value >= 0) policy[key] = value;
  };
  read("ENTRA_MTO_RETRIES", "retries");
  read("ENTRA_MTO_RETRY_MIN_MS", "minDelayMs");
  read("ENTRA_MTO_RETRY_MAX_MS", "maxDelayMs");
  read("ENTRA_MTO_RETRY_AFTER_MAX_MS", "maxRetryAfterMs");
  read("ENTRA_MTO_CONFIRM_MS", "confirmMs");
  return policy;
}

/** A duration for progress lines: "40 s", "12 min". */
const seconds = (ms: number) => (ms < 120_000 ? `${Math.max(0, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`);

/** Graph asked for time (throttled, or a service or gateway unavailable): waited out until the deadline. */
export const isBusy = (err: unknown): boolean => err instanceof GraphRequestError && [429, 502, 503, 504].includes(err.status);

/** Whether a write's outcome is unknown: it may have been applied although the answer says otherwise. */
export function isAmbiguous(err: unknown): boolean {
  return err instanceof GraphRequestError && err.kind === "retryable" && err.status !== 429;
}

/** A refusal that may be Graph refusing to repeat a write it already applied. */
const isRefusal = (err: unknown) => err instanceof GraphRequestError && (err.kind === "conflict" || err.kind === "notFound" || err.kind === "invalid");

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
  /**
   * For a write: whether Graph's state shows its effect. After an ambiguous outcome the write is
   * sent again only while this says no; when it says yes the call resolves to undefined.
   */
  applied?: () => Promise<boolean>;
}

export interface GraphClientOptions {
  credential: TokenCredential;
  endpoint?: string;
  version?: "v1.0" | "beta";
  retry?: Partial<RetryPolicy>;
  /** Shared by the clients whose writes invalidate each other's cached reads; a client's own by default. */
  writeLog?: WriteLog;
  /** Progress lines while Graph throttles a call outside any operation (inside one, its own log). */
  log?: (line: string) => void;
  /** A middleware to run just before the HTTP handler, seeing each attempt as it goes on the wire (the recorder's). */
  onTheWire?: Middleware;
}

/**
 * Writes sent through a set of clients (the provider's context gives its clients one), counted when
 * each starts and when it ends. A cache of reads (the member list refresh reads share, mto-api.ts)
 * is valid only while this count stays what it was when the read was asked for: nothing read before
 * or during a write is reused after it.
 */
export class WriteLog {
  count = 0;
}

export class GraphClient {
  private readonly client: Client;
  private readonly retry: RetryPolicy;
  private readonly log?: (line: string) => void;
  private readonly writeLog: WriteLog;
  /** Reads kept for this client's callers to share (mto-api.ts), checked against `writesSoFar`. */
  readonly cache = new Map<string, unknown>();

  constructor(opts: GraphClientOptions) {
    const endpoint = (opts.endpoint ?? GRAPH_ENDPOINT).replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...retryPolicyFromEnv(), ...opts.retry };
    this.log = opts.log;
    this.writeLog = opts.writeLog ?? new WriteLog();
    const middleware = MiddlewareFactory.getDefaultMiddlewareChain(new TokenCredentialAuthenticationProvider(opts.credential, { scopes: [`${GRAPH_ENDPOINT}/.default`] }));
    if (opts.onTheWire) middleware.splice(middleware.length - 1, 0, opts.onTheWire);
    this.client = Client.initWithMiddleware({
      middleware,
      baseUrl: endpoint,
      defaultVersion: opts.version ?? "v1.0",
      // The client attaches tokens only to Graph's own host or to these (hostnames, no port).
      customHosts: new Set([new URL(endpoint).hostname]),
    });
  }

  /** How many times a write started or ended through the clients sharing this one's write log. */
  get writesSoFar(): number {
    return this.writeLog.count;
  }

  /**
   * One call with retries; resolves to the JSON body, or undefined for 204 and for a write whose
   * `applied` check found it done after an ambiguous outcome.
   */
  async call<T = unknown>(call: GraphCall): Promise<T> {
    if (call.method === "GET") return this.send<T>(call);
    this.writeLog.count += 1;
    try {
      return await this.send<T>(call);
    } finally {
      this.writeLog.count += 1;
    }
  }

  private async send<T>(call: GraphCall): Promise<T> {
    const started = Date.now();
    const write = call.method !== "GET";
    // Set once an attempt of this write had an ambiguous outcome: from then on Graph's state decides.
    let unsure = false;
    const attempt = async (): Promise<T> => {
      if (unsure && call.applied && (await this.confirm(call.applied))) return undefined as T;
      try {
        return await this.once<T>(call);
      } catch (err) {
        if (write && isAmbiguous(err)) unsure = true;
        else if (unsure && call.applied && isRefusal(err) && (await this.confirm(call.applied))) return undefined as T;
        throw err;
      }
    };
    try {
      return await this.withRetries(call, started, attempt);
    } catch (err) {
      // Out of retries after an ambiguous outcome: the write may still have been applied.
      if (unsure && call.applied && isAmbiguous(err) && (await this.confirm(call.applied))) return undefined as T;
      throw err;
    }
  }

  /**
   * Reads Graph's state for a write's effect for up to `confirmMs` (its read-after-write lag can
   * hide a write that was applied): true as soon as it shows.
   */
  async confirm(applied: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + this.retry.confirmMs;
    let pause = Math.max(10, Math.round(this.retry.confirmMs / 8));
    for (;;) {
      if (await applied()) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await sleep(Math.min(pause, left));
      pause *= 2;
    }
  }

  private withRetries<T>(call: GraphCall, started: number, attempt: () => Promise<T>): Promise<T> {
    const operation = currentOperation();
    const deadline = operation?.deadline ?? started + OUTSIDE_OPERATION_MS;
    const log = operation?.log ?? this.log;
    // Attempts that count against `retries`: every retried failure but Graph asking for time.
    let counted = 0;
    let busySince: number | undefined;
    let lastLine = 0;
    const busyUntilDeadline = (err: unknown) =>
      isBusy(err) && busySince !== undefined
        ? withHint(
            err as GraphRequestError,
            `Graph kept asking for time for ${seconds(Date.now() - busySince)}, until the operation's timeout; run again later, or give the resource longer \`timeouts\`.`,
          )
        : err;
    return pRetry(attempt, {
      retries: Number.MAX_SAFE_INTEGER,
      minTimeout: this.retry.minDelayMs,
      maxTimeout: this.retry.maxDelayMs,
      randomize: true,
      maxRetryTime: Math.max(0, deadline - started),
      shouldRetry: ({ error }) => {
        const e = error as GraphRequestError;
        if (isBusy(e)) return Date.now() < deadline;
        if (e.kind === "retryable") return ++counted <= this.retry.retries;
        return e.kind === "notFound" && call.method === "GET" && Date.now() - started < (call.notFoundGraceMs ?? 0);
      },
      // Graph's Retry-After wins over our own backoff when it asks for longer (never past the deadline).
      onFailedAttempt: async ({ error, retryDelay }) => {
        const e = error as GraphRequestError;
        if (isBusy(e)) busySince ??= Date.now();
        const after = e.retryAfterSeconds;
        let pause = retryDelay;
        if (after !== undefined && retryDelay > 0) {
          const wanted = Math.min(after * 1000, this.retry.maxRetryAfterMs, Math.max(0, deadline - Date.now()));
          if (wanted > retryDelay) {
            await sleep(wanted - retryDelay);
            pause = wanted;
          }
        }
        if (!isBusy(e) || retryDelay === 0 || busySince === undefined) return;
        // Brief throttling passes unsaid; a lasting one is reported every 15 s or so.
        if (log && Date.now() - busySince >= this.retry.busyReportMs && Date.now() - lastLine >= 3 * this.retry.busyReportMs) {
          lastLine = Date.now();
          log(
            `Graph is ${e.status === 429 ? "throttling" : "unavailable for"} ${e.operation} (${e.status}) for ${seconds(Date.now() - busySince)}; ` +
              `asking again in ${seconds(pause)}, for up to ${seconds(deadline - Date.now())} more (the operation's timeout)`,
          );
        }
      },
    }).catch((err: unknown) => {
      throw busyUntilDeadline(err);
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
