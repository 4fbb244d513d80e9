// A stack of one of the examples against the test emulator, as most end-to-end tests start: the
// emulator's CA trusted, quick polls, every tenant acting with the admin app's secret from the
// environment, and a secret scan watching every command of the stack.
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, type TestEmulator } from "../emulator/harness";
import { type EngineStack, newEngineStack } from "./engine";
import { SecretScan } from "./secrets";

export const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";

export interface EmulatorStack extends EngineStack {
  scan: SecretScan;
}

/** `tenants`: alias → tenant id; `config`: the program's own settings besides entra-mto's. */
export async function emulatorStack(
  em: TestEmulator,
  example: string,
  tenants: Record<string, string>,
  opts: { pollMaxMs?: number; config?: ConfigMap } = {},
): Promise<EmulatorStack> {
  const engine = await newEngineStack({
    workDir: path.join(repoRoot, "examples", example),
    extraEnv: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", ENTRA_MTO_POLL_MAX_MS: String(opts.pollMaxMs ?? 500), [SECRET_ENV]: ADMIN_APP.secrets![0] },
  });
  const scan = new SecretScan(em).add("client secret", ADMIN_APP.secrets![0]);
  scan.watch(engine.stack);
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
  await engine.stack.setAllConfig({
    "entra-mto:tenants": { value: JSON.stringify(Object.fromEntries(Object.entries(tenants).map(([alias, id]) => [alias, tenant(id)]))) },
    "entra-mto:graphEndpoint": { value: em.url },
    "entra-mto:authorityHost": { value: em.url },
    ...opts.config,
  });
  return { ...engine, scan };
}
