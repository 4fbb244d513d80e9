// The emulator as a service without HTTP: state, clock, faults, persistence, the request log, and
// the Graph entry points (single requests and $batch). server.ts only translates HTTP to this.
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { GraphError, badRequest } from "./model/errors";
import type { Ctx } from "./model/mto";
import { settle } from "./model/settle";
import { type EmulatorState, initialState, upgradeState } from "./model/state";
import { type Clock, type Durations, ManualClock, type Profile, jobDuration, systemClock } from "./model/timing";
import { DEFAULT_WORLD, type World, validateWorld } from "./model/world";
import { type GraphRequest, type GraphResponse, type GraphVersion, type Principal, dispatch, errorResponse, findRoute } from "./graph/dispatch";
import { GRAPH_ROUTES } from "./graph/routes";
import { type FaultConfig, FaultInjector, type FaultRule, validateFaults } from "./faults";
import { JobLog } from "./jobs";
import { StateFile } from "./store";

export interface EmulatorOptions {
  dataDir: string;
  /** World to start from when the data directory holds no state (default: DEFAULT_WORLD). */
  world?: World;
  profile?: Profile;
  /** Multiplies every job duration (0.001 turns the realistic hour-long join into 3.6 s). */
  timeScale?: number;
  /** Durations of some kinds of job replacing the profile's, in milliseconds before the time scale. */
  durations?: Durations;
  /** Deterministic mode: time moves only through advance(). */
  manualClock?: boolean;
  faults?: FaultConfig;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  route: string;
  status: number;
  tenantId?: string;
  appId?: string;
  /**
   * Faults that shaped this exchange, by kind ("timeout+applied" for a 504 after the write was
   * carried out; "stale" only when a read was answered from the earlier state). `status` is what the
   * emulator served: after a drop or an applied timeout, the status of the write it carried out.
   */
  faults?: string[];
}

/** What the HTTP layer must do besides sending the response. */
export interface Outcome {
  response: GraphResponse;
  delayMs: number;
  drop: boolean;
}

