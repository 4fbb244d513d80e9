// CrossTenantAccessPartner: the tenant's cross-tenant access settings toward one partner tenant
// (inbound trust, B2B collaboration and direct connect, automatic user consent, tenant
// restrictions). Joins generate one per pair of tenants, shaped by the partner template: creating
// the resource adopts an existing configuration and applies the declared values over it.
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { flag, listOf, orNull, text } from "../../describe/shape";
import { type Settings, changedPaths, patchBody } from "../../diff/settings";
import type { GraphClient } from "../../graph/client";
import { GraphRequestError, unlessNotFound } from "../../graph/errors";
import * as api from "../../graph/xtap-api";
import type { Applied } from "../../graph/xtap-api";
import type { CommonInputs } from "../../inputs/common";
import { TRUST_SETTINGS, TRUST_SETTING_KEYS, checkPartnerTenantId } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";

export const partnerDescription = describeResource({
  kind: "CrossTenantAccessPartner",
  description: "The tenant's cross-tenant access settings toward one partner tenant; creating adopts a configuration a join generated.",
  inputs: {
    partnerTenantId: text("The partner's tenant id; changing it replaces the resource.", { format: "tenant-id", what: "the partner's tenant id (GUID)" }),
    ...TRUST_SETTINGS,
  },
  outputs: {
    tenantId: text("The acting tenant's id."),
    isInMultiTenantOrganization: flag("Set by Graph while both tenants are active in the same organization."),
    isServiceProvider: orNull(flag("Whether the partner is a service provider, as Graph shows it.")),
    managedProperties: listOf(text("A settings path."), "The settings paths this resource manages, e.g. 'inboundTrust.isMfaAccepted'."),
  },
  replaceOnChanges: ["partnerTenantId"],
  settings: TRUST_SETTING_KEYS,
});

/** `tenant` is the tenant whose policy holds the configuration. */
export type CrossTenantAccessPartnerArgs = ArgsOf<typeof partnerDescription>;

type Inputs = CommonInputs & Settings & { partnerTenantId: string };

/** The tenant whose policy holds the configuration: "berlin (Berlin, 00000be1-…)". */
const where = (ctx: ProviderContext, i: Inputs, tenantId = ctx.tenantIdOf(i.tenant)) => ctx.tenantName({ alias: i.tenant, tenantId });

async function adopt(ctx: ProviderContext, g: GraphClient, inputs: Inputs, existing: Settings, declared: Settings, holds: Applied): Promise<void> {
  ctx.log(`partner configuration for ${ctx.tenantName(inputs.partnerTenantId)} exists in ${where(ctx, inputs)}: adopting it`);
  const paths = changedPaths(existing, declared, TRUST_SETTING_KEYS);
  if (paths.length) await api.patchPartner(g, inputs.partnerTenantId, patchBody(existing, declared, paths), holds);
}

/**
 * Graph keeps a deleted partner configuration for 30 days and refuses to create it again meanwhile;
 * an application can neither restore nor purge it, so the user must.
 */
function softDeleted(inputs: Inputs, err: GraphRequestError): Error {
  return new Error(
    `Graph refused to create it again: ${err.message} A deleted partner configuration is kept for 30 days, and ` +
      `application permissions can neither restore nor purge it. An administrator can restore it (Entra admin center, or ` +
      `POST /policies/deletedItems/crossTenantPartners/${inputs.partnerTenantId}/restore with delegated permissions; the next ` +
      "`pulumi up` then adopts it) or delete it permanently (then `pulumi up` creates it); otherwise wait until Graph purges it.",
  );
}

export const partnerHandler = (ctx: ProviderContext) =>
  declaredSettingsHandler<Inputs>(ctx, {
    keys: TRUST_SETTING_KEYS,
    dropped: "unconfigured",
    describe: (i, tenantId) => `the partner configuration for ${ctx.tenantName(i.partnerTenantId)} in ${where(ctx, i, tenantId)}`,
    id: (i, tenantId) => `${tenantId}/${i.partnerTenantId}`,
    description: partnerDescription,
    check: (news, tenantId, failures) => checkPartnerTenantId(news.partnerTenantId, tenantId, failures),
    read: async (g, i, afterWrite) => (await api.getPartner(g, i.partnerTenantId, afterWrite)) as Settings | undefined,
    outputs: (live) => ({ isInMultiTenantOrganization: live.isInMultiTenantOrganization ?? false, isServiceProvider: live.isServiceProvider ?? null }),
    async create(g, inputs, declared, _tenantId, holds) {
      const existing = (await api.getPartner(g, inputs.partnerTenantId)) as Settings | undefined;
      if (existing) return adopt(ctx, g, inputs, existing, declared, holds);
      try {
        // After an ambiguous outcome, a configuration Graph shows with the declared settings is ours.
        await api.createPartner(g, { tenantId: inputs.partnerTenantId, ...declared }, holds);
      } catch (err) {
        if (!(err instanceof GraphRequestError && err.kind === "conflict")) throw err;
        // Created meanwhile (a join, or our own POST whose answer was lost), or soft-deleted.
        if (/deleted/i.test(err.graphMessage)) throw softDeleted(inputs, err);
        const now = (await api.getPartner(g, inputs.partnerTenantId, true)) as Settings | undefined;
        if (!now) throw softDeleted(inputs, err);
        await adopt(ctx, g, inputs, now, declared, holds);
      }
    },
    patch: (g, i, body, holds) => api.patchPartner(g, i.partnerTenantId, body, holds),
    async remove(g, inputs) {
      // Graph refuses to delete a configuration that has user synchronization: that goes first,
      // whether a CrossTenantIdentitySync declared it or a join generated it.
      if (await api.getIdentitySync(g, inputs.partnerTenantId)) {
        ctx.log(`removing the user synchronization policy toward ${ctx.tenantName(inputs.partnerTenantId)} in ${where(ctx, inputs)} before its partner configuration`);
        await unlessNotFound(api.deleteIdentitySync(g, inputs.partnerTenantId));
      }
      await unlessNotFound(api.deletePartner(g, inputs.partnerTenantId));
    },
  });

export const CrossTenantAccessPartner = dynamicResource(partnerDescription);
export type CrossTenantAccessPartner = InstanceType<typeof CrossTenantAccessPartner>;
