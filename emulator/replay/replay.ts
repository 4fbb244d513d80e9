// Replaying a recording against the emulator: a world built from the recording (its tenants, with
// one app consented in each configured tenant), the emulator's clock moved by the recorded gaps,
// each recorded request sent again in order as the tenant that sent it, and each answer compared
// with the recorded one (compare.ts). Ids the emulator gives where Graph gave others are followed;
// a difference that heals at a later read of the same object is a difference of timing. Every
// difference names the register entries it touches (register.ts).
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REDACTED } from "../../contract/recording";
import { type RunningEmulator, startEmulator } from "../index";
import type { Durations, Profile } from "../model/timing";
import { CTS_ADMIN_PERMISSIONS, DEFAULT_WORLD, MTO_ADMIN_PERMISSIONS, type World, type WorldTenant } from "../model/world";
import { touchedBy } from "../register";
import { type Found, compareAnswers, enumValues, idsBetween, propertyPaths } from "./compare";
import type { ReadExchange, Recording } from "./read";

export interface Answer {
  status: number;
  body?: unknown;
}

export interface ReplayOptions {
  /** The emulator's durations: `realistic` (default) for recordings of Graph, the emulator's own profile for its recordings. */
  profile?: Profile;
  /** Multiplies the profile's durations, as the recorded emulator's --time-scale did. */
  timeScale?: number;
  durations?: Durations;
  /** Changes the emulator's answers before they are compared: how the tests alter the emulator. */
  alter?: (exchange: ReadExchange, answer: Answer) => Answer;
}

export interface Difference extends Found {
  file: string;
  line: number;
  method: string;
  path: string;
  /** Milliseconds since the recording's first exchange. */
  offsetMs: number;
  says: string;
  /** The register entries it touches: id and evidence. */
  register: { id: string; evidence: string }[];
}

export interface ReplayReport {
  files: string[];
  profile: Profile;
  exchanges: number;
  replayed: number;
  skipped: { file: string; line: number; why: string }[];
  differences: Difference[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_KEYS = new Set(["tenantId", "addedByTenantId", "partnerTenantId"]);
const REPLAY_APP = "a0a0a0a0-0000-4000-8000-0000000a11ce";

/** Tenant ids the exchanges name (besides the configured ones), with what Graph said of them. */
function tenantsNamed(rec: Recording): Map<string, Partial<WorldTenant>> {
  const found = new Map<string, Partial<WorldTenant>>();
  const visit = (v: unknown, key = ""): void => {
    if (typeof v === "string" && TENANT_KEYS.has(key) && GUID.test(v)) found.set(v.toLowerCase(), found.get(v.toLowerCase()) ?? {});
    else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      // findTenantInformation answers: the tenant's names as Graph knows them.
      if (typeof o.tenantId === "string" && typeof o.defaultDomainName === "string") {
        found.set(o.tenantId.toLowerCase(), { displayName: String(o.displayName ?? ""), defaultDomain: o.defaultDomainName });
      }
      for (const [k, x] of Object.entries(o)) visit(x, k);
    }
  };
  for (const e of rec.exchanges) {
    visit(e.requestBody);
    visit(e.responseBody);
    const byId = /findTenantInformationByTenantId\(tenantId='([0-9a-f-]{36})'\)/i.exec(e.path);
    if (byId) found.set(byId[1].toLowerCase(), found.get(byId[1].toLowerCase()) ?? {});
  }
  return found;
}

/** The world the replay runs in, and the secret of its one app. */
export function worldFor(rec: Recording): { world: World; secret: string } {
  const named = tenantsNamed(rec);
  for (const id of rec.tenants.values()) if (!named.has(id)) named.set(id, {});
  const aliasOf = new Map([...rec.tenants].map(([alias, id]) => [id, alias]));
  const tenants: WorldTenant[] = [...named].map(([id, seen]) => {
    const known = DEFAULT_WORLD.tenants.find((t) => t.id === id);
    const name = aliasOf.get(id) ?? `tenant-${id.slice(0, 8)}`;
    return known ?? { id, displayName: seen.displayName || name, defaultDomain: seen.defaultDomain ?? `${name}.onmicrosoft.com`, internalUserCount: 250 };
  });
  const secret = `replay-${randomUUID()}`;
  const grants = Object.fromEntries([...rec.tenants.values()].map((id) => [id, [...MTO_ADMIN_PERMISSIONS, ...CTS_ADMIN_PERMISSIONS]]));
  return { world: { tenants, apps: [{ clientId: REPLAY_APP, displayName: "Replay", secrets: [secret], grants }] }, secret };
}

/** The identity exchanges the emulator answers: token requests and OpenID discovery. */
const REPLAYABLE_IDENTITY = /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration)$/;

