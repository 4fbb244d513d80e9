// Injected faults: throttling, unavailability, latency, dropped connections and read-after-write
// lag, each for requests whose method and path match a rule, at a rate, drawn from a seeded
// generator so a run can be replayed.

export type FaultKind = "throttle" | "unavailable" | "timeout" | "latency" | "drop" | "stale";

export interface FaultRule {
  kind: FaultKind;
  /** Regular expression over "METHOD /path" (path below the version), e.g. "^GET /tenantRelationships". */
  match: string;
  /** Probability in [0, 1] that a matching request is hit. */
  rate: number;
  /** throttle: Retry-After in seconds (default 1). */
  retryAfterSeconds?: number;
  /** latency: added delay; stale: the window after a write during which reads may be stale. */
  ms?: number;
  /** How many more times the rule may fire; unlimited when absent. */
  times?: number;
  /**
   * timeout only: the request is carried out first and then answered 504, as when a gateway gives
   * up on a service that finishes the write anyway. Without it, a 504 leaves the state unchanged.
   */
  applied?: boolean;
}

export interface FaultConfig {
  seed: number;
  rules: FaultRule[];
}

const KINDS: FaultKind[] = ["throttle", "unavailable", "timeout", "latency", "drop", "stale"];

/** Checks a fault configuration; every problem names the rule and field. */
export function validateFaults(config: unknown): string[] {
  const c = config as Partial<FaultConfig>;
  const problems: string[] = [];
  if (!c || typeof c !== "object") return ["faults: must be an object with seed and rules"];
  if (c.seed !== undefined && !Number.isInteger(c.seed)) problems.push("faults.seed: must be an integer");
  if (!Array.isArray(c.rules)) return [...problems, "faults.rules: must be an array"];
  c.rules.forEach((r, i) => {
    if (!KINDS.includes(r?.kind)) problems.push(`faults.rules[${i}].kind: must be one of ${KINDS.join(", ")}`);
    try {
      new RegExp(r?.match);
    } catch {
      problems.push(`faults.rules[${i}].match: not a valid regular expression`);
    }
    if (typeof r?.rate !== "number" || r.rate < 0 || r.rate > 1) problems.push(`faults.rules[${i}].rate: must be a number from 0 to 1`);
    if (r?.ms !== undefined && !(r.ms >= 0)) problems.push(`faults.rules[${i}].ms: must be a non-negative number`);
    if (r?.applied !== undefined && (typeof r.applied !== "boolean" || r.kind !== "timeout")) problems.push(`faults.rules[${i}].applied: a Boolean, for kind timeout only`);
  });
  return problems;
}

/** mulberry32: small, fast and good enough to make fault draws reproducible from a seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: (FaultRule & { re: RegExp })[] = [];
  private seed = 1;
  private random: () => number = mulberry32(1);

  configure(config: FaultConfig): void {
    this.seed = config.seed ?? 1;
    this.random = mulberry32(this.seed);
    this.rules = config.rules.map((r) => ({ ...r, re: new RegExp(r.match) }));
  }

  clear(): void {
    this.rules = [];
  }

  config(): FaultConfig {
    return { seed: this.seed, rules: this.rules.map(({ re: _re, ...r }) => r) };
  }

  /** The faults that fire for this request, one draw per matching rule, in rule order. */
  draw(method: string, path: string): FaultRule[] {
    const key = `${method} ${path}`;
    const fired: FaultRule[] = [];
    for (const rule of this.rules) {
      if (!rule.re.test(key) || rule.times === 0) continue;
      if (this.random() < rule.rate) {
        if (rule.times !== undefined) rule.times -= 1;
        fired.push(rule);
      }
    }
    return fired;
  }
}
