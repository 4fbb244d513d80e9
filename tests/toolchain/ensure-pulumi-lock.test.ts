// Two cold runs of scripts/ensure-pulumi.sh at once build one at a time: while another holds the
// cache's build lock, the script waits before building, and goes on once the lock is released.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot } from "../../scripts/pulumi-env";

const flock = ["/usr/bin/flock", "/bin/flock"].find((f) => fs.existsSync(f));
let cache: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-cli-lock-"));
});
/** A process and what it started (flock's command holds the lock too). */
const killGroup = (c: ChildProcess) => {
  try {
    process.kill(-c.pid!, "SIGKILL");
  } catch {
    // already gone
  }
};
afterEach(() => {
  for (const c of children) killGroup(c);
  fs.rmSync(cache, { recursive: true, force: true });
});

(flock ? test : test.skip)("a cold run waits for the build lock another run holds, then builds", async () => {
  fs.mkdirSync(path.join(cache, "pulumi-cli"), { recursive: true });
  // Another run's build: holds the lock until killed.
  const holder = spawn(flock!, ["-x", path.join(cache, "pulumi-cli", ".lock"), "sleep", "60"], { stdio: "ignore", detached: true });
  children.push(holder);
  await sleep(300);
  // No pulumi on PATH: the script must use the (empty) cache or build.
  const env = { ...process.env, PULUMI_ENTRA_MTO_CACHE: cache, PATH: ["/usr/local/go/bin", "/usr/bin", "/bin"].join(path.delimiter) };
  const run = spawn("bash", [path.join(repoRoot, "scripts", "ensure-pulumi.sh")], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.push(run);
  let said = "";
  run.stderr!.on("data", (d) => {
    said += String(d);
  });
  await sleep(1500);
  expect(said).toMatch(/waiting for any other build of the CLI to finish/);
  expect(said).not.toMatch(/building pulumi v/);
  killGroup(holder);
  for (let i = 0; i < 100 && !/building pulumi v|FAILED/.test(said); i++) await sleep(100);
  expect(said).toMatch(/building pulumi v|FAILED at step "find Go"/);
  killGroup(run);
});
