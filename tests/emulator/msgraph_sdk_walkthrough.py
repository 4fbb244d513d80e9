"""Drives the emulator with Microsoft's Python Graph SDK (msgraph-sdk) and azure-identity: the seed
walkthrough and the trust APIs, through the SDK's typed models, so its own serialisation and
deserialisation meet the emulator's JSON. Prints one JSON summary on stdout for the jest test
(tests/emulator/msgraph-sdk.test.ts) to assert on; diagnostics go to stderr.

Environment: EMULATOR_URL, CLIENT_ID, CLIENT_SECRET, CAIRO, BERLIN, ATHENS, DENVER (tenant ids),
BERLIN_DOMAIN; REQUESTS_CA_BUNDLE and SSL_CERT_FILE name the emulator's CA.
"""

import asyncio
import json
import os
import sys
import time
from typing import Any, Awaitable, Callable, Optional

from azure.identity import ClientSecretCredential
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_authentication_azure.azure_identity_authentication_provider import AzureIdentityAuthenticationProvider
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.cross_tenant_access_policy_b2_b_setting import CrossTenantAccessPolicyB2BSetting
from msgraph.generated.models.cross_tenant_access_policy_configuration_default import CrossTenantAccessPolicyConfigurationDefault
from msgraph.generated.models.cross_tenant_access_policy_configuration_partner import CrossTenantAccessPolicyConfigurationPartner
from msgraph.generated.models.cross_tenant_access_policy_inbound_trust import CrossTenantAccessPolicyInboundTrust
from msgraph.generated.models.cross_tenant_access_policy_target import CrossTenantAccessPolicyTarget
from msgraph.generated.models.cross_tenant_access_policy_target_configuration import CrossTenantAccessPolicyTargetConfiguration
from msgraph.generated.models.cross_tenant_access_policy_target_configuration_access_type import CrossTenantAccessPolicyTargetConfigurationAccessType as Access
from msgraph.generated.models.cross_tenant_access_policy_target_type import CrossTenantAccessPolicyTargetType as TargetType
from msgraph.generated.models.cross_tenant_access_policy_tenant_restrictions import CrossTenantAccessPolicyTenantRestrictions
from msgraph.generated.models.cross_tenant_identity_sync_policy_partner import CrossTenantIdentitySyncPolicyPartner
from msgraph.generated.models.cross_tenant_user_sync_inbound import CrossTenantUserSyncInbound
from msgraph.generated.models.default_invitation_redemption_identity_provider_configuration import DefaultInvitationRedemptionIdentityProviderConfiguration
from msgraph.generated.models.multi_tenant_organization import MultiTenantOrganization
from msgraph.generated.models.multi_tenant_organization_identity_sync_policy_template import MultiTenantOrganizationIdentitySyncPolicyTemplate
from msgraph.generated.models.multi_tenant_organization_join_request_record import MultiTenantOrganizationJoinRequestRecord
from msgraph.generated.models.multi_tenant_organization_member import MultiTenantOrganizationMember
from msgraph.generated.models.multi_tenant_organization_member_role import MultiTenantOrganizationMemberRole as Role
from msgraph.generated.models.multi_tenant_organization_partner_configuration_template import MultiTenantOrganizationPartnerConfigurationTemplate
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.template_application_level import TemplateApplicationLevel as Level
from msgraph.generated.models.tenant_information import TenantInformation
from msgraph.generated.policies.cross_tenant_access_policy.partners.partners_request_builder import PartnersRequestBuilder
from msgraph.generated.tenant_relationships.multi_tenant_organization.tenants.tenants_request_builder import TenantsRequestBuilder

URL = os.environ["EMULATOR_URL"]
CAIRO, BERLIN, ATHENS, DENVER = (os.environ[k] for k in ("CAIRO", "BERLIN", "ATHENS", "DENVER"))
MTO_POLL_TIMEOUT_S = 15


def log(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)


def client_for(tenant_id: str) -> GraphServiceClient:
    """A Graph client as the SDK's docs build one, pointed at the emulator."""
    credential = ClientSecretCredential(
        tenant_id, os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"], authority=URL, disable_instance_discovery=True
    )
    auth = AzureIdentityAuthenticationProvider(credential, scopes=["https://graph.microsoft.com/.default"], allowed_hosts=["127.0.0.1"])
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = f"{URL}/v1.0"
    return GraphServiceClient(request_adapter=adapter)


