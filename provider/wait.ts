// Waiting for Graph's asynchronous jobs: poll the documented status fields with a backoff that is
// quick at first and slower as the wait grows, stop at a deadline, and turn `failed` into an error
// that carries Graph's details. Progress goes to the log when the state changes, and every
// `progressEveryMs` otherwise (also during a long pause between polls): what is awaited, for how
// long so far, and what Graph last reported.
import { setTimeout as nodeSleep } from "node:timers/promises";
import { GraphRequestError } from "./graph/errors";

export interface Observation {
  /** True when the job reached what was asked for. */
  done: boolean;
  /** Graph reported a failure: its details. */
  failed?: string;
  /** What Graph shows now, for progress lines and errors, e.g. "pending (running)". */
  state: string;
}

export interface WaitOptions {
  /**
   * What is awaited, named in progress lines and errors, tenants as context.tenantName names them,
   * e.g. "join of berlin (Berlin, 00000be1-…) into the organization of cairo (Cairo, 00000ca1-…)".
   */
  what: string;
  timeoutMs: number;
  /** First poll interval; each next one grows by `factor` up to `maxIntervalMs`. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  factor?: number;
  /** A progress line at least this often while nothing changes (default: ENTRA_MTO_PROGRESS_MS, 15 s). */
  progressEveryMs?: number;
  log?: (line: string) => void;
  /** What to tell the user when time runs out. */
  onTimeout?: string;
  /** How to pause between polls; tests pass one that records the intervals instead of timing them. */
  sleep?: (ms: number) => Promise<unknown>;
}

export class WaitTimeoutError extends Error {
  constructor(readonly what: string, readonly lastState: string, elapsedMs: number, hint?: string) {
    super(`timed out after ${Math.round(elapsedMs / 1000)} s waiting for ${what}; Graph last reported: ${lastState}.${hint ? ` ${hint}` : ""}`);
    this.name = "WaitTimeoutError";
  }
}

export class WaitFailedError extends Error {
  constructor(readonly what: string, readonly details: string) {
    super(`${what} failed: Graph reported: ${details}`);
    this.name = "WaitFailedError";
  }
}

/** A duration in milliseconds from the environment; the default when unset or not a number >= 0. */
function msFrom(value: string | undefined, fallback: number): number {
  const n = value === undefined || value.trim() === "" ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * Interval settings from the environment, so tests against a fast emulator need not wait seconds:
 * ENTRA_MTO_POLL_INITIAL_MS (2 s), ENTRA_MTO_POLL_MAX_MS (60 s), and ENTRA_MTO_PROGRESS_MS (15 s),
 * how often a wait reports progress while nothing changes.
 */
export function defaultIntervals(env: NodeJS.ProcessEnv = process.env): { initialIntervalMs: number; maxIntervalMs: number; progressEveryMs: number } {
  return {
    initialIntervalMs: msFrom(env.ENTRA_MTO_POLL_INITIAL_MS, 2000),
    maxIntervalMs: msFrom(env.ENTRA_MTO_POLL_MAX_MS, 60_000),
    progressEveryMs: msFrom(env.ENTRA_MTO_PROGRESS_MS, 15_000),
  };
}

export async function waitFor(observe: () => Promise<Observation>, opts: WaitOptions): Promise<Observation> {
  const defaults = defaultIntervals();
  const started = Date.now();
  const factor = opts.factor ?? 1.5;
  const maxInterval = opts.maxIntervalMs ?? defaults.maxIntervalMs;
  const progressEvery = opts.progressEveryMs ?? defaults.progressEveryMs;
  const sleep = opts.sleep ?? nodeSleep;
  let interval = opts.initialIntervalMs ?? defaults.initialIntervalMs;
  let lastState = "";
  let lastLog = started;
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const report = (state: string) => {
    opts.log?.(`${opts.what}: ${state} (${seconds()} s)`);
    lastLog = Date.now();
  };
  /** Pauses between polls; a pause longer than the progress period reports on the way. */
  const pause = async (ms: number) => {
    let left = ms;
    while (opts.log && progressEvery > 0) {
      const dueIn = lastLog + progressEvery - Date.now();
      if (dueIn >= left) break;
      if (dueIn > 0) {
        await sleep(dueIn);
        left -= dueIn;
      }
      report(lastState || "no answer from Graph yet");
    }
    if (left > 0) await sleep(left);
  };
  for (;;) {
    let seen: Observation;
    try {
      seen = await observe();
    } catch (err) {
      // One poll that Graph did not answer (throttled or unavailable through all of the client's
      // retries) is no reason to give up a wait that has time left: ask again at the next interval.
      const elapsed = Date.now() - started;
      if (!(err instanceof GraphRequestError && err.kind === "retryable") || elapsed >= opts.timeoutMs) throw err;
      opts.log?.(`${opts.what}: Graph did not answer (${err.status > 0 ? err.status : "network error"}); asking again (${Math.round(elapsed / 1000)} s)`);
      lastLog = Date.now();
      await pause(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
      interval = Math.min(maxInterval, Math.round(interval * factor));
      continue;
    }
    const elapsed = Date.now() - started;
    if (seen.state !== lastState || Date.now() - lastLog >= progressEvery) {
      report(seen.state);
      lastState = seen.state;
    }
    if (seen.done) return seen;
    if (seen.failed !== undefined) throw new WaitFailedError(opts.what, seen.failed);
    if (elapsed >= opts.timeoutMs) throw new WaitTimeoutError(opts.what, seen.state, elapsed, opts.onTimeout);
    await pause(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
    interval = Math.min(maxInterval, Math.round(interval * factor));
  }
}
