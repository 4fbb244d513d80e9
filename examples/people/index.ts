// People across the organization: Cairo owns it, Berlin joins, and the people of a Cairo group
// become members of Berlin through Cairo's cross-tenant synchronization configuration. One
// declaration: the topology writes automatic redemption on both sides, Berlin's sync policy and
// Cairo's configuration, in the order Graph's connection test needs.
// Stack configuration:
//   entra-mto:tenants   the aliases cairo and berlin (see docs/configuration.md)
//   scope               who is synchronized: { users?: [...], groups?: [...] } (object ids in Cairo)
//   mappings            optional: { userType?, showInAddressList?, provisionGroups? }
//   wait                accepted (default) or synchronized
//   synchronize         false: allow synchronization only (the list form), moving no one
import * as pulumi from "@pulumi/pulumi";
import { MultiTenantOrganizationTopology, type SyncMappingsArgs, type SyncScopeArgs } from "pulumi-entra-mto";

const config = new pulumi.Config();
const scope = config.requireObject<SyncScopeArgs>("scope");
const mappings = config.getObject<SyncMappingsArgs>("mappings");
const wait = (config.get("wait") ?? "accepted") as "accepted" | "synchronized";
const synchronize = config.getBoolean("synchronize") ?? true;

const organization = new MultiTenantOrganizationTopology("people", {
  displayName: "Cairo",
  owner: "cairo",
  tenants: {
    cairo: { displayName: "Cairo" },
    berlin: { displayName: "Berlin", syncUsersFrom: synchronize ? { cairo: { scope, mappings, wait } } : ["cairo"] },
  },
  trust: { inboundTrust: { isMfaAccepted: true } },
});

const sync = organization.synchronizations["cairo->berlin"];
export const tenantStates = organization.tenants;
export const synchronization = sync
  ? pulumi
      .all([sync.status, sync.lastCycle, sync.usersSynchronized, sync.quarantine, sync.adopted, sync.servicePrincipalId])
      .apply(([status, lastCycle, usersSynchronized, quarantine, adopted, servicePrincipalId]) => ({
        status,
        lastCycle,
        usersSynchronized,
        quarantine,
        adopted,
        servicePrincipalId,
      }))
  : null;
