#!/usr/bin/env node
// entra-mto-emulator (in a clone: `npm run emulator --`): the offline Graph and Entra emulator as a
// process, e.g. `--port 8443 --data-dir .emulator-data --profile fast --time-scale 1`. It prints the
// environment a client needs; `--write-world <file>` writes the default world to edit and pass back
// with `--world`. `entra-mto-emulator check <recording>` replays a recording against it (replay/).
import { Command, InvalidArgumentError, Option } from "commander";
import * as fs from "node:fs";
import type { FaultConfig } from "./faults";
import { DEFAULT_WORLD, startEmulator } from "./index";
import { RecordingError, readRecording } from "./replay/read";
import { replayRecording } from "./replay/replay";
import { renderReport } from "./replay/report";
import type { Profile } from "./model/timing";
import type { World } from "./model/world";

const number = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return n;
};
const readJson = (name: string) => (file: string) => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new InvalidArgumentError(`${name}: cannot read JSON from ${file}: ${(err as Error).message}`);
  }
};

const program = new Command("entra-mto-emulator")
  // The server's options come before a subcommand; `check` has options of its own of the same names.
  .enablePositionalOptions()
  .description(
    "Offline Microsoft Graph and Entra identity emulator for multitenant organizations. Serves Graph's MTO and cross-tenant APIs and the token endpoints over HTTPS on loopback, and prints the environment variables a client (pulumi, the Graph SDKs, @azure/identity) needs to reach and trust it.",
  )
  .option("--port <n>", "HTTPS port (0 picks a free one)", number("--port"), 8443)
  .option("--host <addr>", "address to bind", "127.0.0.1")
  .option("--data-dir <dir>", "where state, keys and certificates live", ".emulator-data")
  .option("--world <file>", "world file (tenants, apps, permissions); used when the data dir has no state", readJson("--world"))
  .addOption(new Option("--profile <name>", "durations of asynchronous jobs").choices(["instant", "fast", "realistic"]).default("fast"))
  .option("--time-scale <x>", "multiplies every job duration", number("--time-scale"), 1)
  .option("--manual-clock", "deterministic mode: time moves only through POST /_emulator/clock/advance", false)
  .option("--faults <file>", "fault rules JSON ({seed, rules:[{kind, match, rate, ...}]})", readJson("--faults"))
  .option("--write-world <file>", "write the default world (tenants, apps and their credentials, limits) to a file to edit, then exit")
  .addHelpText(
    "after",
    "\nExamples:\n  entra-mto-emulator --port 8443 --profile realistic --time-scale 0.01\n  entra-mto-emulator --write-world world.json && entra-mto-emulator --world world.json --data-dir .emulator-data",
  )
  .action(async (o) => {
    if (o.writeWorld) {
      fs.writeFileSync(o.writeWorld, JSON.stringify(DEFAULT_WORLD, null, 2) + "\n");
      console.log(`wrote the default world to ${o.writeWorld}; start with --world ${o.writeWorld} (a data dir that already holds state keeps its own world)`);
      return;
    }
    const running = await startEmulator({
      port: o.port,
      host: o.host,
      dataDir: o.dataDir,
      world: o.world as World | undefined,
      profile: o.profile as Profile,
      timeScale: o.timeScale,
      manualClock: o.manualClock,
      faults: o.faults as FaultConfig | undefined,
    });
    console.log(`Graph and Entra emulator listening on ${running.url} (profile ${o.profile}, time scale ${o.timeScale}${o.manualClock ? ", manual clock" : ""})`);
    console.log("Export these in the shell that runs your client or `pulumi`:");
    for (const [k, v] of Object.entries(running.env)) console.log(`export ${k}=${v}`);
    const stop = async () => {
      await running.stop();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

/** Exit codes of `check`: the replay agreed, it found differences, or the recording could not be checked. */
const CHECK_EXIT = { agreed: 0, differences: 1, unusable: 2 } as const;

program
  .command("check <recording>")
  .description(
    "Replay a recording (a .jsonl file, or the folder ENTRA_MTO_RECORD wrote) against a fresh emulator and report every difference: status, error code, properties, enumeration values, timing. Exit codes: 0 no difference, 1 differences, 2 the recording cannot be checked.",
  )
  .addOption(
    new Option("--profile <name>", "the emulator's durations: realistic for recordings of Graph, the emulator's own for its recordings")
      .choices(["instant", "fast", "realistic"])
      .default("realistic"),
  )
  .option("--time-scale <x>", "multiplies the profile's durations, as the recorded emulator's did", number("--time-scale"), 1)
  .option("--report <file>", "also write the Markdown report to this file (to attach to an issue)")
  .option("--json <file>", "also write the differences as JSON")
  .action(async (recording: string, o: { profile: Profile; timeScale: number; report?: string; json?: string }) => {
    try {
      const report = await replayRecording(readRecording(recording), { profile: o.profile, timeScale: o.timeScale });
      const markdown = renderReport(report);
      process.stdout.write(markdown);
      if (o.report) fs.writeFileSync(o.report, markdown);
      if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
      process.exitCode = report.differences.length ? CHECK_EXIT.differences : CHECK_EXIT.agreed;
    } catch (err) {
      console.error(`entra-mto-emulator check: ${err instanceof RecordingError ? err.message : ((err as Error).stack ?? String(err))}`);
      process.exitCode = CHECK_EXIT.unusable;
    }
  });

program.parseAsync().catch((err: Error) => {
  console.error(`entra-mto-emulator: ${err.message}`);
  process.exit(1);
});
