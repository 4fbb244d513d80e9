#!/usr/bin/env node
// pulumi-resource-entra-mto: the executable the engine starts for the `entra-mto` package. It
// serves the provider (provider.ts) with the SDK's provider server, adapted where it falls short
// (server-adapter.ts), and sends progress lines to the engine (engine-log.ts).
import { main } from "@pulumi/pulumi/provider";
import { adaptProviderServer } from "./server-adapter";
import { engineAddress, forwardConsoleToEngine } from "./engine-log";
import { provider } from "./provider";

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  adaptProviderServer();
  // main prints the port the engine connects to on stdout: only after that may console.log move.
  await main(provider, args);
  const engine = engineAddress(args);
  if (engine) forwardConsoleToEngine(engine);
}

run().catch((err: Error) => {
  process.stderr.write(`pulumi-resource-entra-mto: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
