// MultiTenantOrganizationIdentitySyncPolicyTemplate: the tenant's template for the user
// synchronization policies Graph generates toward partners when tenants join (one per tenant,
// always present). Like the partner template, it acts at join time only.
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { described, listOf, optional, text } from "../../describe/shape";
import type { Settings } from "../../diff/settings";
import * as api from "../../graph/xtap-api";
import type { CommonInputs } from "../../inputs/common";
import { ApplicationLevel, SyncAllowed } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";
import { templateBody } from "./partner-template";

export const identitySyncTemplateDescription = describeResource({
  kind: "MultiTenantOrganizationIdentitySyncPolicyTemplate",
  description: "The tenant's template for the user synchronization policies Graph generates toward partners when tenants join.",
  inputs: {
    templateApplicationLevel: optional(ApplicationLevel),
    userSyncInbound: optional(described(SyncAllowed, "Whether users may be synchronized into this tenant from the partner.")),
  },
  outputs: {
    tenantId: text("The acting tenant's id."),
    templateId: text("Graph's id of the template."),
    managedProperties: listOf(text("A settings path."), "The settings paths this resource manages, e.g. 'inboundTrust.isMfaAccepted'."),
  },
  settings: ["templateApplicationLevel", "userSyncInbound"],
});

/** `tenant` is the template's tenant. */
export type MultiTenantOrganizationIdentitySyncPolicyTemplateArgs = ArgsOf<typeof identitySyncTemplateDescription>;

type Inputs = CommonInputs & Settings;
const KEYS = ["templateApplicationLevel", "userSyncInbound"] as const;

export const identitySyncTemplateHandler = (ctx: ProviderContext) =>
  declaredSettingsHandler<Inputs>(ctx, {
    keys: KEYS,
    describe: (i, tenantId) => `the identity synchronization template of ${ctx.tenantName({ alias: i.tenant, tenantId })}`,
    id: (_i, tenantId) => tenantId,
    description: identitySyncTemplateDescription,
    read: async (g) => (await api.getIdentitySyncTemplate(g)) as unknown as Settings,
    outputs: (live) => ({ templateId: live.id }),
    create: async (g, _i, declared, _tenantId, holds) => {
      if (Object.keys(declared).length) await api.patchIdentitySyncTemplate(g, templateBody(declared), holds);
    },
    patch: (g, _i, body, holds) => api.patchIdentitySyncTemplate(g, templateBody(body), holds),
    dropped: "unconfigured",
    unconfigured: { templateApplicationLevel: ["newPartners", "existingPartners"] },
    remove: (g) => api.resetIdentitySyncTemplate(g),
  });

export const MultiTenantOrganizationIdentitySyncPolicyTemplate = dynamicResource(identitySyncTemplateDescription);
export type MultiTenantOrganizationIdentitySyncPolicyTemplate = InstanceType<typeof MultiTenantOrganizationIdentitySyncPolicyTemplate>;
