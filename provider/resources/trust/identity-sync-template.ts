// MultiTenantOrganizationIdentitySyncPolicyTemplate: the tenant's template for the user
// synchronization policies Graph generates toward partners when tenants join (one per tenant,
// always present). Like the partner template, it acts at join time only.
import * as pulumi from "@pulumi/pulumi";
import { tenantName } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import type { Settings } from "../../diff/settings";
import * as api from "../../graph/xtap-api";
import type { CommonArgs, CommonInputs } from "../../inputs/common";
import { checkApplicationLevel, checkSettings } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";
import { type TemplateApplicationLevel, templateBody } from "./partner-template";

/** `tenant` (the template's tenant), `wait` and `timeouts` as in CommonArgs. */
export interface MultiTenantOrganizationIdentitySyncPolicyTemplateArgs extends CommonArgs {
  /** To which partners a join applies the template; [] means none. Graph's default is both. */
  templateApplicationLevel?: pulumi.Input<pulumi.Input<TemplateApplicationLevel>[]>;
  /** Whether users may be synchronized into this tenant from the partner. */
  userSyncInbound?: pulumi.Input<{ isSyncAllowed?: boolean }>;
}

type Inputs = CommonInputs & Settings;
const KEYS = ["templateApplicationLevel", "userSyncInbound"] as const;

export const identitySyncTemplateHandler = declaredSettingsHandler<Inputs>({
  keys: KEYS,
  identity: [],
  describe: (i, tenantId) => `the identity synchronization template of ${tenantName({ alias: i.tenant, tenantId })}`,
  id: (_i, tenantId) => tenantId,
  check(news, _tenantId, failures) {
    checkApplicationLevel(news.templateApplicationLevel, failures);
    checkSettings(news, ["userSyncInbound"], failures);
  },
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

export class MultiTenantOrganizationIdentitySyncPolicyTemplate extends pulumi.dynamic.Resource {
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
  declare readonly managedProperties: pulumi.Output<string[]>;

  constructor(name: string, args: MultiTenantOrganizationIdentitySyncPolicyTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("MultiTenantOrganizationIdentitySyncPolicyTemplate"),
      name,
      { tenantId: undefined, templateId: undefined, managedProperties: undefined, ...args },
      opts,
      MODULE,
      "MultiTenantOrganizationIdentitySyncPolicyTemplate",
    );
  }
}
