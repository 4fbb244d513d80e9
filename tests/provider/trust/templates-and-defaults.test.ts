// The three per-tenant singletons against the emulator: the partner configuration template, the
// identity synchronization template and the cross-tenant defaults. Create takes over what is
// there, read reports drift on the declared paths only, removal resets to Graph's defaults.
import { defaultsHandler } from "../../../provider/resources/trust/defaults";
import { identitySyncTemplateHandler } from "../../../provider/resources/trust/identity-sync-template";
import { partnerTemplateHandler } from "../../../provider/resources/trust/partner-template";
import { CAIRO, providerEmulator } from "../fixture";

jest.setTimeout(60_000);
const TEMPLATES = "/policies/crossTenantAccessPolicy/templates";
let em: Awaited<ReturnType<typeof providerEmulator>>;
let defaults: ReturnType<typeof defaultsHandler>;
let syncTemplate: ReturnType<typeof identitySyncTemplateHandler>;
let template: ReturnType<typeof partnerTemplateHandler>;
beforeEach(async () => {
  em = await providerEmulator();
  defaults = defaultsHandler(em.ctx);
  syncTemplate = identitySyncTemplateHandler(em.ctx);
  template = partnerTemplateHandler(em.ctx);
});
afterEach(async () => em?.dispose());

test("partner template: create, read, drift on exactly the changed path, update, reset on delete", async () => {
  const declared = {
    tenant: "cairo",
    templateApplicationLevel: ["newPartners"],
    inboundTrust: { isMfaAccepted: true },
    automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
  };
  const inputs = (await template.check!({} as never, declared as never)).inputs!;
  const created = await template.create(inputs);
  expect(created.id).toBe(CAIRO);
  const live = await em.graph(CAIRO).api(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`).get();
  expect(live).toMatchObject({
    templateApplicationLevel: "newPartners",
    inboundTrust: { isMfaAccepted: true },
    automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
  });
  expect(created.outs).toMatchObject({
    managedProperties: ["templateApplicationLevel", "inboundTrust.isMfaAccepted", "automaticUserConsentSettings.inboundAllowed", "automaticUserConsentSettings.outboundAllowed"],
  });

  // A no-change read and diff.
  const read = await template.read!(created.id, created.outs as never);
  expect(read.inputs).toMatchObject({ templateApplicationLevel: ["newPartners"], inboundTrust: { isMfaAccepted: true } });
  expect(await template.diff!(created.id, read.props as never, inputs)).toMatchObject({ changes: false });

  // Someone changes an undeclared property and a declared one by hand: only the declared one drifts.
  await em
    .graph(CAIRO)
    .api(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`)
    .patch({ inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: true } });
  const drifted = await template.read!(created.id, created.outs as never);
  expect(drifted.inputs).toEqual({
    tenant: "cairo",
    templateApplicationLevel: ["newPartners"],
    inboundTrust: { isMfaAccepted: false },
    automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
  });
  expect(await template.diff!(created.id, drifted.props as never, inputs)).toMatchObject({ changes: true, replaces: [] });
  await template.update!(created.id, drifted.props as never, inputs);
  const repaired = await em.graph(CAIRO).api(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`).get();
  // The declared value is back; the undeclared one someone set is left alone.
  expect(repaired.inboundTrust).toMatchObject({ isMfaAccepted: true, isCompliantDeviceAccepted: true });

  // No partners at all ([]), and stop declaring consent: it goes back to null (no effect).
  const next = (await template.check!({} as never, { tenant: "cairo", templateApplicationLevel: [], inboundTrust: { isMfaAccepted: true } } as never)).inputs!;
  const updated = await template.update!(created.id, created.outs as never, next);
  expect(updated.outs).toMatchObject({ templateApplicationLevel: [], managedProperties: ["templateApplicationLevel", "inboundTrust.isMfaAccepted"] });
  const after = await em.graph(CAIRO).api(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`).get();
  expect(after).toMatchObject({ templateApplicationLevel: "none", automaticUserConsentSettings: null, inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } });

  await template.delete!(created.id, updated.outs as never);
  expect(await em.graph(CAIRO).api(`${TEMPLATES}/multiTenantOrganizationPartnerConfiguration`).get()).toMatchObject({
    templateApplicationLevel: "newPartners,existingPartners",
    inboundTrust: null,
  });
});

test("identity sync template: takes over whatever is there and resets on delete", async () => {
  await em
    .graph(CAIRO)
    .api(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`)
    .patch({ templateApplicationLevel: "existingPartners", userSyncInbound: { isSyncAllowed: false } });
  const created = await syncTemplate.create({ tenant: "cairo", userSyncInbound: { isSyncAllowed: true } } as never);
  expect(created.outs).toMatchObject({ userSyncInbound: { isSyncAllowed: true }, managedProperties: ["userSyncInbound.isSyncAllowed"] });
  // templateApplicationLevel is not declared: whatever is there stays, and is not drift.
  const read = await syncTemplate.read!(created.id, created.outs as never);
  expect(read.inputs).toEqual({ tenant: "cairo", userSyncInbound: { isSyncAllowed: true } });
  expect(await em.graph(CAIRO).api(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`).get()).toMatchObject({ templateApplicationLevel: "existingPartners" });
  await syncTemplate.delete!(created.id, created.outs as never);
  expect(await em.graph(CAIRO).api(`${TEMPLATES}/multiTenantOrganizationIdentitySynchronization`).get()).toMatchObject({
    templateApplicationLevel: "newPartners,existingPartners",
    userSyncInbound: { isSyncAllowed: null },
  });
});

test("defaults: isServiceDefault follows; a dropped property is left as it is, unmanaged; delete resets", async () => {
  const first = {
    tenant: "cairo",
    inboundTrust: { isMfaAccepted: true },
    b2bDirectConnectInbound: { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } },
  };
  const created = await defaults.create((await defaults.check!({} as never, first as never)).inputs!);
  expect(created.outs).toMatchObject({ isServiceDefault: false, inboundTrust: { isMfaAccepted: true } });
  const next = { tenant: "cairo", inboundTrust: { isMfaAccepted: true } };
  expect(await defaults.diff!(created.id, created.outs as never, next as never)).toMatchObject({ changes: false });
  const updated = await defaults.update!(created.id, created.outs as never, next as never);
  expect(updated.outs).toMatchObject({ managedProperties: ["inboundTrust.isMfaAccepted"] });
  const live = await em.graph(CAIRO).api("/policies/crossTenantAccessPolicy/default").get();
  expect(live.b2bDirectConnectInbound.usersAndGroups.accessType).toBe("allowed"); // left as it was
  expect(live.inboundTrust.isMfaAccepted).toBe(true);
  await defaults.delete!(created.id, updated.outs as never);
  expect(await em.graph(CAIRO).api("/policies/crossTenantAccessPolicy/default").get()).toMatchObject({ isServiceDefault: true, inboundTrust: { isMfaAccepted: false } });
});
