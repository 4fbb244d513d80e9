// MultiTenantOrganizationPartnerConfigurationTemplate: the tenant's template for the partner
// configurations Graph generates when tenants join (one per tenant, always present). Graph applies
// it at join time only, and only its non-null values, to new or existing partners as
// templateApplicationLevel says; later changes reach no partner that exists already.
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { listOf, optional, text } from "../../describe/shape";
import { applicationLevelString } from "../../diff/normalize";
import type { Settings } from "../../diff/settings";
import * as api from "../../graph/xtap-api";
import type { CommonInputs } from "../../inputs/common";
import { ApplicationLevel, TEMPLATE_SETTINGS, TEMPLATE_SETTING_KEYS } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";

export type TemplateApplicationLevel = "newPartners" | "existingPartners";

export const partnerTemplateDescription = describeResource({
  kind: "MultiTenantOrganizationPartnerConfigurationTemplate",
  description: "The tenant's template for the partner configurations Graph generates when tenants join; applied at join time only.",
  inputs: { templateApplicationLevel: optional(ApplicationLevel), ...TEMPLATE_SETTINGS },
  outputs: {
    tenantId: text("The acting tenant's id."),
    templateId: text("Graph's id of the template."),
    managedProperties: listOf(text("A settings path."), "The settings paths this resource manages, e.g. 'inboundTrust.isMfaAccepted'."),
  },
  settings: ["templateApplicationLevel", ...TEMPLATE_SETTING_KEYS],
});

/** `tenant` is the template's tenant. */
export type MultiTenantOrganizationPartnerConfigurationTemplateArgs = ArgsOf<typeof partnerTemplateDescription>;

type Inputs = CommonInputs & Settings;
const KEYS = ["templateApplicationLevel", ...TEMPLATE_SETTING_KEYS] as const;

/** Graph takes the flags as one comma-separated string. */
export function templateBody(body: Settings): Settings {
  const level = body.templateApplicationLevel;
  return Array.isArray(level) ? { ...body, templateApplicationLevel: applicationLevelString(level) } : body;
}

export const partnerTemplateHandler = (ctx: ProviderContext) =>
  declaredSettingsHandler<Inputs>(ctx, {
    keys: KEYS,
    describe: (i, tenantId) => `the partner configuration template of ${ctx.tenantName({ alias: i.tenant, tenantId })}`,
    id: (_i, tenantId) => tenantId,
    description: partnerTemplateDescription,
    read: async (g) => (await api.getPartnerTemplate(g)) as unknown as Settings,
    outputs: (live) => ({ templateId: live.id }),
    // The template always exists: creating takes it over, whatever it held.
    create: async (g, _i, declared, _tenantId, holds) => {
      if (Object.keys(declared).length) await api.patchPartnerTemplate(g, templateBody(declared), holds);
    },
    patch: (g, _i, body, holds) => api.patchPartnerTemplate(g, templateBody(body), holds),
    dropped: "unconfigured",
    // A template's members are null when unconfigured; its level's default is both flags.
    unconfigured: { templateApplicationLevel: ["newPartners", "existingPartners"] },
    remove: (g) => api.resetPartnerTemplate(g),
  });

export const MultiTenantOrganizationPartnerConfigurationTemplate = dynamicResource(partnerTemplateDescription);
export type MultiTenantOrganizationPartnerConfigurationTemplate = InstanceType<typeof MultiTenantOrganizationPartnerConfigurationTemplate>;
