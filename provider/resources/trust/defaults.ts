// CrossTenantAccessDefaults: the tenant's default cross-tenant settings, which every partner
// configuration inherits where it says nothing (one per tenant, always present). Removing the
// resource, or a property from it, returns the tenant to Graph's system defaults.
import * as pulumi from "@pulumi/pulumi";
import { tenantName } from "../../context";
import { MODULE, providerFor } from "../../dynamic";
import type { Settings } from "../../diff/settings";
import * as api from "../../graph/xtap-api";
import type { CommonArgs, CommonInputs } from "../../inputs/common";
import { TRUST_SETTING_KEYS, type TrustSettingsArgs, checkSettings } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";

/** `tenant` (whose defaults these are), `wait` and `timeouts` as in CommonArgs. */
export interface CrossTenantAccessDefaultsArgs extends CommonArgs, TrustSettingsArgs {}

type Inputs = CommonInputs & Settings;

export const defaultsHandler = declaredSettingsHandler<Inputs>({
  keys: TRUST_SETTING_KEYS,
  identity: [],
  describe: (i, tenantId) => `the default cross-tenant access settings of ${tenantName({ alias: i.tenant, tenantId })}`,
  id: (_i, tenantId) => tenantId,
  check: (news, _tenantId, failures) => checkSettings(news, TRUST_SETTING_KEYS, failures),
  read: async (g) => (await api.getDefaults(g)) as unknown as Settings,
  outputs: (live) => ({ isServiceDefault: live.isServiceDefault }),
  create: async (g, _i, declared, _tenantId, holds) => {
    if (Object.keys(declared).length) await api.patchDefaults(g, declared, holds);
  },
  patch: (g, _i, body, holds) => api.patchDefaults(g, body, holds),
  // The defaults have no unconfigured value short of a full reset, which would also take away
  // what the program does not manage: a dropped path is left as it is.
  dropped: "left",
  remove: (g) => api.resetDefaults(g),
});

export class CrossTenantAccessDefaults extends pulumi.dynamic.Resource {
  declare readonly tenantId: pulumi.Output<string>;
  /** True while the settings are Graph's system defaults. */
  declare readonly isServiceDefault: pulumi.Output<boolean>;
  declare readonly managedProperties: pulumi.Output<string[]>;

  constructor(name: string, args: CrossTenantAccessDefaultsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("CrossTenantAccessDefaults"),
      name,
      { tenantId: undefined, isServiceDefault: undefined, managedProperties: undefined, ...args },
      opts,
      MODULE,
      "CrossTenantAccessDefaults",
    );
  }
}
