// Waiting for Graph's asynchronous jobs: poll the documented status fields with a backoff that is
// quick at first and slower as the wait grows, stop at a deadline, and turn `failed` into an error
// that carries Graph's details. Progress goes to the log when the state changes, and at most every
// `progressEveryMs` otherwise.
import { setTimeout as sleep } from "node:timers/promises";
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
  /** What is awaited, named in progress lines and errors, e.g. "join of tenant X into Y's organization". */
  what: string;
  timeoutMs: number;
  /** First poll interval; each next one grows by `factor` up to `maxIntervalMs`. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  factor?: number;
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

/** Interval settings from the environment, so tests against a fast emulator need not wait seconds. */
export function defaultIntervals(env: NodeJS.ProcessEnv = process.env): { initialIntervalMs: number; maxIntervalMs: number } {
  return {
    initialIntervalMs: Number(env.ENTRA_MTO_POLL_INITIAL_MS ?? 2000),
    maxIntervalMs: Number(env.ENTRA_MTO_POLL_MAX_MS ?? 60_000),
  };
}

export async function waitFor(observe: () => Promise<Observation>, opts: WaitOptions): Promise<Observation> {
  const defaults = defaultIntervals();
  const started = Date.now();
  const factor = opts.factor ?? 1.5;
  const maxInterval = opts.maxIntervalMs ?? defaults.maxIntervalMs;
  const progressEvery = opts.progressEveryMs ?? 30_000;
  const pause = opts.sleep ?? sleep;
  let interval = opts.initialIntervalMs ?? defaults.initialIntervalMs;
  let lastState = "";
  let lastLog = 0;
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
      await pause(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
      interval = Math.min(maxInterval, Math.round(interval * factor));
      continue;
    }
    const elapsed = Date.now() - started;
    if (seen.state !== lastState || Date.now() - lastLog >= progressEvery) {
      opts.log?.(`${opts.what}: ${seen.state} (${Math.round(elapsed / 1000)} s)`);
      lastLog = Date.now();
      lastState = seen.state;
    }
    if (seen.done) return seen;
    if (seen.failed !== undefined) throw new WaitFailedError(opts.what, seen.failed);
    if (elapsed >= opts.timeoutMs) throw new WaitTimeoutError(opts.what, seen.state, elapsed, opts.onTimeout);
    await pause(Math.min(interval, Math.max(0, opts.timeoutMs - elapsed)));
    interval = Math.min(maxInterval, Math.round(interval * factor));
  }
}
