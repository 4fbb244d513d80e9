// lookupTenant against the emulator, with the real credential of the alias it names, configured as
// a program's stack configuration holds it.
import * as pulumi from "@pulumi/pulumi";
import { lookupTenant } from "../../../provider/resources/trust/tenant-lookup";
import type { TestEmulator } from "../../emulator/harness";
import { DENVER, providerEmulator } from "../fixture";

let em: TestEmulator;
beforeAll(async () => {
  const configured = await providerEmulator();
  for (const [key, value] of Object.entries(configured.config)) pulumi.runtime.setConfig(key, value);
  em = configured;
});
afterAll(async () => em?.dispose());

test("by domain name and by tenant id, in any case", async () => {
  const byDomain = await lookupTenant({ tenant: "cairo", domainName: "Denver.onmicrosoft.com" });
  expect(byDomain).toEqual({ tenantId: DENVER, displayName: "Denver", defaultDomainName: "denver.onmicrosoft.com", federationBrandName: null });
  expect(await lookupTenant({ tenant: "berlin", tenantId: DENVER.toUpperCase() })).toEqual(byDomain);
});

test("an unknown domain and bad arguments are errors that say what was asked", async () => {
  await expect(lookupTenant({ tenant: "cairo", domainName: "nowhere.example" })).rejects.toThrow(
    /lookupTenant: looking up domain nowhere.example with the credentials of 'cairo': GET .*findTenantInformationByDomainName/,
  );
  await expect(lookupTenant({ tenant: "cairo" })).rejects.toThrow(/give exactly one of them/);
});
