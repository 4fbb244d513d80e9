// `npm run emulator -- --port 8443 --data-dir .emulator-data --profile fast --time-scale 1`
import { Command, InvalidArgumentError, Option } from "commander";
import * as fs from "node:fs";
import type { FaultConfig } from "./faults";
import { startEmulator } from "./index";
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

const program = new Command("emulator")
  .description("Offline Microsoft Graph and Entra identity emulator for multitenant organizations")
  .option("--port <n>", "HTTPS port (0 picks a free one)", number("--port"), 8443)
  .option("--host <addr>", "address to bind", "127.0.0.1")
  .option("--data-dir <dir>", "where state, keys and certificates live", ".emulator-data")
  .option("--world <file>", "world file (tenants, apps, permissions); used when the data dir has no state", readJson("--world"))
  .addOption(new Option("--profile <name>", "durations of asynchronous jobs").choices(["instant", "fast", "realistic"]).default("fast"))
  .option("--time-scale <x>", "multiplies every job duration", number("--time-scale"), 1)
  .option("--manual-clock", "deterministic mode: time moves only through POST /_emulator/clock/advance", false)
  .option("--faults <file>", "fault rules JSON ({seed, rules:[{kind, match, rate, ...}]})", readJson("--faults"))
  .action(async (o) => {
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

program.parseAsync().catch((err: Error) => {
  console.error(`emulator: ${err.message}`);
  process.exit(1);
});