async def outcome(call: Awaitable[Any]) -> dict:
    """The status, code and message of the ODataError the call raises, or status 200."""
    try:
        await call
    except ODataError as e:
        return {"status": e.response_status_code, "code": e.error.code if e.error else None, "message": e.error.message if e.error else None}
    return {"status": 200}


async def error_of(call: Awaitable[Any]) -> dict:
    result = await outcome(call)
    if result["status"] < 400:
        raise AssertionError("expected the call to fail")
    return result


async def until(what: str, probe: Callable[[], Awaitable[Any]], done: Callable[[Any], bool]) -> Any:
    deadline = time.monotonic() + MTO_POLL_TIMEOUT_S
    while True:
        value = await probe()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: last {value!r}")
        await asyncio.sleep(0.05)


def enum(v: Any) -> Any:
    return [enum(x) for x in v] if isinstance(v, list) else getattr(v, "value", v)


def targets(setting: Optional[CrossTenantAccessPolicyTargetConfiguration]) -> Optional[list]:
    return None if setting is None else [[t.target, enum(t.target_type)] for t in setting.targets or []]


def extra(obj: Any) -> list:
    """Properties the SDK did not recognise (it keeps them in additional_data)."""
    return sorted(k for k in (getattr(obj, "additional_data", None) or {}) if not k.startswith("@odata"))


async def organization(out: dict) -> None:
    cairo, berlin, athens = client_for(CAIRO), client_for(BERLIN), client_for(ATHENS)
    mto = cairo.tenant_relationships.multi_tenant_organization
    before = await mto.get()
    out["inactive"] = {"state": enum(before.state), "extra": extra(before)}
    # The SDK has no put here: patch is how it creates (as PowerShell's Update- cmdlet does).
    await mto.patch(MultiTenantOrganization(display_name="Cairo", description="created by msgraph-sdk"))
    created = await mto.get()
    out["created"] = {"state": enum(created.state), "displayName": created.display_name, "hasId": bool(created.id), "createdDateTimeTyped": created.created_date_time is not None}

    for tid, name in ((BERLIN, "Berlin"), (ATHENS, "Athens")):
        member = await mto.tenants.post(MultiTenantOrganizationMember(tenant_id=tid, display_name=name, role=Role.Member))
        out.setdefault("added", []).append({"tenantId": member.tenant_id, "state": enum(member.state), "role": enum(member.role), "extra": extra(member)})

    for client in (berlin, athens):
        jr = client.tenant_relationships.multi_tenant_organization.join_request
        await jr.patch(MultiTenantOrganizationJoinRequestRecord(added_by_tenant_id=CAIRO))
        done = await until("the join", jr.get, lambda r: enum(r.member_state) == "active")
        out.setdefault("joined", []).append({"memberState": enum(done.member_state), "role": enum(done.role), "transitionDetails": done.transition_details})

    tenants = mto.tenants

    async def list_where(flt: Optional[str] = None, count: bool = False):
        qp = TenantsRequestBuilder.TenantsRequestBuilderGetQueryParameters(filter=flt, count=count or None)
        return await tenants.get(RequestConfiguration(query_parameters=qp))

    owners = await list_where("role eq 'owner'")
    active = await list_where("state eq 'Active'", count=True)
    members = await list_where(f"role eq 'member' and state eq 'active' and tenantId eq '{BERLIN.upper()}'")
    out["filters"] = {
        "owners": [m.tenant_id for m in owners.value],
        "active": sorted(m.tenant_id for m in active.value),
        "activeCount": active.odata_count,
        "berlinAsMember": [m.tenant_id for m in members.value],
        "joinedDateTimeTyped": all(m.joined_date_time is not None for m in active.value if m.tenant_id != CAIRO),
    }
    out["count"] = await tenants.count.get()
    out["badFilter"] = await error_of(list_where("displayName eq 'Berlin'"))

    # Promote Berlin, wait, demote it again; each change shows in transitionDetails first.
    berlin_row = tenants.by_multi_tenant_organization_member_id(BERLIN)
    await berlin_row.patch(MultiTenantOrganizationMember(role=Role.Owner))
    pending = await berlin_row.get()
    promoted = await until("the promotion", berlin_row.get, lambda m: enum(m.role) == "owner" and m.transition_details is None)
    promoted_role = enum(promoted.role)
    # Read-modify-write: the whole member object goes back, read-only properties and all.
    promoted.role = Role.Member
    await berlin_row.patch(promoted)
    demoted = await until("the demotion", berlin_row.get, lambda m: enum(m.role) == "member" and m.transition_details is None)
    out["roles"] = {
        "pendingDesiredRole": enum(pending.transition_details.desired_role) if pending.transition_details else None,
        "promoted": promoted_role,
        "demoted": enum(demoted.role),
    }

    # Athens leaves; afterwards its row is gone (404).
    athens_row = athens.tenant_relationships.multi_tenant_organization.tenants.by_multi_tenant_organization_member_id(ATHENS)
    await athens_row.delete()
    gone = await until("the removal", lambda: outcome(tenants.by_multi_tenant_organization_member_id(ATHENS).get()), lambda e: e["status"] == 404)
    out["removal"] = gone
    out["countAfterRemoval"] = await tenants.count.get()


