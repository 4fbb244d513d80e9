// Bad trust input is refused at preview (check), each failure naming the property and the rule,
// all at once; good input is stored in the form Graph returns it.
import type { ProviderContext } from "../../../provider/context";
import { UNKNOWN } from "../../../provider/inputs/common";
import { identitySyncHandler } from "../../../provider/resources/trust/identity-sync";
import { partnerHandler } from "../../../provider/resources/trust/partner";
import { partnerTemplateHandler } from "../../../provider/resources/trust/partner-template";
import { lookupProblems } from "../../../provider/resources/trust/tenant-lookup";
import { contextFrom, tenantsConfig } from "../fixture";

const CAIRO = "00000ca1-0000-4000-8000-000000000ca1";
const BERLIN = "00000be1-0000-4000-8000-000000000be1";
let ctx: ProviderContext;
let sync: ReturnType<typeof identitySyncHandler>;
let partner: ReturnType<typeof partnerHandler>;
let template: ReturnType<typeof partnerTemplateHandler>;
beforeEach(() => {
  const config = tenantsConfig("https://127.0.0.1:1", { cairo: CAIRO, berlin: BERLIN });
  ctx = contextFrom(config);
  sync = identitySyncHandler(ctx);
  partner = partnerHandler(ctx);
  template = partnerTemplateHandler(ctx);
});
const failures = (r: { failures?: { property: string; reason: string }[] }) => Object.fromEntries((r.failures ?? []).map((f) => [f.property, f.reason]));

test("template: an unknown flag and a wrongly cased property", async () => {
  const r = await template.check!({} as never, { tenant: "cairo", templateApplicationLevel: ["newPartners", "allPartners"], b2BCollaborationInbound: {} } as never);
  expect(failures(r)).toEqual({
    "templateApplicationLevel[1]": expect.stringMatching(/unknown flag 'allPartners': must be 'newPartners' or 'existingPartners'/),
    b2BCollaborationInbound: expect.stringMatching(/spell it 'b2bCollaborationInbound'/),
  });
  expect(failures(await template.check!({} as never, { tenant: "cairo", templateApplicationLevel: "newPartners" } as never))).toEqual({
    templateApplicationLevel: expect.stringMatching(/list of flags.*\[\] means none/),
  });
});

test("partner: tenant id rules, target and access types, empty target lists, nested casing", async () => {
  const r = await partner.check!(
    {} as never,
    {
      tenant: "cairo",
      partnerTenantId: CAIRO,
      inboundTrust: { IsMfaAccepted: true, isCompliantDeviceAccepted: "yes" },
      b2bCollaborationInbound: {
        usersAndGroups: { accessType: "permitted", targets: [{ target: "AllUsers", targetType: "application" }] },
        applications: { accessType: "allowed", targets: [] },
      },
      b2bDirectConnectOutbound: { usersAndGroups: { accessType: "blocked", targets: [{ target: "x", targetType: "device" }] } },
    } as never,
  );
  expect(failures(r)).toEqual({
    partnerTenantId: expect.stringMatching(/own id/),
    "inboundTrust.IsMfaAccepted": expect.stringMatching(/spell it 'isMfaAccepted'/),
    "inboundTrust.isCompliantDeviceAccepted": "must be true or false",
    "b2bCollaborationInbound.usersAndGroups.accessType": "must be 'allowed' or 'blocked'",
    "b2bCollaborationInbound.usersAndGroups.targets[0].targetType": expect.stringMatching(/'user' or 'group' in usersAndGroups/),
    "b2bCollaborationInbound.applications.targets": expect.stringMatching(/at least one target/),
    "b2bDirectConnectOutbound.usersAndGroups.targets[0].targetType": "must be 'user' or 'group'",
  });
  expect(failures(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: "berlin" } as never))).toEqual({ partnerTenantId: expect.stringMatching(/GUID/) });
});

test("partner: stored in Graph's form (lower-case ids, targets as a sorted set), unknowns pass", async () => {
  const r = await partner.check!(
    {} as never,
    {
      tenant: "cairo",
      partnerTenantId: BERLIN.toUpperCase(),
      b2bCollaborationInbound: {
        usersAndGroups: {
          accessType: "allowed",
          targets: [
            { target: "ALLUSERS", targetType: "user" },
            { target: "A0A0A0A0-0000-4000-8000-0000000000AA", targetType: "group" },
          ],
        },
      },
      inboundTrust: UNKNOWN,
    } as never,
  );
  expect(r.failures).toEqual([]);
  expect(r.inputs).toMatchObject({
    partnerTenantId: BERLIN,
    inboundTrust: UNKNOWN,
    b2bCollaborationInbound: {
      usersAndGroups: {
        accessType: "allowed",
        targets: [
          { target: "a0a0a0a0-0000-4000-8000-0000000000aa", targetType: "group" },
          { target: "AllUsers", targetType: "user" },
        ],
      },
    },
  });
});

test("identity sync and lookup: their own rules", async () => {
  const r = await sync.check!({} as never, { tenant: "berlin", partnerTenantId: BERLIN, userSyncInbound: { isSyncAllowed: "true" }, displayName: 3 } as never);
  expect(failures(r)).toEqual({ partnerTenantId: expect.stringMatching(/own id/), "userSyncInbound.isSyncAllowed": "must be true or false", displayName: "must be a string" });
  expect(lookupProblems(ctx, { tenant: "cairo" })).toEqual(["domainName, tenantId: give exactly one of them"]);
  expect(lookupProblems(ctx, { tenant: "nowhere", tenantId: "x", domainName: "contoso.com" })).toHaveLength(3);
});
