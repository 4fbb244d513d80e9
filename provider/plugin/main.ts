#!/usr/bin/env node
// pulumi-resource-entra-mto: the executable the engine starts for the `entra-mto` package. It
// serves the provider (provider.ts) with the SDK's provider server, adapted where it falls short
// (sdk-seams.ts), and sends progress lines to the engine (engine-log.ts).
import { main } from "@pulumi/pulumi/provider";
import { adaptProviderServer } from "./sdk-seams";
import { sendLinesTo } from "./configure";
import { engineAddress, engineLog } from "./engine-log";
import { provider } from "./provider";

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  adaptProviderServer();
  await main(provider, args);
  const engine = engineAddress(args);
  if (engine) sendLinesTo(engineLog(engine));
}

run().catch((err: Error) => {
  process.stderr.write(`pulumi-resource-entra-mto: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
