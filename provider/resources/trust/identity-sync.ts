// CrossTenantIdentitySync: the tenant's user synchronization policy toward one partner, i.e.
// whether users (and, in beta, groups) may be synchronized into this tenant from the partner. It
// lives inside the partner configuration: that must exist first, and this goes first on removal.
// Graph creates it with PUT (204, no body) and updates it with PATCH.
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { described, listOf, optional, text } from "../../describe/shape";
import { type Settings, changedPaths, patchBody } from "../../diff/settings";
import { unlessNotFound } from "../../graph/errors";
import * as api from "../../graph/xtap-api";
import type { CommonInputs } from "../../inputs/common";
import { SyncAllowed, checkPartnerTenantId } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";

export const identitySyncDescription = describeResource({
  kind: "CrossTenantIdentitySync",
  description: "The tenant's user synchronization policy toward one partner; lives inside the partner configuration.",
  inputs: {
    partnerTenantId: text("The partner users come from; its partner configuration must exist. Changing it replaces the resource.", {
      format: "tenant-id",
      what: "the partner's tenant id (GUID)",
    }),
    displayName: optional(text("A name for the policy; Graph suggests the partner's name.", { maxLength: 256 })),
    userSyncInbound: optional(described(SyncAllowed, "Whether users may be synchronized into this tenant from the partner.")),
    groupSyncInbound: optional(described(SyncAllowed, "Beta only: declaring it makes every call of this resource go to Graph's beta endpoint.")),
  },
  outputs: {
    tenantId: text("The acting tenant's id."),
    managedProperties: listOf(text("A settings path."), "The settings paths this resource manages, e.g. 'inboundTrust.isMfaAccepted'."),
  },
  replaceOnChanges: ["partnerTenantId"],
  // groupSyncInbound is left out of imports: it exists only in Graph's beta endpoint.
  settings: ["displayName", "userSyncInbound"],
});

/** `tenant` is the tenant users are synchronized into. */
export type CrossTenantIdentitySyncArgs = ArgsOf<typeof identitySyncDescription>;

type Inputs = CommonInputs & Settings & { partnerTenantId: string; managedProperties?: string[] };
const KEYS = ["displayName", "userSyncInbound", "groupSyncInbound"] as const;

/** groupSyncInbound exists only in beta: read and write there whenever it is managed. */
const versionOf = (i: Inputs) => (i.groupSyncInbound !== undefined || (i.managedProperties ?? []).some((p) => p.startsWith("groupSyncInbound")) ? "beta" : undefined);

/** The name declared for the partner (Graph suggests the partner's own) names it where nothing better is known. */
const learnPartnerName = (ctx: ProviderContext, i: Inputs) => ctx.learnTenantName(i.partnerTenantId, i.displayName, { fallback: true });
const where = (ctx: ProviderContext, i: Inputs, tenantId: string) => ctx.tenantName({ alias: i.tenant, tenantId });

export const identitySyncHandler = (ctx: ProviderContext) =>
  declaredSettingsHandler<Inputs>(ctx, {
    keys: KEYS,
    dropped: "unconfigured",
    describe: (i, tenantId) => `the user synchronization policy toward ${ctx.tenantName(i.partnerTenantId)} in ${where(ctx, i, tenantId)}`,
    id: (i, tenantId) => `${tenantId}/${i.partnerTenantId}/identitySynchronization`,
    description: identitySyncDescription,
    check: (news, tenantId, failures) => checkPartnerTenantId(news.partnerTenantId, tenantId, failures),
    read: async (g, i, afterWrite) => (await api.getIdentitySync(g, i.partnerTenantId, versionOf(i), afterWrite)) as Settings | undefined,
    async create(g, inputs, declared, tenantId, holds) {
      learnPartnerName(ctx, inputs);
      if (!(await api.getPartner(g, inputs.partnerTenantId))) {
        throw new Error(
          `${where(ctx, inputs, tenantId)} has no partner configuration for ${ctx.tenantName(inputs.partnerTenantId)}, and user synchronization lives ` +
            "inside one: declare a CrossTenantAccessPartner for it (or let the partner's join generate it) and make this resource depend on it",
        );
      }
      const existing = (await api.getIdentitySync(g, inputs.partnerTenantId, versionOf(inputs))) as Settings | undefined;
      if (!existing) return api.putIdentitySync(g, inputs.partnerTenantId, declared, versionOf(inputs), holds);
      ctx.log(`user synchronization policy toward ${ctx.tenantName(inputs.partnerTenantId)} exists in ${where(ctx, inputs, tenantId)}: adopting it`);
      const paths = changedPaths(existing, declared, KEYS);
      if (paths.length) await api.patchIdentitySync(g, inputs.partnerTenantId, patchBody(existing, declared, paths), versionOf(inputs), holds);
    },
    patch: (g, i, body, holds) => api.patchIdentitySync(g, i.partnerTenantId, body, versionOf(i), holds),
    async remove(g, inputs) {
      await unlessNotFound(api.deleteIdentitySync(g, inputs.partnerTenantId));
    },
  });

export const CrossTenantIdentitySync = dynamicResource(identitySyncDescription);
export type CrossTenantIdentitySync = InstanceType<typeof CrossTenantIdentitySync>;
