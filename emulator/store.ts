// Persistence: the whole state in one JSON file, replaced atomically (write, fsync, rename), so a
// crash never leaves half a state and a restart resumes every object and pending job.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorState } from "./model/state";

export class StateFile {
  readonly file: string;
  constructor(dataDir: string) {
    this.file = path.join(dataDir, "state.json");
  }

  load(): EmulatorState | undefined {
    if (!fs.existsSync(this.file)) return undefined;
    const state = JSON.parse(fs.readFileSync(this.file, "utf8")) as EmulatorState;
    if (state.version !== 1) throw new Error(`${this.file}: unsupported state version ${String(state.version)}`);
    return state;
  }

  save(state: EmulatorState): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, JSON.stringify(state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}
