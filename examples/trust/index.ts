// The seed walkthrough's three tenants, trusting each other. Cairo owns the organization; Berlin and
// Athens join with their own credentials.
// - Before anyone joins, each tenant's templates say what the joins generate: accept MFA and
//   compliant devices from the other tenants, consent automatically both ways, allow user sync.
// - After the joins, an explicit partner configuration per pair keeps those settings true (drift
//   shows in `pulumi preview --refresh`), and Cairo lets one Berlin group collaborate with it.
// - Berlin synchronizes users from Cairo.
// Stack configuration: entra-mto:tenants with the aliases cairo, berlin, athens (see docs/configuration.md).
import * as pulumi from "@pulumi/pulumi";
import * as mto from "pulumi-entra-mto";

const aliases = ["cairo", "berlin", "athens"] as const;
type Alias = (typeof aliases)[number];
const tenantIds = new pulumi.Config("entra-mto").requireObject<Record<Alias, { tenantId: string }>>("tenants");
/** A group in Berlin whose users may collaborate with Cairo (B2B collaboration inbound). */
const BERLIN_ENGINEERS = "b0b0b0b0-0000-4000-8000-00000000e001";

const trust = { inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true }, automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true } };

// Templates first: Graph applies them when a join generates the partner configurations.
const templates = aliases.flatMap((alias) => [
  new mto.MultiTenantOrganizationPartnerConfigurationTemplate(`${alias}-partner-template`, {
    tenant: alias,
    templateApplicationLevel: ["newPartners", "existingPartners"],
    ...trust,
  }),
  new mto.MultiTenantOrganizationIdentitySyncPolicyTemplate(`${alias}-sync-template`, { tenant: alias, userSyncInbound: { isSyncAllowed: true } }),
]);

// Cairo's defaults for tenants outside the organization: no MFA trust, no direct connect.
new mto.CrossTenantAccessDefaults("cairo-defaults", {
  tenant: "cairo",
  inboundTrust: { isMfaAccepted: false },
  b2bDirectConnectInbound: { usersAndGroups: { accessType: "blocked", targets: [{ target: "AllUsers", targetType: "user" }] } },
});

const organization = new mto.MultiTenantOrganization("cairo", { tenant: "cairo", displayName: "Cairo", description: "Cairo, Berlin and Athens" });
const joins: Partial<Record<Alias, mto.MultiTenantOrganizationJoinRequest>> = {};
for (const alias of ["berlin", "athens"] as const) {
  const member = new mto.MultiTenantOrganizationMember(
    alias,
    {
      tenant: "cairo",
      memberTenantId: tenantIds[alias].tenantId,
      displayName: alias === "berlin" ? "Berlin" : "Athens",
    },
    { dependsOn: [organization] },
  );
  joins[alias] = new mto.MultiTenantOrganizationJoinRequest(
    `${alias}-join`,
    {
      tenant: alias,
      addedByTenantId: organization.tenantId,
      memberAddedDateTime: member.addedDateTime,
    },
    { dependsOn: [member, ...templates] },
  );
}

// One partner configuration per ordered pair, after the joins that generate it: the resource adopts
// the generated object and keeps the declared values true; destroying it removes the pair's trust.
const partners: Record<string, mto.CrossTenantAccessPartner> = {};
for (const from of aliases) {
  for (const to of aliases.filter((a) => a !== from)) {
    const extra =
      from === "cairo" && to === "berlin"
        ? { b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed" as const, targets: [{ target: BERLIN_ENGINEERS, targetType: "group" as const }] } } }
        : {};
    partners[`${from}->${to}`] = new mto.CrossTenantAccessPartner(
      `${from}-trusts-${to}`,
      {
        tenant: from,
        partnerTenantId: tenantIds[to].tenantId,
        ...trust,
        ...extra,
      },
      { dependsOn: [joins[from], joins[to]].filter((j): j is mto.MultiTenantOrganizationJoinRequest => j !== undefined) },
    );
  }
}

// Berlin synchronizes users from Cairo (the policy lives in Berlin, toward its partner Cairo).
new mto.CrossTenantIdentitySync(
  "berlin-syncs-from-cairo",
  {
    tenant: "berlin",
    partnerTenantId: partners["berlin->cairo"].partnerTenantId,
    displayName: "Cairo",
    userSyncInbound: { isSyncAllowed: true },
  },
  { dependsOn: [partners["berlin->cairo"]] },
);

export const organizationState = organization.state;
// Tenants can be found by domain or id with the credentials of any configured alias.
export const athensDomain = mto.lookupTenantOutput({ tenant: "cairo", tenantId: tenantIds.athens.tenantId }).defaultDomainName;
export const joined = Object.fromEntries(Object.entries(joins).map(([alias, j]) => [alias, j!.memberState]));
export const cairoTrustsBerlin = partners["cairo->berlin"].isInMultiTenantOrganization;
