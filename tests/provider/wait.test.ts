// The waiter: done, failed with Graph's details, timed out with the last state, backoff growth,
// and progress lines only when something changes; the poll schedule and its read counts.
import { WaitFailedError, WaitTimeoutError, defaultIntervals, pollTimes, waitFor } from "../../provider/wait";

test("polls until done, with growing intervals, logging each new state once", async () => {
  const states = ["notStarted", "notStarted", "running", "running", "running", "active"];
  const pauses: number[] = [];
  const lines: string[] = [];
  const seen = await waitFor(
    async () => {
      const state = states.shift()!;
      return { done: state === "active", state };
    },
    { what: "join", timeoutMs: 10_000, initialIntervalMs: 20, factor: 2, maxIntervalMs: 80, log: (l) => lines.push(l), sleep: async (ms) => pauses.push(ms) },
  );
  expect(seen.state).toBe("active");
  expect(lines.map((l) => l.split(":")[1].trim().split(" ")[0])).toEqual(["notStarted", "running", "active"]);
  // Five pauses between six polls: doubling from 20 ms, capped at 80 ms.
  expect(pauses).toEqual([20, 40, 80, 80, 80]);
});

test("a failed status becomes an error carrying Graph's details", async () => {
  const err = await waitFor(async () => ({ done: false, failed: "DirectoryService Exception", state: "pending (failed)" }), { what: "join of B", timeoutMs: 1000 }).catch((e) => e);
  expect(err).toBeInstanceOf(WaitFailedError);
  expect(err.message).toBe("join of B failed: Graph reported: DirectoryService Exception");
});

test("the deadline ends the wait with the last state Graph reported and the hint", async () => {
  const err = await waitFor(async () => ({ done: false, state: "pending (running)" }), {
    what: "join of B",
    timeoutMs: 100,
    initialIntervalMs: 20,
    onTimeout: "Run `pulumi up` again.",
  }).catch((e) => e);
  expect(err).toBeInstanceOf(WaitTimeoutError);
  expect(err.message).toMatch(/^timed out after \d+ s waiting for join of B; Graph last reported: pending \(running\)\. Run `pulumi up` again\.$/);
});

test("a poll Graph did not answer through all retries is asked again; any other failure ends the wait", async () => {
  const { GraphRequestError } = await import("../../provider/graph/errors");
  const throttled = () => new GraphRequestError("GET /x", 429, "TooManyRequests", "Please retry again later.", undefined);
  const answers: (() => { done: boolean; state: string })[] = [
    () => {
      throw throttled();
    },
    () => ({ done: false, state: "running" }),
    () => {
      throw throttled();
    },
    () => ({ done: true, state: "active" }),
  ];
  const seen = await waitFor(async () => answers.shift()!(), { what: "join", timeoutMs: 5_000, initialIntervalMs: 5 });
  expect(seen.state).toBe("active");

  const forbidden = new GraphRequestError("GET /x", 403, "Authorization_RequestDenied", "no", undefined);
  await expect(waitFor(async () => Promise.reject(forbidden), { what: "join", timeoutMs: 5_000, initialIntervalMs: 5 })).rejects.toBe(forbidden);
  // Past the deadline the last failure is reported.
  await expect(waitFor(async () => Promise.reject(throttled()), { what: "join", timeoutMs: 30, initialIntervalMs: 5 })).rejects.toMatchObject({ status: 429 });
});

test("the progress period comes from ENTRA_MTO_PROGRESS_MS (15 s by default)", async () => {
  expect(defaultIntervals({}).progressEveryMs).toBe(15_000);
  expect(defaultIntervals({ ENTRA_MTO_PROGRESS_MS: "5000" }).progressEveryMs).toBe(5000);
  expect(defaultIntervals({ ENTRA_MTO_PROGRESS_MS: "soon" }).progressEveryMs).toBe(15_000);
  expect(defaultIntervals({ ENTRA_MTO_PROGRESS_MS: "" }).progressEveryMs).toBe(15_000);
});

