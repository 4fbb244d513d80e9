// The seed walkthrough as one declaration: Cairo owns the organization; Berlin and Athens are
// members; every tenant accepts MFA and compliant devices from the others and consents to them
// automatically; Berlin synchronizes users from Cairo. Each tenant acts with its own credentials
// (entra-mto:tenants). Edit `members` and run `pulumi up`: adding, removing, swapping, promoting
// and demoting tenants each take one run.
// Stack configuration:
//   entra-mto:tenants   alias -> { tenantId, auth, clientId, clientSecret | clientSecretEnv, ... }
//   members             alias -> { displayName, role? } (default: Berlin and Athens, members)
//   owner, ownerName    the owner's alias and name (default: cairo, Cairo)
//   peopleScope         optional { users?, groups? } of the owner: those people are synchronized into
//                       Berlin (without it, Berlin only allows synchronization from the owner)
//   peopleWait          accepted (default) or synchronized
import * as pulumi from "@pulumi/pulumi";
import { type SyncScopeArgs, MultiTenantOrganizationTopology, type TopologyTenant, type TrustSettings } from "pulumi-entra-mto";

const config = new pulumi.Config();
const owner = config.get("owner") ?? "cairo";
const ownerName = config.get("ownerName") ?? "Cairo";
const members = config.getObject<Record<string, TopologyTenant>>("members") ?? {
  berlin: { displayName: "Berlin" },
  athens: { displayName: "Athens" },
};

const trust: TrustSettings = {
  inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
  automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
};

const tenants: Record<string, TopologyTenant> = { [owner]: { displayName: ownerName }, ...members };
const peopleScope = config.getObject<SyncScopeArgs>("peopleScope");
const peopleWait = (config.get("peopleWait") ?? "accepted") as "accepted" | "synchronized";
if (tenants.berlin) tenants.berlin = { ...tenants.berlin, syncUsersFrom: peopleScope ? { [owner]: { scope: peopleScope, wait: peopleWait } } : [owner] };

const organization = new MultiTenantOrganizationTopology("seed", {
  displayName: ownerName,
  description: "Cairo, Berlin and Athens",
  owner,
  tenants,
  // Joins generate partner settings already trusting; the topology then keeps them true.
  templates: { partner: trust, identitySync: { userSyncInbound: { isSyncAllowed: true } } },
  trust,
});

export const tenantStates = organization.tenants;
