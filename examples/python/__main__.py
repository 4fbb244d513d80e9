"""The seed walkthrough (examples/walkthrough/index.ts) as a Python program.

Cairo owns the organization; Berlin and Athens are members; every tenant accepts MFA and compliant
devices from the others and consents to them automatically; Berlin synchronizes users from Cairo.
Each tenant acts with its own credentials (entra-mto:tenants). Edit `members` and run `pulumi up`:
adding, removing, swapping, promoting and demoting tenants each take one run.

Stack configuration (the same as the TypeScript walkthrough's):
  entra-mto:tenants   alias -> { tenantId, auth, clientId, clientSecret | clientSecretEnv, ... }
  members             alias -> { displayName, role? } (default: Berlin and Athens, members)
  owner, ownerName    the owner's alias and name (default: cairo, Cairo)

Needs the provider plugin (pulumi-resource-entra-mto) on PATH and its generated Python SDK
(pulumi_entra_mto) installed: see README.md beside this file.
"""
import pulumi
import pulumi_entra_mto as mto

config = pulumi.Config()
owner = config.get("owner") or "cairo"
owner_name = config.get("ownerName") or "Cairo"
members = config.get_object("members") or {
    "berlin": {"displayName": "Berlin"},
    "athens": {"displayName": "Athens"},
}

inbound_trust = mto.InboundTrustArgs(is_mfa_accepted=True, is_compliant_device_accepted=True)
consent = mto.AutomaticUserConsentSettingsArgs(inbound_allowed=True, outbound_allowed=True)
trust = mto.TrustSettingsArgs(inbound_trust=inbound_trust, automatic_user_consent_settings=consent)

tenants = {owner: mto.TopologyTenantArgs(display_name=owner_name)}
for alias, member in members.items():
    tenants[alias] = mto.TopologyTenantArgs(
        display_name=member["displayName"],
        role=member.get("role"),
        sync_users_from=[owner] if alias == "berlin" else None,
    )

organization = mto.MultiTenantOrganizationTopology(
    "seed",
    display_name=owner_name,
    description="Cairo, Berlin and Athens",
    owner=owner,
    tenants=tenants,
    # Joins generate partner settings already trusting; the topology then keeps them true.
    templates=mto.TopologyTemplatesArgs(
        partner=mto.PartnerTemplateSettingsArgs(inbound_trust=inbound_trust, automatic_user_consent_settings=consent),
        identity_sync=mto.IdentitySyncTemplateSettingsArgs(user_sync_inbound=mto.SyncAllowedArgs(is_sync_allowed=True)),
    ),
    trust=trust,
)

pulumi.export("tenantStates", organization.tenants)
