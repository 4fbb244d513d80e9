// Partner configurations and their user synchronization against the emulator: adoption of what
// joins generate, creation of new ones, drift on exactly what changed (none for a reorder), the
// delete order Graph needs, and Graph's soft delete.
import { joinRequestHandler } from "../../../provider/resources/organization/join-request";
import { memberHandler } from "../../../provider/resources/organization/member";
import { organizationHandler } from "../../../provider/resources/organization/organization";
import { identitySyncHandler } from "../../../provider/resources/trust/identity-sync";
import { partnerHandler } from "../../../provider/resources/trust/partner";
import { partnerTemplateHandler } from "../../../provider/resources/trust/partner-template";
import { BERLIN, CAIRO, DENVER, calls, providerEmulator } from "../fixture";

jest.setTimeout(60_000);
const PARTNERS = "/policies/crossTenantAccessPolicy/partners";
let em: Awaited<ReturnType<typeof providerEmulator>>;
let join: ReturnType<typeof joinRequestHandler>;
let member: ReturnType<typeof memberHandler>;
let org: ReturnType<typeof organizationHandler>;
let sync: ReturnType<typeof identitySyncHandler>;
let partner: ReturnType<typeof partnerHandler>;
let template: ReturnType<typeof partnerTemplateHandler>;
beforeEach(async () => {
  em = await providerEmulator();
  join = joinRequestHandler(em.ctx);
  member = memberHandler(em.ctx);
  org = organizationHandler(em.ctx);
  sync = identitySyncHandler(em.ctx);
  partner = partnerHandler(em.ctx);
  template = partnerTemplateHandler(em.ctx);
});
afterEach(async () => em?.dispose());

async function check<T>(handler: { check?: (o: never, n: never) => Promise<{ inputs?: T }> }, inputs: object): Promise<T> {
  return (await handler.check!({} as never, inputs as never)).inputs!;
}

/** Cairo owns, Berlin joins: Graph generates partner configurations in both tenants. */
async function cairoAndBerlin(): Promise<void> {
  await org.create({ tenant: "cairo", displayName: "Cairo" });
  await member.create!({ tenant: "cairo", memberTenantId: BERLIN, displayName: "Berlin" });
  await join.create!({ tenant: "berlin", addedByTenantId: CAIRO });
}

test("a join's generated partner carries the template; the resource adopts it and applies only what it declares", async () => {
  await template.create((await check(template, { tenant: "cairo", inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } })) as never);
  await cairoAndBerlin();
  const generated = await em.graph(CAIRO).api(`${PARTNERS}/${BERLIN}`).get();
  expect(generated).toMatchObject({ isInMultiTenantOrganization: true, inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true } });

  const declared = await check(partner, {
    tenant: "cairo",
    partnerTenantId: BERLIN,
    inboundTrust: { isMfaAccepted: true },
    automaticUserConsentSettings: { inboundAllowed: true },
  });
  const created = await partner.create(declared as never);
  expect(created.id).toBe(`${CAIRO}/${BERLIN}`);
  expect(calls(em, `POST ${PARTNERS}`)).toBe(0);
  expect(calls(em, `PATCH ${PARTNERS}/{id}`)).toBe(1); // consent only: the trust flag was already right
  expect(created.outs).toMatchObject({ isInMultiTenantOrganization: true, inboundTrust: { isMfaAccepted: true }, automaticUserConsentSettings: { inboundAllowed: true } });
  const now = await em.graph(CAIRO).api(`${PARTNERS}/${BERLIN}`).get();
  expect(now.inboundTrust).toMatchObject({ isMfaAccepted: true, isCompliantDeviceAccepted: true }); // the template's other flag stays

  // Deleting it removes the generated user synchronization first, as Graph requires.
  em.emulator.clearLog();
  await partner.delete!(created.id, created.outs as never);
  const deletes = em.emulator.log.filter((e) => e.method === "DELETE").map((e) => e.route);
  expect(deletes).toEqual([`DELETE ${PARTNERS}/{id}/identitySynchronization`, `DELETE ${PARTNERS}/{id}`]);
  await expect(em.graph(CAIRO).api(`${PARTNERS}/${BERLIN}`).get()).rejects.toMatchObject({ statusCode: 404 });
  await partner.delete!(created.id, created.outs as never); // already gone: done
});