test("a long wait reports every period, during long pauses too: what is awaited, for how long, and what Graph last reported", async () => {
  // A clock the pauses advance, so a wait of minutes takes no time.
  let now = 1_000_000;
  jest.spyOn(Date, "now").mockImplementation(() => now);
  const previous = process.env.ENTRA_MTO_PROGRESS_MS;
  process.env.ENTRA_MTO_PROGRESS_MS = "15000";
  try {
    const states = ["pending (notStarted)", ...Array.from({ length: 3 }, () => "pending (running)"), "active"];
    const lines: string[] = [];
    const pauses: number[] = [];
    await waitFor(
      async () => {
        const state = states.shift()!;
        return { done: state === "active", state };
      },
      {
        what: "join of berlin (Berlin, 00000be1-0000-4000-8000-000000000be1) into the organization of cairo (Cairo, 00000ca1-0000-4000-8000-000000000ca1)",
        timeoutMs: 3_600_000,
        initialIntervalMs: 40_000,
        factor: 1,
        log: (l) => lines.push(l),
        sleep: async (ms) => {
          pauses.push(ms);
          now += ms;
        },
      },
    );
    const what = "join of berlin (Berlin, 00000be1-0000-4000-8000-000000000be1) into the organization of cairo (Cairo, 00000ca1-0000-4000-8000-000000000ca1)";
    expect(lines).toEqual([
      `${what}: pending (notStarted) (0 s)`,
      `${what}: pending (notStarted) (15 s)`,
      `${what}: pending (notStarted) (30 s)`,
      `${what}: pending (running) (40 s)`,
      `${what}: pending (running) (55 s)`,
      `${what}: pending (running) (70 s)`,
      `${what}: pending (running) (85 s)`,
      `${what}: pending (running) (100 s)`,
      `${what}: pending (running) (115 s)`,
      `${what}: pending (running) (130 s)`,
      `${what}: pending (running) (145 s)`,
      `${what}: active (160 s)`,
    ]);
    // The pauses between polls still add up to the poll interval.
    expect(pauses.reduce((a, b) => a + b, 0)).toBe(4 * 40_000);
  } finally {
    if (previous === undefined) delete process.env.ENTRA_MTO_PROGRESS_MS;
    else process.env.ENTRA_MTO_PROGRESS_MS = previous;
    jest.restoreAllMocks();
  }
});

describe("the poll schedule", () => {
  const MIN = 60_000;
  const seen = (jobMs: number, env: NodeJS.ProcessEnv = {}) => {
    const times = pollTimes(jobMs, defaultIntervals(env));
    return { reads: times.length, lateMs: times[times.length - 1] - jobMs };
  };

  test("a 3-minute job is seen within 20 s, a 4-hour one within 5 % in at most 40 reads", () => {
    expect(seen(3 * MIN)).toEqual({ reads: 14, lateMs: 1_562.5 });
    expect(seen(60 * MIN).reads).toBe(24);
    expect(seen(240 * MIN).reads).toBe(39);
    // Every job of up to 3.5 minutes is seen within 20 s; every one of 4 hours or more within 12 minutes.
    for (let ms = 1_000; ms <= 210_000; ms += 1_000) expect(seen(ms).lateMs).toBeLessThanOrEqual(20_000);
    for (let ms = 240 * MIN; ms <= 250 * MIN; ms += 7_000) expect(seen(ms).lateMs).toBeLessThanOrEqual(12 * MIN);
  });

  test("intervals: 2 s growing ×1.5 to 20 s for 3.5 minutes, then doubling to 12 minutes", () => {
    const times = pollTimes(60 * MIN, defaultIntervals({}));
    const pauses = times.slice(1).map((t, i) => t - times[i]);
    expect(pauses).toEqual([2000, 3000, 4500, 6750, 10125, 15187.5, ...Array(9).fill(20_000), 40_000, 80_000, 160_000, 320_000, 640_000, 720_000, 720_000, 720_000]);
  });

  test("ENTRA_MTO_TIME_SCALE scales the built-in durations; the explicit settings stay as given", () => {
    expect(defaultIntervals({ ENTRA_MTO_TIME_SCALE: "0.01" })).toEqual({
      initialIntervalMs: 20,
      factor: 1.5,
      quickMaxIntervalMs: 200,
      quickPhaseMs: 2100,
      slowFactor: 2,
      maxIntervalMs: 7200,
      progressEveryMs: 150,
    });
    expect(seen(240 * MIN * 0.01, { ENTRA_MTO_TIME_SCALE: "0.01" }).reads).toBe(39);
    const env = { ENTRA_MTO_TIME_SCALE: "0.01", ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300", ENTRA_MTO_PROGRESS_MS: "5000" };
    expect(defaultIntervals(env)).toMatchObject({ initialIntervalMs: 100, maxIntervalMs: 300, progressEveryMs: 5000 });
    for (const scale of ["0", "-1", "fast", ""]) expect(defaultIntervals({ ENTRA_MTO_TIME_SCALE: scale }).maxIntervalMs).toBe(12 * MIN);
  });

  test("small overrides cap every interval, as tests against the fast emulator set them", () => {
    const times = pollTimes(10 * MIN, defaultIntervals({ ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: "300" }));
    const pauses = times.slice(1).map((t, i) => t - times[i]);
    expect(pauses.slice(0, 4)).toEqual([100, 150, 225, 300]);
    expect(Math.max(...pauses)).toBe(300);
  });

  test("the waiter pauses as the schedule says", async () => {
    let now = 5_000_000;
    jest.spyOn(Date, "now").mockImplementation(() => now);
    try {
      const job = 40 * MIN;
      const pauses: number[] = [];
      const started = now;
      await waitFor(async () => ({ done: now - started >= job, state: "running" }), {
        what: "join",
        timeoutMs: 4 * 60 * MIN,
        sleep: async (ms) => {
          pauses.push(ms);
          now += ms;
        },
      });
      const times = pollTimes(job, defaultIntervals({}));
      expect(pauses).toEqual(times.slice(1).map((t, i) => t - times[i]));
    } finally {
      jest.restoreAllMocks();
    }
  });
});
