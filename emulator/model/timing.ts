// Clocks and durations of Graph's asynchronous jobs. The model never reads the wall clock itself:
// it is handed `now`, so the same state replays identically under a manual clock.

export type JobKind = "create" | "join" | "roleChange" | "removal";

/**
 * Durations of cross-tenant synchronization: `replication` is how long a newly instantiated
 * application and service principal stay invisible to reads; `initialCycle` from a job's start to
 * the end of its first cycle; `syncInterval` between cycles (PT40M in Graph); `quarantineRetry` the
 * first retry of a quarantined job (then twice, four times that, then every four times that: 6 h,
 * 12 h, 24 h, daily in Graph).
 */
export type SyncTimingKind = "replication" | "initialCycle" | "syncInterval" | "quarantineRetry";
export type TimingKind = JobKind | SyncTimingKind;

export type Profile = "instant" | "fast" | "realistic";

/** Milliseconds each job takes, before the time scale. */
export const PROFILES: Record<Profile, Record<TimingKind, number>> = {
  // A period cannot be instant: under `instant` the first cycle runs at once, and later cycles and
  // quarantine retries keep the realistic spacing (a manual clock reaches them in one step).
  instant: { create: 0, join: 0, roleChange: 0, removal: 0, replication: 0, initialCycle: 0, syncInterval: 40 * 60_000, quarantineRetry: 6 * 3_600_000 },
  // Long enough for a client to observe notStarted and running, short enough for tests.
  fast: { create: 100, join: 400, roleChange: 200, removal: 200, replication: 300, initialCycle: 500, syncInterval: 1_500, quarantineRetry: 3_000 },
  // Orders of magnitude from the docs: minutes for creation, role changes and removals; joins "up to
  // 2 hours" (v1.0) or 4 (beta), and "a few minutes" in the examples. One hour sits between.
  // Synchronization: the portal's "up to 15 seconds" for a new configuration to appear (doubled);
  // a few minutes for the first cycle over a handful of users; cycles every 40 minutes; quarantine
  // retries after 6 hours.
  realistic: {
    create: 3 * 60_000,
    join: 60 * 60_000,
    roleChange: 5 * 60_000,
    removal: 5 * 60_000,
    replication: 30_000,
    initialCycle: 5 * 60_000,
    syncInterval: 40 * 60_000,
    quarantineRetry: 6 * 3_600_000,
  },
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
export type Durations = Partial<Record<TimingKind, number>>;

/**
 * A job's duration: the profile's figure (or the override's) times the time scale (0.001 turns an
 * hour into 3.6 s).
 */
export function jobDuration(profile: Profile, timeScale: number, kind: TimingKind, durations?: Durations): number {
  return Math.round((durations?.[kind] ?? PROFILES[profile][kind]) * timeScale);
}

/** Graph timestamps: ISO 8601 in UTC without fractional seconds. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