test("templates act at join time only: a later template change reaches no partner; a later join overwrites a declared partner on the template's paths", async () => {
  await cairoAndBerlin();
  const declared = await check(partner, { tenant: "cairo", partnerTenantId: BERLIN, inboundTrust: { isMfaAccepted: true } });
  const adopted = await partner.create(declared as never);
  await template.create((await check(template, { tenant: "cairo", inboundTrust: { isMfaAccepted: false } })) as never);
  const read = await partner.read!(adopted.id, adopted.outs as never);
  expect(await partner.diff!(adopted.id, read.props as never, declared as never)).toMatchObject({ changes: false });

  // Denver's partner configuration is declared before Denver joins; the join applies Cairo's
  // template (existingPartners) over it: drift on exactly the template's path, which up restores.
  const denverDeclared = await check(partner, {
    tenant: "cairo",
    partnerTenantId: DENVER,
    inboundTrust: { isMfaAccepted: true },
    automaticUserConsentSettings: { inboundAllowed: true },
  });
  const denver = await partner.create(denverDeclared as never);
  await member.create!({ tenant: "cairo", memberTenantId: DENVER, displayName: "Denver" });
  await join.create!({ tenant: "denver", addedByTenantId: CAIRO });
  const overwritten = await partner.read!(denver.id, denver.outs as never);
  expect(overwritten.inputs).toEqual({ ...denverDeclared, inboundTrust: { isMfaAccepted: false } });
  await partner.update!(denver.id, overwritten.props as never, denverDeclared as never);
  expect((await em.graph(CAIRO).api(`${PARTNERS}/${DENVER}`).get()).inboundTrust.isMfaAccepted).toBe(true);
});

test("a new partner is created; drift shows on the changed flag and not on a reordered target list", async () => {
  const targets = [
    { target: "a0a0a0a0-0000-4000-8000-0000000000bb", targetType: "group" },
    { target: "AllUsers", targetType: "user" },
    { target: "a0a0a0a0-0000-4000-8000-0000000000aa", targetType: "user" },
  ];
  const declared = await check(partner, {
    tenant: "cairo",
    partnerTenantId: DENVER,
    inboundTrust: { isMfaAccepted: true },
    b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets } },
  });
  const created = await partner.create(declared as never);
  expect(calls(em, `POST ${PARTNERS}`)).toBe(1);
  expect(created.outs).toMatchObject({ isInMultiTenantOrganization: false, managedProperties: ["inboundTrust.isMfaAccepted", "b2bCollaborationInbound.usersAndGroups"] });

  // Someone writes the same targets in another order and casing: no drift.
  const shuffled = [
    { ...targets[2], target: targets[2].target.toUpperCase() },
    { ...targets[0], target: targets[0].target.toUpperCase() },
    { target: "allusers", targetType: "user" },
  ];
  await em
    .graph(CAIRO)
    .api(`${PARTNERS}/${DENVER}`)
    .patch({ b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: shuffled }, applications: null } });
  const reordered = await partner.read!(created.id, created.outs as never);
  expect(await partner.diff!(created.id, reordered.props as never, declared as never)).toMatchObject({ changes: false });

  // Someone turns MFA trust off: drift on exactly that flag; update puts it back.
  await em
    .graph(CAIRO)
    .api(`${PARTNERS}/${DENVER}`)
    .patch({ inboundTrust: { isMfaAccepted: false } });
  const drifted = await partner.read!(created.id, created.outs as never);
  expect(drifted.inputs).toEqual({ ...declared, inboundTrust: { isMfaAccepted: false } });
  expect(await partner.diff!(created.id, drifted.props as never, declared as never)).toMatchObject({ changes: true, replaces: [] });
  await partner.update!(created.id, drifted.props as never, declared as never);
  expect((await em.graph(CAIRO).api(`${PARTNERS}/${DENVER}`).get()).inboundTrust.isMfaAccepted).toBe(true);

  // Another partner tenant replaces, removing first (creating first would adopt, then lose, the object).
  expect(await partner.diff!(created.id, drifted.props as never, { ...declared, partnerTenantId: BERLIN } as never)).toMatchObject({
    replaces: ["partnerTenantId"],
    deleteBeforeReplace: true,
  });
});

