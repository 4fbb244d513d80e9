// `npm start` as a newcomer meets it (its program after the bootstrap): the realistic emulator,
// `pulumi up` of the walkthrough, the organization table, the drift check; a second run changes
// nothing. Time-scaled harder than the demo's minute so the suite stays quick.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../scripts/pulumi-env";

jest.setTimeout(300_000);
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-start-"));
afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

async function start(): Promise<string> {
  const env = { ...process.env, PULUMI_ENTRA_MTO_STATE_DIR: stateDir, ENTRA_MTO_DEMO_TIME_SCALE: "0.002", FORCE_COLOR: "0" };
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, "dist", "scripts", "start.js")], { env, cwd: repoRoot, maxBuffer: 16 << 20 });
  return stdout;
}

const row = (alias: string, name: string, role: string) => new RegExp(`^${alias} \\(${name}, [0-9a-f-]{36}\\) +${role} +active +(-|\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z) +\\S.*$`, "m");

test("a first run converges and shows the organization and no drift; a second run changes nothing", async () => {
  const first = await start();
  expect(first).toMatch(/Graph emulator: https:\/\/127\.0\.0\.1:\d+ \(realistic durations/);
  expect(first).toMatch(/\+ 17 created/);
  // Progress names tenants as people know them, with Graph's states of the join.
  expect(first).toMatch(/join of berlin \(Berlin, [0-9a-f-]{36}\) into the organization of cairo \(Cairo, [0-9a-f-]{36}\): pending \(running\)/);
  expect(first).toMatch(/^Organization "Cairo": 3 tenant\(s\)$/m);
  expect(first).toMatch(row("cairo", "Cairo", "owner"));
  expect(first).toMatch(row("berlin", "Berlin", "member"));
  expect(first).toMatch(row("athens", "Athens", "member"));
  expect(first).toMatch(/^athens .*berlin, cairo: accepts MFA, compliant devices; auto-consent in\/out/m);
  // Cairo's three pilots were waited for (wait: synchronized) and are in Berlin.
  expect(first).toMatch(/first cycle of the synchronization of users from cairo \(Cairo, [0-9a-f-]{36}\) into berlin \(Berlin, [0-9a-f-]{36}\): /);
  expect(first).toMatch(/^ {2}cairo → berlin: synchronized by 'MTO_Sync_[0-9a-f-]{36}': Active \(schedule Active, last cycle Succeeded at \S+, 3 user\(s\) synchronized\)$/m);
  expect(first).toMatch(/^No drift in stack dev/m);

  const second = await start();
  expect(second).toMatch(/17 unchanged/);
  expect(second).not.toMatch(/created|updated|deleted/);
  expect(second).toMatch(/^No drift in stack dev/m);
});
