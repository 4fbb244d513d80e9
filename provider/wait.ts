// Waiting for Graph's asynchronous jobs: poll the documented status fields on a schedule that is
// quick at first and slower as the wait grows (PollSchedule below), stop at a deadline, and turn
// `failed` into an error that carries Graph's details. Progress goes to the log when the state
// changes, and every `progressEveryMs` otherwise (also during a long pause between polls): what is
// awaited, for how long so far, and what Graph last reported.
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
  /** The poll schedule (PollSchedule); each setting left out comes from defaultIntervals(). */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  factor?: number;
  quickMaxIntervalMs?: number;
  quickPhaseMs?: number;
  slowFactor?: number;
  /** A progress line at least this often while nothing changes (default: ENTRA_MTO_PROGRESS_MS, 15 s). */
  progressEveryMs?: number;
  log?: (line: string) => void;
  /** What to tell the user when time runs out. */
  onTimeout?: string;
  /** How to pause between polls; tests pass one that records the intervals instead of timing them. */
  sleep?: (ms: number) => Promise<unknown>;
}

export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly lastState: string,
    elapsedMs: number,
    hint?: string,
  ) {
    super(`timed out after ${Math.round(elapsedMs / 1000)} s waiting for ${what}; Graph last reported: ${lastState}.${hint ? ` ${hint}` : ""}`);
    this.name = "WaitTimeoutError";
  }
}

export class WaitFailedError extends Error {
  constructor(
    readonly what: string,
    readonly details: string,
  ) {
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
 * When to ask Graph again. Graph documents its jobs in minutes (creating an organization, changing
 * a role, removing a tenant: "a few minutes") up to hours (a join: "up to 2 hours", 4 in beta), and
 * a waiter must see a short job soon without reading hundreds of times during a long one:
 *
 * - quick phase, the first 3.5 minutes: 2 s, growing ×1.5 to at most 20 s (2, 3, 4.5, 6.8, 10,
 *   15, then 20 s), so a job of a few minutes is seen within 20 s of its completion;
 * - then doubling (40 s, 80 s, … ) up to a cap of 12 minutes, 5 % of the longest documented job
 *   (a 4-hour join), so a job that long is seen within 5 % of its duration.
 *
 * Reads until a job is seen (the first read included, Graph's answer times aside): 14 for 3 minutes,
 * 24 for an hour, 39 for 4 hours (the former 2 s ×1.5 up to 60 s read 248 times in 4 hours). The
 * price is paid in between: a job that ends just after a read is seen one interval later, so one of
 * 6 to 8 minutes up to 160 s late, one of 14 to 24 minutes up to 11 minutes, any longer one up to 12.
 */
export interface PollSchedule {
  /** First pause (2 s; ENTRA_MTO_POLL_INITIAL_MS). */
  initialIntervalMs: number;
  /** Growth per poll in the quick phase (1.5). */
  factor: number;
  /** Longest pause in the quick phase (20 s; never below the first pause, never above the cap). */
  quickMaxIntervalMs: number;
  /** How long the quick phase lasts, from the start of the wait (3.5 minutes). */
  quickPhaseMs: number;
  /** Growth per poll after it (2). */
  slowFactor: number;
  /** The cap (12 minutes; ENTRA_MTO_POLL_MAX_MS). */
  maxIntervalMs: number;
}

const BUILT_IN = { initialIntervalMs: 2000, quickMaxIntervalMs: 20_000, quickPhaseMs: 210_000, maxIntervalMs: 12 * 60_000, progressEveryMs: 15_000 };

/**
 * The schedule and the progress period from the environment, so tests and demos against a
 * time-scaled emulator need not wait minutes: ENTRA_MTO_TIME_SCALE multiplies every built-in
 * duration (0.01 turns the 12-minute cap into 7.2 s, as the emulator's --time-scale does its jobs);
 * ENTRA_MTO_POLL_INITIAL_MS, ENTRA_MTO_POLL_MAX_MS and ENTRA_MTO_PROGRESS_MS (how often a wait
 * reports progress while nothing changes, 15 s) set one each, in milliseconds, unscaled.
 */
export function defaultIntervals(env: NodeJS.ProcessEnv = process.env): PollSchedule & { progressEveryMs: number } {
  const rawScale = env.ENTRA_MTO_TIME_SCALE?.trim() ? Number(env.ENTRA_MTO_TIME_SCALE) : NaN;
  const scale = Number.isFinite(rawScale) && rawScale > 0 ? rawScale : 1;
  // Not rounded: at a small scale the first pauses are fractions of a millisecond.
  const scaled = (ms: number) => ms * scale;
  return {
    initialIntervalMs: msFrom(env.ENTRA_MTO_POLL_INITIAL_MS, scaled(BUILT_IN.initialIntervalMs)),
    factor: 1.5,
    quickMaxIntervalMs: scaled(BUILT_IN.quickMaxIntervalMs),
    quickPhaseMs: scaled(BUILT_IN.quickPhaseMs),
    slowFactor: 2,
    maxIntervalMs: msFrom(env.ENTRA_MTO_POLL_MAX_MS, scaled(BUILT_IN.maxIntervalMs)),
    progressEveryMs: msFrom(env.ENTRA_MTO_PROGRESS_MS, scaled(BUILT_IN.progressEveryMs)),
  };
}

/** The pause after one of `previousMs`, `elapsedMs` into the wait. */
export function nextInterval(previousMs: number, elapsedMs: number, s: PollSchedule): number {
  if (elapsedMs < s.quickPhaseMs) {
    const quickCap = Math.min(s.maxIntervalMs, Math.max(s.quickMaxIntervalMs, s.initialIntervalMs));
    return Math.min(quickCap, previousMs * s.factor);
  }
  return Math.min(s.maxIntervalMs, Math.max(1, previousMs) * s.slowFactor);
}

/**
 * When the reads of a wait happen (ms from its start, the first at 0) until one is at or past
 * `jobMs`: the reads a job of that length costs, the last one seeing it done (instant answers).
 */
export function pollTimes(jobMs: number, s: PollSchedule = defaultIntervals()): number[] {
  const times = [0];
  let interval = s.initialIntervalMs;
  let at = 0;
  while (at < jobMs) {
    at += interval;
    times.push(at);
    interval = nextInterval(interval, at, s);
  }
  return times;
}

export async function waitFor(observe: () => Promise<Observation>, opts: WaitOptions): Promise<Observation> {
  const defaults = defaultIntervals();
  const schedule: PollSchedule = {
    initialIntervalMs: opts.initialIntervalMs ?? defaults.initialIntervalMs,
    factor: opts.factor ?? defaults.factor,
    quickMaxIntervalMs: opts.quickMaxIntervalMs ?? defaults.quickMaxIntervalMs,
    quickPhaseMs: opts.quickPhaseMs ?? defaults.quickPhaseMs,
    slowFactor: opts.slowFactor ?? defaults.slowFactor,
    maxIntervalMs: opts.maxIntervalMs ?? defaults.maxIntervalMs,
  };
  const started = Date.now();
  const progressEvery = opts.progressEveryMs ?? defaults.progressEveryMs;
  const sleep = opts.sleep ?? nodeSleep;
  let interval = schedule.initialIntervalMs;
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
      interval = nextInterval(interval, Date.now() - started, schedule);
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
    interval = nextInterval(interval, Date.now() - started, schedule);
  }
}
