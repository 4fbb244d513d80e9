// With an application that may only read (the emulator's auditor app: MultiTenantOrganization.Read.All
// and Policy.Read.All), every trust write and the tenant lookup fail with Graph's 403 and an error
// that names the permission the application lacks, and what was being done.
import * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "../../../provider/context";
import { defaultsHandler } from "../../../provider/resources/trust/defaults";
import { identitySyncHandler } from "../../../provider/resources/trust/identity-sync";
import { identitySyncTemplateHandler } from "../../../provider/resources/trust/identity-sync-template";
import { partnerHandler } from "../../../provider/resources/trust/partner";
import { partnerTemplateHandler } from "../../../provider/resources/trust/partner-template";
import { lookupTenant } from "../../../provider/resources/trust/tenant-lookup";
import { AUDITOR_APP, type TestEmulator } from "../../emulator/harness";
import { CAIRO, DENVER, contextFrom, providerEmulator, tenantsConfig } from "../fixture";

let em: TestEmulator;
/** Cairo with the auditor's credentials: the context every handler here acts in. */
let ctx: ProviderContext;
beforeAll(async () => {
  em = await providerEmulator();
  // Denver's partner configuration exists, so identity sync gets as far as its own write.
  await em.graph(CAIRO).api("/policies/crossTenantAccessPolicy/partners").post({ tenantId: DENVER });
  const config = tenantsConfig(em.url, { cairo: CAIRO });
  const tenants = JSON.parse(config["entra-mto:tenants"]);
  tenants.cairo = { ...tenants.cairo, clientId: AUDITOR_APP.clientId, clientSecret: AUDITOR_APP.secrets![0] };
  const auditor = { ...config, "entra-mto:tenants": JSON.stringify(tenants) };
  ctx = contextFrom(auditor);
  // lookupTenant runs in the program's process, and reads the same stack configuration there.
  for (const [key, value] of Object.entries(auditor)) pulumi.runtime.setConfig(key, value);
});
afterAll(async () => em?.dispose());

const WRITE = /403 Authorization_RequestDenied.*needs the application permission Policy.ReadWrite.CrossTenantAccess in this tenant/;
test.each([
  [
    "partner template",
    () => partnerTemplateHandler(ctx).create({ tenant: "cairo", inboundTrust: { isMfaAccepted: true } } as never),
    /updating|creating the partner configuration template/,
  ],
  [
    "identity sync template",
    () => identitySyncTemplateHandler(ctx).create({ tenant: "cairo", userSyncInbound: { isSyncAllowed: true } } as never),
    /creating the identity synchronization template/,
  ],
  ["defaults", () => defaultsHandler(ctx).create({ tenant: "cairo", inboundTrust: { isMfaAccepted: true } } as never), /creating the default cross-tenant access settings/],
  [
    "partner",
    () => partnerHandler(ctx).create({ tenant: "cairo", partnerTenantId: "00000e01-0000-4000-8000-000000000e01", inboundTrust: { isMfaAccepted: true } } as never),
    /creating the partner configuration/,
  ],
  [
    "identity sync",
    () => identitySyncHandler(ctx).create({ tenant: "cairo", partnerTenantId: DENVER, userSyncInbound: { isSyncAllowed: true } } as never),
    /creating the user synchronization policy/,
  ],
])("%s: a 403 names the missing permission", async (_name, create, what) => {
  const err = (await create().catch((e: Error) => e)) as Error;
  expect(err.message).toMatch(what);
  expect(err.message).toMatch(WRITE);
});

test("tenant lookup: a 403 names CrossTenantInformation.ReadBasic.All", async () => {
  await expect(lookupTenant({ tenant: "cairo", domainName: "denver.onmicrosoft.com" })).rejects.toThrow(/403.*CrossTenantInformation.ReadBasic.All/);
});