async def templates(out: dict) -> None:
    t = client_for(CAIRO).policies.cross_tenant_access_policy.templates
    pt = t.multi_tenant_organization_partner_configuration
    initial = await pt.get()
    await pt.patch(MultiTenantOrganizationPartnerConfigurationTemplate(
        inbound_trust=CrossTenantAccessPolicyInboundTrust(is_mfa_accepted=True), template_application_level=Level.NewPartners))
    patched = await pt.get()
    patched_level = enum(patched.template_application_level)
    # The SDK reads the flags enum as a list, but cannot write a list back: a read-modify-write
    # PATCH leaves the level out (kiota's write_enum_value ignores anything but one Enum).
    patched.template_application_level = [Level.NewPartners, Level.ExistingPartners]
    await pt.patch(patched)
    after_list = await pt.get()
    await pt.reset_to_default_settings.post()
    reset = await pt.get()
    out["partnerTemplate"] = {
        "initialLevel": enum(initial.template_application_level),
        "patchedLevel": patched_level,
        "inboundTrust": [patched.inbound_trust.is_mfa_accepted, patched.inbound_trust.is_compliant_device_accepted],
        "levelAfterListPatch": enum(after_list.template_application_level),
        "resetLevel": enum(reset.template_application_level),
        "resetInboundTrust": reset.inbound_trust,
        "extra": extra(initial),
    }

    st = t.multi_tenant_organization_identity_synchronization
    await st.patch(MultiTenantOrganizationIdentitySyncPolicyTemplate(user_sync_inbound=CrossTenantUserSyncInbound(is_sync_allowed=True)))
    sync_patched = await st.get()
    await st.reset_to_default_settings.post()
    sync_reset = await st.get()
    out["syncTemplate"] = {
        "patched": sync_patched.user_sync_inbound.is_sync_allowed,
        "reset": sync_reset.user_sync_inbound.is_sync_allowed,
        "level": enum(sync_reset.template_application_level),
        "extra": extra(sync_reset),
    }


async def default_configuration(out: dict) -> None:
    d = client_for(CAIRO).policies.cross_tenant_access_policy.default
    initial = await d.get()
    await d.patch(CrossTenantAccessPolicyConfigurationDefault(inbound_trust=CrossTenantAccessPolicyInboundTrust(is_mfa_accepted=True)))
    customised = await d.get()
    # Read-modify-write of the whole default: isServiceDefault and everything else goes back.
    customised.automatic_user_consent_settings.inbound_allowed = False
    await d.patch(customised)
    await d.reset_to_system_default.post()
    reset = await d.get()
    irc: DefaultInvitationRedemptionIdentityProviderConfiguration = initial.invitation_redemption_identity_provider_configuration
    tr: CrossTenantAccessPolicyTenantRestrictions = initial.tenant_restrictions
    out["default"] = {
        "isServiceDefault": [initial.is_service_default, customised.is_service_default, reset.is_service_default],
        "mfaAfterPatch": customised.inbound_trust.is_mfa_accepted,
        "precedence": enum(irc.primary_identity_provider_precedence_order),
        "fallback": enum(irc.fallback_identity_provider),
        "tenantRestrictionsType": type(tr).__name__,
        "tenantRestrictionsUsers": [enum(tr.users_and_groups.access_type), targets(tr.users_and_groups)],
        "m365Inbound": targets(initial.m365_collaboration_inbound.users),
        "appServiceConnect": enum(initial.app_service_connect_inbound.applications.access_type),
        "extra": extra(initial),
    }


