// Clocks and durations of Graph's asynchronous jobs. The model never reads the wall clock itself:
// it is handed `now`, so the same state replays identically under a manual clock.

export type JobKind = "create" | "join" | "roleChange" | "removal";

export type Profile = "instant" | "fast" | "realistic";

/** Milliseconds each job takes, before the time scale. */
export const PROFILES: Record<Profile, Record<JobKind, number>> = {
  instant: { create: 0, join: 0, roleChange: 0, removal: 0 },
  // Long enough for a client to observe notStarted and running, short enough for tests.
  fast: { create: 100, join: 400, roleChange: 200, removal: 200 },
  // Orders of magnitude from the docs: minutes for creation, role changes and removals; joins "up to
  // 2 hours" (v1.0) or 4 (beta), and "a few minutes" in the examples. One hour sits between.
  realistic: { create: 3 * 60_000, join: 60 * 60_000, roleChange: 5 * 60_000, removal: 5 * 60_000 },
};

/** Share of a job's duration spent in notStarted before it shows as running. */
export const NOT_STARTED_SHARE = 0.25;

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Deterministic mode: time moves only when told to. */
export class ManualClock implements Clock {
  constructor(private current = Date.parse("2026-01-01T00:00:00Z")) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): number {
    if (!(ms >= 0)) throw new Error(`clock advance must be a non-negative number of milliseconds, got ${ms}`);
    this.current += ms;
    return this.current;
  }
}

/** Durations that replace the profile's for some kinds of job, in milliseconds before the time scale. */
export type Durations = Partial<Record<JobKind, number>>;

/**
 * A job's duration: the profile's figure (or the override's) times the time scale (0.001 turns an
 * hour into 3.6 s).
 */
export function jobDuration(profile: Profile, timeScale: number, kind: JobKind, durations?: Durations): number {
  return Math.round((durations?.[kind] ?? PROFILES[profile][kind]) * timeScale);
}

/** Graph timestamps: ISO 8601 in UTC without fractional seconds. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
