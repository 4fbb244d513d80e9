// Tests leave nothing behind in the temp directory: the folders this project's tests and tools
// create there (named entra-mto-*) are listed before the run, and any new one left after it fails
// the run with its name. On by default under CI=true (a clean machine), or with
// ENTRA_MTO_TEMP_CHECK=on: another run on the same machine at the same time would be reported too.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const OURS = /^entra-mto-/;
/** Where the run's list is kept between setup and teardown (one per jest process). */
const RUN_RECORD = path.join(os.tmpdir(), `.entra-mto-jest-${process.ppid}-${process.pid}.json`);
const ours = () => fs.readdirSync(os.tmpdir()).filter((n) => OURS.test(n));

const enabled = () => process.env.ENTRA_MTO_TEMP_CHECK === "on" || (process.env.CI === "true" && process.env.ENTRA_MTO_TEMP_CHECK !== "off");

export function before(record = RUN_RECORD): void {
  if (!enabled()) return;
  fs.writeFileSync(record, JSON.stringify(ours()));
}

export function after(record = RUN_RECORD): void {
  if (!enabled()) return;
  const earlier = new Set<string>(JSON.parse(fs.readFileSync(record, "utf8")));
  fs.rmSync(record, { force: true });
  const left = ours().filter((n) => !earlier.has(n));
  if (left.length) throw new Error(`tests left ${left.length} folder(s) in ${os.tmpdir()}: ${left.join(", ")}`);
}
