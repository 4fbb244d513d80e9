// The temp-directory check itself: a folder left behind is named; one removed in time is not.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before } from "./temp-dirs";

test("a folder a run leaves in the temp directory fails the run, named", () => {
  const previous = process.env.ENTRA_MTO_TEMP_CHECK;
  process.env.ENTRA_MTO_TEMP_CHECK = "on";
  const cleaned = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-check-"));
  // A record of its own: jest may run this file in the process whose run record the teardown reads.
  const record = path.join(os.tmpdir(), `.entra-mto-jest-self-test-${process.pid}.json`);
  let left: string | undefined;
  try {
    before(record);
    fs.rmSync(cleaned, { recursive: true });
    left = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-check-"));
    expect(() => after(record)).toThrow(new RegExp(`tests left 1 folder\\(s\\) in .*: ${path.basename(left)}$`));
    fs.rmSync(left, { recursive: true });
    left = undefined;
    before(record);
    expect(() => after(record)).not.toThrow();
  } finally {
    fs.rmSync(record, { force: true });
    if (left) fs.rmSync(left, { recursive: true, force: true });
    fs.rmSync(cleaned, { recursive: true, force: true });
    if (previous === undefined) delete process.env.ENTRA_MTO_TEMP_CHECK;
    else process.env.ENTRA_MTO_TEMP_CHECK = previous;
  }
});
