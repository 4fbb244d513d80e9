// MultiTenantOrganizationPartnerConfigurationTemplate: the tenant's template for the partner
// configurations Graph generates when tenants join (one per tenant, always present). Graph applies
// it at join time only, and only its non-null values, to new or existing partners as
// templateApplicationLevel says; later changes reach no partner that exists already.
import * as pulumi from "@pulumi/pulumi";
import { tenantName } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import { applicationLevelString } from "../../diff/normalize";
import type { Settings } from "../../diff/settings";
import * as api from "../../graph/xtap-api";
import type { CommonArgs, CommonInputs } from "../../inputs/common";
import { TEMPLATE_SETTING_KEYS, type TemplateSettingsArgs, checkApplicationLevel, checkSettings } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";

export type TemplateApplicationLevel = "newPartners" | "existingPartners";

/** `tenant` (the template's tenant), `wait` and `timeouts` as in CommonArgs. */
export interface MultiTenantOrganizationPartnerConfigurationTemplateArgs extends CommonArgs, TemplateSettingsArgs {
  /** To which partners a join applies the template; [] means none. Graph's default is both. */
  templateApplicationLevel?: pulumi.Input<pulumi.Input<TemplateApplicationLevel>[]>;
}

type Inputs = CommonInputs & Settings;
const KEYS = ["templateApplicationLevel", ...TEMPLATE_SETTING_KEYS] as const;

/** Graph takes the flags as one comma-separated string. */
export function templateBody(body: Settings): Settings {
  const level = body.templateApplicationLevel;
  return Array.isArray(level) ? { ...body, templateApplicationLevel: applicationLevelString(level) } : body;
}

export const partnerTemplateHandler = declaredSettingsHandler<Inputs>({
  keys: KEYS,
  identity: [],
  describe: (i, tenantId) => `the partner configuration template of ${tenantName({ alias: i.tenant, tenantId })}`,
  id: (_i, tenantId) => tenantId,
  check(news, _tenantId, failures) {
    checkApplicationLevel(news.templateApplicationLevel, failures);
    checkSettings(news, TEMPLATE_SETTING_KEYS, failures);
  },
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

export class MultiTenantOrganizationPartnerConfigurationTemplate extends pulumi.dynamic.Resource {
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
  declare readonly managedProperties: pulumi.Output<string[]>;

  constructor(name: string, args: MultiTenantOrganizationPartnerConfigurationTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("MultiTenantOrganizationPartnerConfigurationTemplate"),
      name,
      { tenantId: undefined, templateId: undefined, managedProperties: undefined, ...args },
      opts,
      MODULE,
      "MultiTenantOrganizationPartnerConfigurationTemplate",
    );
  }
}
