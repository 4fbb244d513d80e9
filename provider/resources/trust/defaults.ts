// CrossTenantAccessDefaults: the tenant's default cross-tenant settings, which every partner
// configuration inherits where it says nothing (one per tenant, always present). Removing the
// resource, or a property from it, returns the tenant to Graph's system defaults.
import type { ProviderContext } from "../../context";
import { type ArgsOf, describeResource, dynamicResource } from "../../describe/resource";
import { flag, listOf, text } from "../../describe/shape";
import type { Settings } from "../../diff/settings";
import * as api from "../../graph/xtap-api";
import type { CommonInputs } from "../../inputs/common";
import { TRUST_SETTINGS, TRUST_SETTING_KEYS } from "../../inputs/trust";
import { declaredSettingsHandler } from "./declared-settings";

export const defaultsDescription = describeResource({
  kind: "CrossTenantAccessDefaults",
  description: "The tenant's default cross-tenant access settings, inherited by every partner configuration where it says nothing.",
  inputs: TRUST_SETTINGS,
  outputs: {
    tenantId: text("The acting tenant's id."),
    isServiceDefault: flag("True while the settings are Graph's system defaults."),
    managedProperties: listOf(text("A settings path."), "The settings paths this resource manages, e.g. 'inboundTrust.isMfaAccepted'."),
  },
  settings: TRUST_SETTING_KEYS,
});

/** `tenant` is the tenant whose defaults these are. */
export type CrossTenantAccessDefaultsArgs = ArgsOf<typeof defaultsDescription>;

type Inputs = CommonInputs & Settings;

export const defaultsHandler = (ctx: ProviderContext) =>
  declaredSettingsHandler<Inputs>(ctx, {
    keys: TRUST_SETTING_KEYS,
    describe: (i, tenantId) => `the default cross-tenant access settings of ${ctx.tenantName({ alias: i.tenant, tenantId })}`,
    id: (_i, tenantId) => tenantId,
    description: defaultsDescription,
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

export const CrossTenantAccessDefaults = dynamicResource(defaultsDescription);
export type CrossTenantAccessDefaults = InstanceType<typeof CrossTenantAccessDefaults>;