const MAX_LOG = 10_000;
const GUIDISH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export class Emulator {
  state: EmulatorState;
  readonly clock: Clock;
  readonly faults = new FaultInjector();
  readonly profile: Profile;
  readonly timeScale: number;
  readonly durations?: Durations;
  /** Graph's asynchronous jobs: submitted, started, due, and how each ended (jobs.ts). */
  readonly jobs = new JobLog();
  baseUrl = "https://127.0.0.1";
  log: RequestLogEntry[] = [];
  counters: Record<string, number> = {};
  private lastWrite?: { at: number; before: EmulatorState };
  private readonly store: StateFile;

  constructor(opts: EmulatorOptions) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    this.store = new StateFile(opts.dataDir);
    this.profile = opts.profile ?? "fast";
    this.timeScale = opts.timeScale ?? 1;
    this.durations = opts.durations;
    for (const [kind, ms] of Object.entries(opts.durations ?? {})) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`the duration of ${kind} jobs must be a non-negative number of milliseconds, got ${ms}`);
    }
    const world = opts.world ?? DEFAULT_WORLD;
    const problems = validateWorld(world);
    if (problems.length) throw new Error(`invalid world:\n  ${problems.join("\n  ")}`);
    const saved = this.store.load();
    this.state = saved ? upgradeState(saved) : initialState(world);
    this.clock = opts.manualClock ? new ManualClock(this.state.manualClockAt) : systemClock;
    if (opts.faults) this.setFaults(opts.faults);
    this.persist();
    this.noteJobs();
  }

  ctx(): Ctx {
    return { now: this.clock.now(), profile: this.profile, timeScale: this.timeScale, durations: this.durations };
  }

  private noteJobs(): void {
    this.jobs.update(this.state, this.clock.now(), (kind) => jobDuration(this.profile, this.timeScale, kind, this.durations));
  }

  persist(): void {
    if (this.clock instanceof ManualClock) this.state.manualClockAt = this.clock.now();
    this.store.save(this.state);
  }

  // ---- Graph ----

  graph(version: GraphVersion, request: GraphRequest, principal: Principal): Outcome {
    const fired = this.faults.draw(request.method, request.path);
    const outcome: Outcome = { response: { status: 0, headers: {} }, delayMs: 0, drop: false };
    for (const f of fired) {
      if (f.kind === "latency") outcome.delayMs += f.ms ?? 100;
      if (f.kind === "drop") outcome.drop = true;
    }
    const failure = fired.find((f) => (f.kind === "throttle" || f.kind === "unavailable" || f.kind === "timeout") && !f.applied);
    const late = failure ? undefined : fired.find((f) => f.kind === "timeout" && f.applied);
    const stale = fired.some((f) => f.kind === "stale" && this.withinWindow(f));
    const staleServed = this.staleServed;
    outcome.response = failure
      ? faultResponse(failure, request)
      : request.path.toLowerCase() === "/$batch" && request.method === "POST"
        ? this.batch(version, request, principal)
        : this.serve(version, request, principal, stale);
    const served = outcome.response.status;
    // Carried out, then answered 504: the client cannot tell it from a timeout that changed nothing.
    if (late) outcome.response = faultResponse(late, request);
    // The faults that took effect: of several failures drawn, only the first answers.
    const kinds: string[] = [];
    for (const f of fired) {
      if (f.kind === "latency" || f.kind === "drop" || f === failure) kinds.push(f.kind);
      else if (f === late) kinds.push("timeout+applied");
      else if (f.kind === "stale" && this.staleServed > staleServed) kinds.push("stale");
    }
    this.record(request, served, principal, kinds.length ? kinds : undefined);
    return outcome;
  }

  /** Reads answered from the state before the last write (counted, so the log can say so). */
  private staleServed = 0;

  private withinWindow(rule: FaultRule): boolean {
    return this.lastWrite !== undefined && this.clock.now() - this.lastWrite.at <= (rule.ms ?? 2000);
  }

  private serve(version: GraphVersion, request: GraphRequest, principal: Principal, stale: boolean): GraphResponse {
    const matched = findRoute(GRAPH_ROUTES, request.method, request.path, version);
    if (matched instanceof GraphError) return errorResponse(matched, request, randomUUID());
    const ctx = this.ctx();
    settle(this.state, ctx.now);
    // Read-after-write lag: a read may be answered from the state as it was before the last write.
    const readStale = stale && !matched.route.write && this.lastWrite;
    if (readStale) this.staleServed += 1;
    const state = readStale ? this.lastWrite!.before : this.state;
    const before = matched.route.write ? structuredClone(this.state) : undefined;
    const response = dispatch({ routes: GRAPH_ROUTES, state, ctx, principal, version, baseUrl: this.baseUrl, request }, matched);
    this.noteJobs();
    if (before && response.status < 300) {
      this.lastWrite = { at: ctx.now, before };
      this.persist();
    }
    return response;
  }

  /** JSON batching: up to 20 steps, `dependsOn` ordering, one status, headers and body per step. */
  private batch(version: GraphVersion, request: GraphRequest, principal: Principal): GraphResponse {
    const requestId = randomUUID();
    const fail = (message: string) => errorResponse(badRequest(message, "BadRequest"), request, requestId);
    const steps = (request.body as { requests?: unknown })?.requests;
    if (!Array.isArray(steps) || steps.length === 0) return fail("Batch request must contain a non-empty 'requests' array.");
    if (steps.length > 20) return fail("The batch request exceeds the limit of 20 requests.");
    const byId = new Map<string, { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }>();
    for (const s of steps) {
      if (!s || typeof s.id !== "string" || typeof s.method !== "string" || typeof s.url !== "string") {
        return fail("Each batch request must have string 'id', 'method' and 'url' properties.");
      }
      if (byId.has(s.id.toLowerCase())) return fail(`Batch request id '${s.id}' is not unique.`);
      byId.set(s.id.toLowerCase(), s);
    }
    const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
    const run = (id: string, trail: string[]): number => {
      const done = results.get(id);
      if (done) return done.status;
      const step = byId.get(id)!;
      if (trail.includes(id)) throw badRequest(`Batch request '${step.id}' has a circular dependsOn.`, "BadRequest");
      const deps = (step.dependsOn ?? []).map((d) => d.toLowerCase());
      const missing = deps.find((d) => !byId.has(d));
      if (missing) throw badRequest(`Batch request '${step.id}' depends on unknown request '${missing}'.`, "BadRequest");
      const failedDep = deps.map((d) => run(d, [...trail, id])).some((status) => status >= 400);
      let sub: GraphResponse;
      if (failedDep) {
        sub = errorResponse(new GraphError(424, "BadRequest", "Request failed due to a failed dependency."), { headers: {} }, randomUUID());
      } else {
        const url = new URL(step.url.replace(/^\/?/, "/").replace(/^\/(v1\.0|beta)(?=\/)/i, ""), "https://batch.invalid");
        const inner: GraphRequest = {
          method: step.method.toUpperCase(),
          path: decodeURIComponent(url.pathname),
          query: Object.fromEntries(url.searchParams),
          headers: Object.fromEntries(Object.entries(step.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
          body: step.body,
        };
        const fired = this.faults.draw(inner.method, inner.path).find((f) => f.kind === "throttle" || f.kind === "unavailable" || f.kind === "timeout");
        sub = fired ? faultResponse(fired, inner) : this.serve(version, inner, principal, false);
      }
      results.set(id, { id: step.id, status: sub.status, headers: sub.headers, body: sub.body });
      return sub.status;
    };
    try {
      for (const id of byId.keys()) run(id, []);
    } catch (err) {
      if (err instanceof GraphError) return errorResponse(err, request, requestId);
      throw err;
    }
    return {
      status: 200,
      headers: { "Content-Type": "application/json", "request-id": requestId },
      body: { responses: [...results.values()] },
    };
  }

  private record(request: GraphRequest, status: number, principal?: Principal, faults?: string[]): void {
    const route = `${request.method} ${request.path.replace(GUIDISH, "{id}")}`;
    this.counters[route] = (this.counters[route] ?? 0) + 1;
    const entry: RequestLogEntry = {
      at: new Date().toISOString(),
      method: request.method,
      path: request.path,
      route,
      status,
      tenantId: principal?.tenantId,
      appId: principal?.appId,
    };
    if (faults) entry.faults = faults;
    this.log.push(entry);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  /** Identity and admin requests are logged too, so benchmarks can count every call. */
  recordOther(method: string, path: string, status: number): void {
    this.record({ method, path, query: {}, headers: {}, body: undefined }, status);
  }

  // ---- administration ----

  reset(world: World = this.state.world): void {
    const problems = validateWorld(world);
    if (problems.length) throw badRequest(`Invalid world: ${problems.join("; ")}`, "BadRequest");
    this.state = initialState(world);
    this.lastWrite = undefined;
    this.log = [];
    this.counters = {};
    this.jobs.clear();
    this.persist();
  }

  advance(ms: number): number {
    if (!(this.clock instanceof ManualClock)) throw badRequest("The clock is not manual; start the emulator with the manual clock to advance it.", "BadRequest");
    const now = this.clock.advance(ms);
    settle(this.state, now);
    this.noteJobs();
    this.persist();
    return now;
  }

  setFaults(config: FaultConfig): void {
    const problems = validateFaults(config);
    if (problems.length) throw badRequest(`Invalid faults: ${problems.join("; ")}`, "BadRequest");
    this.faults.configure(config);
  }

  clearLog(): void {
    this.log = [];
    this.counters = {};
  }
}

function faultResponse(rule: FaultRule, request: Pick<GraphRequest, "headers">): GraphResponse {
  const requestId = randomUUID();
  if (rule.kind === "throttle") {
    const seconds = rule.retryAfterSeconds ?? 1;
    const response = errorResponse(new GraphError(429, "TooManyRequests", "Please retry again later.", { "Retry-After": String(seconds) }), request, requestId);
    const inner = (response.body as { error: { innerError: Record<string, string> } }).error.innerError;
    // The documented throttling body carries these and no client-request-id.
    Object.assign(inner, { code: "429", message: "Please retry after", status: "429" });
    delete inner["client-request-id"];
    return response;
  }
  if (rule.kind === "unavailable") {
    return errorResponse(
      new GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", { "Retry-After": String(rule.retryAfterSeconds ?? 1) }),
      request,
      requestId,
    );
  }
  return errorResponse(new GraphError(504, "UnknownError", "The gateway timed out waiting for the service."), request, requestId);
}
