// Replay (`entra-mto-emulator check`): a recording made against the emulator replays against it
// with no difference; against an altered emulator each kind of difference is reported, naming the
// register entries it touches; a file that is not a recording, a newer format, a cut-off line or a
// secret is refused with the file and the line.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { RECORDING_VERSION, type RecordedExchange } from "../../contract/recording";
import { errorCode } from "../../emulator/replay/compare";
import { RecordingError, readRecording } from "../../emulator/replay/read";
import { type Answer, replayRecording } from "../../emulator/replay/replay";
import { membershipHandler } from "../../provider/topology/membership";
import { partnerHandler } from "../../provider/resources/trust/partner";
import { repoRoot } from "../../scripts/pulumi-env";
import { ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";
import { contextFrom, tenantsConfig } from "../provider/fixture";

jest.setTimeout(180_000);
const run = promisify(execFile);
const MTO = "/v1.0/tenantRelationships/multiTenantOrganization";

let em: TestEmulator;
let scratch: string;
let folder: string;

/** A walkthrough recorded against the emulator: an organization with two joined members, then trust. */
beforeAll(async () => {
  process.env.ENTRA_MTO_POLL_INITIAL_MS = "50";
  process.env.ENTRA_MTO_POLL_MAX_MS = "200";
  em = await testEmulator({ manualClock: false, profile: "fast" });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-replay-test-"));
  folder = path.join(scratch, "walkthrough");
  process.env.ENTRA_MTO_RECORD = folder;
  try {
    const ctx = contextFrom(tenantsConfig(em.url, { cairo: CAIRO, berlin: BERLIN, athens: ATHENS }));
    await membershipHandler(ctx).create({
      tenant: "cairo",
      displayName: "Cairo group",
      members: { berlin: { tenantId: BERLIN, displayName: "Berlin", role: "member" }, athens: { tenantId: ATHENS, displayName: "Athens", role: "member" } },
    } as never);
    await partnerHandler(ctx).create({ tenant: "cairo", partnerTenantId: BERLIN, inboundTrust: { isMfaAccepted: true } } as never);
  } finally {
    delete process.env.ENTRA_MTO_RECORD;
  }
});
afterAll(async () => {
  await em?.dispose();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test("a recording of the emulator replays against it with no difference", async () => {
  const recording = readRecording(folder);
  const joins = recording.exchanges.filter((e) => e.method === "PATCH" && e.path.endsWith("/joinRequest"));
  expect(joins.length).toBe(2);
  const report = await replayRecording(recording, { profile: "fast" });
  expect(report.differences).toEqual([]);
  expect(report.replayed).toBeGreaterThan(20);
  expect(report.skipped).toEqual([]);
});

test("an altered emulator: each kind of difference is reported, with the register entries it touches", async () => {
  const recording = readRecording(folder);
  const firstOrgRead = recording.exchanges.find((e) => e.method === "GET" && e.path === MTO && (e.responseBody as { state?: string })?.state === "active")!;
  const missingMember = recording.exchanges.find((e) => e.method === "GET" && e.path === `${MTO}/tenants/${BERLIN}` && e.status === 404)!;
  const partnerWrite = recording.exchanges.find((e) => e.method === "PATCH" && e.path.includes("/crossTenantAccessPolicy/partners/"))!;
  const memberList = recording.exchanges.find((e) => e.method === "GET" && e.path === `${MTO}/tenants` && e.status === 200)!;
  expect([firstOrgRead, missingMember, partnerWrite, memberList].every(Boolean)).toBe(true);
  const alter = (e: RecordedExchange, a: Answer): Answer => {
    const body = a.body as Record<string, any>;
    if (e === firstOrgRead) return { status: a.status, body: { ...body, state: "unknownFutureValue" } };
    if (e === missingMember) return { status: a.status, body: { error: { ...body.error, code: "Request_Altered" } } };
    if (e === memberList && Array.isArray(body?.value))
      return { status: a.status, body: { ...body, value: body.value.map(({ joinedDateTime: _j, ...m }: Record<string, unknown>) => m) } };
    if (e === partnerWrite) return { status: 400, body: { error: { code: "Request_BadRequest", message: "altered" } } };
    return a;
  };
  // Joins ten times slower than the recording saw: the reads that showed them done now show them pending, then agree again.
  const report = await replayRecording(recording, { profile: "fast", alter, durations: { join: 10_000 } });
  const kinds = new Set(report.differences.map((d) => d.kind));
  expect([...kinds].sort()).toEqual(["code", "enum", "property", "status", "timing"]);
  const of = (kind: string) => report.differences.filter((d) => d.kind === kind);
  expect(of("enum").find((d) => d.path === MTO)).toMatchObject({ property: "state", recorded: "active", emulator: "unknownFutureValue", line: firstOrgRead.line });
  expect(of("code")[0]).toMatchObject({ recorded: errorCode(missingMember.responseBody), emulator: "Request_Altered" });
  expect(of("property").some((d) => d.property === "value[].joinedDateTime" && d.recorded === "present")).toBe(true);
  expect(of("status").find((d) => d.line === partnerWrite.line)).toMatchObject({ recorded: 204, emulator: 400, path: partnerWrite.path });
  const timing = of("timing").find((d) => d.path.endsWith("/joinRequest") && d.property === "memberState")!;
  expect(timing).toMatchObject({ property: "memberState", recorded: "active" });
  // The join's duration is an assumption of the emulator's, and the report says which entry.
  expect(timing.register.some((r) => r.evidence === "assumed")).toBe(true);
  for (const d of report.differences) expect(d.says).toMatch(/\w/);
});

describe("recordings the replay refuses, naming the file and the line", () => {
  const lines = () => {
    const file = readRecording(folder).files[0];
    return { file, lines: fs.readFileSync(file, "utf8").split("\n").filter(Boolean) };
  };
  const write = (name: string, text: string) => {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const refusal = (file: string) => {
    try {
      readRecording(file);
    } catch (err) {
      expect(err).toBeInstanceOf(RecordingError);
      return (err as Error).message;
    }
    throw new Error("the recording was accepted");
  };

  test("not a recording", () => {
    const file = write("notes.jsonl", "hello\n");
    expect(refusal(file)).toBe(`${file}:1: not an entra-mto recording: the first line is not JSON (a recording starts with {"format":"entra-mto-recording",…})`);
    expect(refusal(write("other.jsonl", '{"format":"har"}\n'))).toMatch(/:1: not an entra-mto recording/);
  });

  test("a newer format", () => {
    const { lines: l } = lines();
    const header = { ...JSON.parse(l[0]), version: RECORDING_VERSION + 1 };
    const file = write("newer.jsonl", `${[JSON.stringify(header), ...l.slice(1)].join("\n")}\n`);
    expect(refusal(file)).toMatch(new RegExp(`:1: format version ${RECORDING_VERSION + 1} is newer than this tool reads \\(${RECORDING_VERSION}\\)`));
  });

  test("a line cut off", () => {
    const { lines: l } = lines();
    const file = write("cut.jsonl", `${l.slice(0, 4).join("\n")}\n${l[4].slice(0, 30)}`);
    expect(refusal(file)).toBe(`${file}:5: truncated: the last line was cut off (the recording process stopped while writing it)`);
  });

  test("a secret", () => {
    const { lines: l } = lines();
    const exchange = JSON.parse(l[3]);
    exchange.responseBody = { ...(exchange.responseBody ?? {}), note: `Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eHh4eHh4eHgifQ.c2lnbmF0dXJlc2lnbmF0dXJl` };
    const file = write("secret.jsonl", `${[...l.slice(0, 3), JSON.stringify(exchange), ...l.slice(4)].join("\n")}\n`);
    expect(refusal(file)).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4: responseBody.note looks like .*; a recording must hold no secret`));
  });
});

test("the command: exit 0 and a Markdown report for a clean replay, 2 for a recording it refuses", async () => {
  const cli = path.join(repoRoot, "dist", "emulator", "cli.js");
  const reportFile = path.join(scratch, "report.md");
  const clean = await run(process.execPath, [cli, "check", folder, "--profile", "fast", "--report", reportFile]).catch((err: { stdout: string; stderr: string; code: number }) => {
    throw new Error(`exit ${err.code}: ${err.stdout}${err.stderr}`);
  });
  expect(clean.stdout).toMatch(/^# Replay of a recording against the emulator/);
  expect(clean.stdout).toContain("The emulator answered every replayed request as the recording shows.");
  expect(fs.readFileSync(reportFile, "utf8")).toBe(clean.stdout);
  const bad = path.join(scratch, "bad.jsonl");
  fs.writeFileSync(bad, "not a recording\n");
  const refused = await run(process.execPath, [cli, "check", bad]).catch((err: { code: number; stderr: string }) => err);
  expect(refused).toMatchObject({ code: 2 });
  expect((refused as { stderr: string }).stderr).toContain(`${bad}:1: not an entra-mto recording`);
});