test("a partner deleted and declared again meets Graph's soft delete with an error that says what to do", async () => {
  const declared = await check(partner, { tenant: "cairo", partnerTenantId: DENVER, inboundTrust: { isMfaAccepted: true } });
  const created = await partner.create(declared as never);
  await partner.delete!(created.id, created.outs as never);
  const err = await partner.create(declared as never).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  // Both tenants named as people know them: alias, display name where known, and the id.
  expect((err as Error).message).toMatch(new RegExp(`^creating the partner configuration for denver \\((Denver, )?${DENVER}\\) in cairo \\((Cairo, )?${CAIRO}\\): `));
  expect((err as Error).message).toMatch(/30 days.*restore.*pulumi up/);
});

test("identity sync: refused before any write without a partner; created with PUT, adopted, updated, removed", async () => {
  const declared = await check(sync, { tenant: "cairo", partnerTenantId: DENVER, displayName: "Denver", userSyncInbound: { isSyncAllowed: true } });
  await expect(sync.create(declared as never)).rejects.toThrow(
    new RegExp(`cairo \\((Cairo, )?${CAIRO}\\) has no partner configuration for denver \\(Denver, ${DENVER}\\).*declare a CrossTenantAccessPartner`),
  );
  expect(em.emulator.log.filter((e) => e.method !== "GET" && e.method !== "POST")).toEqual([]); // no write (POST is only the token)

  await partner.create((await check(partner, { tenant: "cairo", partnerTenantId: DENVER })) as never);
  const created = await sync.create(declared as never);
  expect(calls(em, `PUT ${PARTNERS}/{id}/identitySynchronization`)).toBe(1);
  expect(created.outs).toMatchObject({ displayName: "Denver", userSyncInbound: { isSyncAllowed: true } });

  await em
    .graph(CAIRO)
    .api(`${PARTNERS}/${DENVER}/identitySynchronization`)
    .patch({ userSyncInbound: { isSyncAllowed: false } });
  const drifted = await sync.read!(created.id, created.outs as never);
  expect(drifted.inputs).toMatchObject({ userSyncInbound: { isSyncAllowed: false }, displayName: "Denver" });
  await sync.update!(created.id, drifted.props as never, declared as never);
  expect((await em.graph(CAIRO).api(`${PARTNERS}/${DENVER}/identitySynchronization`).get()).userSyncInbound.isSyncAllowed).toBe(true);

  await sync.delete!(created.id, created.outs as never);
  await expect(em.graph(CAIRO).api(`${PARTNERS}/${DENVER}/identitySynchronization`).get()).rejects.toMatchObject({ statusCode: 404 });
  expect((await sync.read!(created.id, created.outs as never)).id).toBe("");
});

test("identity sync: a join's generated policy is adopted; groupSyncInbound goes through beta", async () => {
  await cairoAndBerlin();
  const declared = await check(sync, { tenant: "berlin", partnerTenantId: CAIRO, userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: true } });
  const created = await sync.create(declared as never);
  expect(calls(em, `PUT ${PARTNERS}/{id}/identitySynchronization`)).toBe(0);
  expect(created.outs).toMatchObject({ userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: true } });
  const beta = await em.graph(BERLIN, { version: "beta" }).api(`${PARTNERS}/${CAIRO}/identitySynchronization`).get();
  expect(beta).toMatchObject({ userSyncInbound: { isSyncAllowed: true }, groupSyncInbound: { isSyncAllowed: true } });
});
