// The plugin's partial failures: a create Graph accepted that did not converge is recorded with its
// properties, and those carry the secret marks of the inputs like every other result of the plugin.
import { applyVariables } from "../../provider/plugin/configure";
import { provider } from "../../provider/plugin/provider";
import type { TestEmulator } from "../emulator/harness";
import { CAIRO, providerEmulator } from "../provider/fixture";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const URN = "urn:pulumi:dev::mto::entra-mto:index:MultiTenantOrganizationJoinRequest::athens-join";

let em: TestEmulator;
beforeAll(async () => {
  const configured = await providerEmulator();
  // The plugin's Configure variables: the stack configuration under `entra-mto:config:`.
  applyVariables(new Map(Object.entries(configured.config).map(([k, v]) => [k.replace(/^entra-mto:/, "entra-mto:config:"), v])));
  em = configured;
});
afterAll(async () => em?.dispose());

test("a join Graph refuses is recorded with its properties, a secret input still marked secret", async () => {
  await em.call(CAIRO, "PUT", "/tenantRelationships/multiTenantOrganization", { displayName: "Cairo" });
  const inputs = { tenant: "athens", addedByTenantId: CAIRO, memberAddedDateTime: secret("2026-01-01T00:00:00Z") };
  const failure = (await provider.create!(URN, inputs).then(
    () => undefined,
    (e: unknown) => e,
  )) as { id?: string; message?: string; properties?: Record<string, unknown> };
  expect(failure?.message).toMatch(/was refused by Graph/);
  expect(failure.id).toBeTruthy();
  expect(failure.properties).toMatchObject({ tenant: "athens", memberAddedDateTime: secret("2026-01-01T00:00:00Z") });
});