async def partners(out: dict) -> None:
    cairo = client_for(CAIRO)
    p = cairo.policies.cross_tenant_access_policy.partners
    allowed = CrossTenantAccessPolicyTargetConfiguration(access_type=Access.Allowed, targets=[
        CrossTenantAccessPolicyTarget(target="AA0B2D2B-1B4E-4A47-9F1B-6E3B6E1D5C01", target_type=TargetType.User),
        CrossTenantAccessPolicyTarget(target="0b0b2d2b-1b4e-4a47-9f1b-6e3b6e1d5c02", target_type=TargetType.Group),
    ])
    created = await p.post(CrossTenantAccessPolicyConfigurationPartner(
        tenant_id=DENVER, b2b_collaboration_inbound=CrossTenantAccessPolicyB2BSetting(users_and_groups=allowed)))
    qp = PartnersRequestBuilder.PartnersRequestBuilderGetQueryParameters(expand=["identitySynchronization"], count=True)
    listed = await p.get(RequestConfiguration(query_parameters=qp))
    row = p.by_cross_tenant_access_policy_configuration_partner_tenant_id(DENVER)
    got = await row.get()
    # Read-modify-write of the whole partner, tenantId and isInMultiTenantOrganization included.
    got.inbound_trust = CrossTenantAccessPolicyInboundTrust(is_mfa_accepted=True, is_compliant_device_accepted=False)
    await row.patch(got)
    patched = await row.get()
    # A wrongly cased property (here through additional_data) is refused, as Graph does since 2025.
    wrong_case = CrossTenantAccessPolicyConfigurationPartner(additional_data={"b2BCollaborationInbound": {}})
    refused = await error_of(row.patch(wrong_case))
    berlin_partner = next(x for x in listed.value if x.tenant_id == BERLIN)
    out["partners"] = {
        "createdTargets": targets(created.b2b_collaboration_inbound.users_and_groups),
        "createdTenantRestrictions": created.tenant_restrictions,
        "listedIds": sorted(x.tenant_id for x in listed.value),
        "listedCount": listed.odata_count,
        "count": await p.count.get(),
        "berlinInMto": berlin_partner.is_in_multi_tenant_organization,
        "berlinSyncTyped": type(berlin_partner.identity_synchronization).__name__,
        "berlinSyncName": berlin_partner.identity_synchronization.display_name,
        "inboundTrustAfterPatch": [patched.inbound_trust.is_mfa_accepted, patched.inbound_trust.is_compliant_device_accepted, patched.inbound_trust.is_hybrid_azure_a_d_joined_device_accepted],
        "wrongCase": refused,
        "extra": extra(got),
    }

    sync = row.identity_synchronization
    await sync.put(CrossTenantIdentitySyncPolicyPartner(display_name="Denver", user_sync_inbound=CrossTenantUserSyncInbound(is_sync_allowed=True)))
    first = await sync.get()
    first_seen = [first.tenant_id, first.display_name, first.user_sync_inbound.is_sync_allowed]
    # The SDK has no patch for identity synchronization (the CSDL's update method is PUT).
    first.user_sync_inbound.is_sync_allowed = False
    await sync.put(first)
    second = await sync.get()
    blocked = await error_of(row.delete())
    await sync.delete()
    await row.delete()
    gone = await error_of(row.get())
    again = await error_of(p.post(CrossTenantAccessPolicyConfigurationPartner(tenant_id=DENVER)))
    out["identitySync"] = {
        "first": first_seen,
        "second": second.user_sync_inbound.is_sync_allowed,
        "deletePartnerWithSync": blocked,
        "afterDelete": gone["status"],
        "recreate": again,
        "extra": extra(first),
    }


async def tenant_information(out: dict) -> None:
    tr = client_for(CAIRO).tenant_relationships
    by_id: TenantInformation = await tr.find_tenant_information_by_tenant_id_with_tenant_id(BERLIN).get()
    by_domain: TenantInformation = await tr.find_tenant_information_by_domain_name_with_domain_name(os.environ["BERLIN_DOMAIN"]).get()
    out["tenantInformation"] = {
        "byId": [by_id.tenant_id, by_id.display_name, by_id.default_domain_name, by_id.federation_brand_name],
        "byDomain": [by_domain.tenant_id, by_domain.default_domain_name],
        "extra": extra(by_id),
    }


async def main() -> None:
    out: dict = {}
    started = time.monotonic()
    for step in (organization, templates, default_configuration, partners, tenant_information):
        log(f"[walkthrough] {step.__name__}")
        await step(out)
    out["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(out, default=lambda o: getattr(o, "value", str(o))))


if __name__ == "__main__":
    asyncio.run(main())