function parsed(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(f: Found, offsetMs: number): string {
  const v = (x: unknown) => (typeof x === "string" ? `'${x}'` : String(x));
  switch (f.kind) {
    case "status":
      return `status: the recording has ${f.recorded}, the emulator answered ${f.emulator}`;
    case "code":
      return `error code: the recording has ${v(f.recorded)}, the emulator answered ${v(f.emulator)}`;
    case "property":
      return f.recorded === "present" ? `${f.property}: in the recorded answer, missing from the emulator's` : `${f.property}: in the emulator's answer, not in the recorded one`;
    case "enum":
      return `${f.property}: the recording has ${v(f.recorded)}, the emulator answered ${v(f.emulator)}`;
    case "timing":
      return `${f.property}: at +${seconds(offsetMs)} the recording has ${v(f.recorded)} and the emulator ${v(f.emulator)}, as the recording has it at another read of the same object: the transition takes another time under the emulator's profile`;
  }
}

const seconds = (ms: number) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s` : `${(ms / 1000).toFixed(1)}s`);

class Replay {
  private readonly tokens = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly em: RunningEmulator,
    private readonly rec: Recording,
    private readonly secret: string,
  ) {}

  /** A recorded id as the emulator knows it, in a path or a body. */
  private mapped(text: string): string {
    let out = text;
    for (const [from, to] of [...this.ids].sort((a, b) => b[0].length - a[0].length)) out = out.split(from).join(to);
    return out;
  }

  private async token(tenantId: string): Promise<string> {
    let token = this.tokens.get(tenantId);
    if (!token) {
      const form = new URLSearchParams({ client_id: REPLAY_APP, client_secret: this.secret, scope: "https://graph.microsoft.com/.default", grant_type: "client_credentials" });
      const r = await this.em.inject({
        method: "POST",
        url: `/${tenantId}/oauth2/v2.0/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: form.toString(),
      });
      token = (JSON.parse(r.body) as { access_token: string }).access_token;
      this.tokens.set(tenantId, token);
    }
    return token;
  }

  /** Sends the recorded request again; undefined when it cannot be (why in `skip`). */
  async send(e: ReadExchange): Promise<Answer | { skip: string }> {
    if (e.status === 0) return { skip: `no answer was recorded (${e.failure ?? "the request failed"})` };
    if (e.channel === "identity") {
      const at = e.path.split("?")[0];
      if (!REPLAYABLE_IDENTITY.test(at)) return { skip: `the emulator does not serve ${e.method} ${at}` };
      if (e.status >= 400) return { skip: "a refused token request: the replay holds none of the recorded credentials" };
      const form = e.method === "POST" ? new URLSearchParams({ ...(e.requestBody as Record<string, string>), client_id: REPLAY_APP, client_secret: this.secret }) : undefined;
      form?.delete("client_assertion");
      form?.delete("client_assertion_type");
      const r = await this.em.inject({
        method: e.method,
        url: this.mapped(e.path),
        headers: form ? { "content-type": "application/x-www-form-urlencoded" } : {},
        payload: form?.toString(),
      });
      return { status: r.status, body: parsed(r.body) };
    }
    const tenantId = this.rec.tenants.get(e.tenant);
    if (!tenantId) return { skip: `tenant alias '${e.tenant}' is not in the recording's header` };
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token(tenantId)}` };
    for (const [k, v] of Object.entries(e.requestHeaders ?? {})) if (k !== "content-length") headers[k] = v;
    const body = e.requestBody === undefined ? undefined : this.mapped(typeof e.requestBody === "string" ? e.requestBody : JSON.stringify(e.requestBody));
    if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
    const r = await this.em.inject({ method: e.method, url: this.mapped(e.path), headers, payload: body });
    return { status: r.status, body: parsed(r.body) };
  }

  follow(recorded: unknown, emulator: unknown): void {
    for (const [from, to] of idsBetween(recorded, emulator)) if (from !== REDACTED) this.ids.set(from, to);
  }
}

/** What the recording showed at each read of an object: "path property" → [offset, value] for enumerations, "path" → [offset, shape] for the set of properties. */
type History = Map<string, [number, string][]>;

const shapeOf = (body: unknown) => [...propertyPaths(body)].sort().join(",");

/**
 * Differences on a read that are a matter of time, not of behaviour: the emulator shows a value (or
 * a shape of answer) the recording shows at a later read of the same object (the emulator is
 * ahead) or showed at an earlier one (the emulator is behind).
 */
function timingOf(differences: Difference[], history: History, answerShapes: Map<Difference, string>): void {
  const seen = (key: string, offsetMs: number, value: unknown) => !!history.get(key)?.some(([t, v]) => t !== offsetMs && v === value);
  for (const d of differences) {
    if (d.method !== "GET") continue;
    if (d.kind === "enum" && seen(`${d.path} ${d.property}`, d.offsetMs, d.emulator)) d.kind = "timing";
    else if (d.kind === "property" && seen(d.path, d.offsetMs, answerShapes.get(d))) d.kind = "timing";
  }
}

export async function replayRecording(rec: Recording, opts: ReplayOptions = {}): Promise<ReplayReport> {
  const profile = opts.profile ?? "realistic";
  const { world, secret } = worldFor(rec);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-replay-"));
  const em = await startEmulator({ dataDir, world, profile, timeScale: opts.timeScale, durations: opts.durations, manualClock: true, port: 0 });
  const replay = new Replay(em, rec, secret);
  const report: ReplayReport = { files: rec.files, profile, exchanges: rec.exchanges.length, replayed: 0, skipped: [], differences: [] };
  /** What the recording showed of each enumeration at each read (to tell timing from behaviour). */
  const history: History = new Map();
  /** The emulator's answer, as a set of properties, where a property differed. */
  const answerShapes = new Map<Difference, string>();
  try {
    const t0 = rec.exchanges.length ? Date.parse(rec.exchanges[0].at) : 0;
    let clock = 0;
    const moveTo = (offsetMs: number) => {
      if (offsetMs > clock) {
        em.emulator.advance(offsetMs - clock);
        clock = offsetMs;
      }
    };
    /** The longest a write took: how far behind the recording a job the replay started may be. */
    let writeMs = 0;
    for (const e of rec.exchanges) {
      const offsetMs = Date.parse(e.at) - t0;
      // Graph acted on a request somewhere between sending it and the answer: a write is replayed
      // at the answer's time and a read at the sending time, so the emulator is never ahead of the
      // recording, only behind by at most a write's duration; a read that disagrees is asked again
      // that much later.
      const write = e.method !== "GET";
      moveTo(write ? offsetMs + e.ms : offsetMs);
      let answer = await replay.send(e);
      if ("skip" in answer) {
        report.skipped.push({ file: e.file, line: e.line, why: answer.skip });
        continue;
      }
      if (write) writeMs = Math.min(Math.max(writeMs, e.ms), 5_000);
      const recorded = { status: e.status, body: e.responseBody };
      let found = compareAnswers(recorded, opts.alter ? opts.alter(e, answer) : answer);
      if (!write && found.length) {
        moveTo(offsetMs + e.ms + writeMs);
        const again = await replay.send(e);
        if (!("skip" in again)) {
          const second = compareAnswers(recorded, opts.alter ? opts.alter(e, again) : again);
          if (second.length < found.length) [answer, found] = [again, second];
        }
      }
      report.replayed++;
      replay.follow(e.responseBody, answer.body);
      const pathOnly = e.path.split("?")[0];
      const remember = (key: string, value: string) => history.set(key, [...(history.get(key) ?? []), [offsetMs, value]]);
      for (const [p, value] of enumValues(e.responseBody)) remember(`${e.path} ${p}`, value);
      if (!write) remember(e.path, shapeOf(e.responseBody));
      for (const f of found) {
        const d: Difference = {
          ...f,
          file: e.file,
          line: e.line,
          method: e.method,
          path: e.path,
          offsetMs,
          says: "",
          register: touchedBy(e.method, pathOnly, f.property).map((b) => ({ id: b.id, evidence: b.evidence })),
        };
        report.differences.push(d);
        if (f.kind === "property") answerShapes.set(d, shapeOf(answer.body));
      }
    }
    timingOf(report.differences, history, answerShapes);
    for (const d of report.differences) d.says = describe(d, d.offsetMs);
    return report;
  } finally {
    await em.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
