"""Drives the emulator's cross-tenant synchronization with Microsoft's Python Graph SDK (msgraph-sdk)
through its typed models, in the documented order: instantiate the gallery application, wait out the
replication delay, validate credentials (failing before the policies exist, then passing), create
the Azure2Azure job, put its secrets, assign a group, read and write back the schema, start, read
the job until a cycle has run, list the users that arrived in the target, read the provisioning
log, pause and delete. Prints one JSON summary on stdout for tests/emulator/msgraph-sdk.test.ts.

Environment: as msgraph_sdk_walkthrough.py, plus CTS_TEMPLATE_ID and CAIRO_GROUP (the group to assign).
"""

import asyncio
import json
import os
import time
import uuid
from typing import Any

from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.method import Method
from msgraph.generated.application_templates.item.instantiate.instantiate_post_request_body import InstantiatePostRequestBody
from msgraph.generated.audit_logs.provisioning.provisioning_request_builder import ProvisioningRequestBuilder
from msgraph.generated.models.app_role_assignment import AppRoleAssignment
from msgraph.generated.models.cross_tenant_access_policy_configuration_partner import CrossTenantAccessPolicyConfigurationPartner
from msgraph.generated.models.cross_tenant_identity_sync_policy_partner import CrossTenantIdentitySyncPolicyPartner
from msgraph.generated.models.cross_tenant_user_sync_inbound import CrossTenantUserSyncInbound
from msgraph.generated.models.inbound_outbound_policy_configuration import InboundOutboundPolicyConfiguration
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.synchronization_job import SynchronizationJob
from msgraph.generated.models.synchronization_secret import SynchronizationSecret as Secret
from msgraph.generated.models.synchronization_secret_key_string_value_pair import SynchronizationSecretKeyStringValuePair as SecretPair
from msgraph.generated.service_principals.item.synchronization.jobs.validate_credentials.validate_credentials_post_request_body import (
    ValidateCredentialsPostRequestBody,
)
from msgraph.generated.service_principals.item.synchronization.secrets.secrets_put_request_body import SecretsPutRequestBody
from msgraph.generated.users.users_request_builder import UsersRequestBuilder
from msgraph_sdk_walkthrough import BERLIN, CAIRO, client_for, enum, error_of, log, outcome

POLL_TIMEOUT_S = 15


def leftovers(obj: Any, at: str = "$") -> list:
    """Every property, at any depth, that the SDK kept in additional_data (it did not type it)."""
    found: list = []
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            found += leftovers(item, f"{at}[{i}]")
    elif hasattr(obj, "additional_data") and not at.endswith(".details"):
        # detailsInfo (provisioning events' details) is an open type: its members are additional_data by design.
        found += [f"{at}.{k}" for k in (obj.additional_data or {}) if not k.startswith("@odata")]
        for name, value in vars(obj).items():
            if name not in ("additional_data", "backing_store") and value is not None:
                found += leftovers(value, f"{at}.{name}")
    return found


async def poll(what: str, probe, done) -> tuple:
    """Polls until done(value); returns the value and how many probes were not done."""
    deadline, misses = time.monotonic() + POLL_TIMEOUT_S, 0
    while True:
        value = await probe()
        if done(value):
            return value, misses
        misses += 1
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: last {value!r}")
        await asyncio.sleep(0.05)


async def policies(cairo, berlin) -> None:
    """Steps 2-5: the target allows inbound sync and auto-redemption, the source outbound auto-redemption."""
    await berlin.policies.cross_tenant_access_policy.partners.post(CrossTenantAccessPolicyConfigurationPartner(tenant_id=CAIRO))
    from_cairo = berlin.policies.cross_tenant_access_policy.partners.by_cross_tenant_access_policy_configuration_partner_tenant_id(CAIRO)
    await from_cairo.identity_synchronization.put(
        CrossTenantIdentitySyncPolicyPartner(display_name="Cairo", user_sync_inbound=CrossTenantUserSyncInbound(is_sync_allowed=True))
    )
    await from_cairo.patch(CrossTenantAccessPolicyConfigurationPartner(automatic_user_consent_settings=InboundOutboundPolicyConfiguration(inbound_allowed=True)))
    await cairo.policies.cross_tenant_access_policy.partners.post(CrossTenantAccessPolicyConfigurationPartner(tenant_id=BERLIN))
    to_berlin = cairo.policies.cross_tenant_access_policy.partners.by_cross_tenant_access_policy_configuration_partner_tenant_id(BERLIN)
    await to_berlin.patch(CrossTenantAccessPolicyConfigurationPartner(automatic_user_consent_settings=InboundOutboundPolicyConfiguration(outbound_allowed=True)))


async def main() -> None:
    out: dict = {}
    started = time.monotonic()
    cairo, berlin = client_for(CAIRO), client_for(BERLIN)

    # Step 6: instantiate, then wait until the service principal can be read.
    created = await cairo.application_templates.by_application_template_id(os.environ["CTS_TEMPLATE_ID"]).instantiate.post(
        InstantiatePostRequestBody(display_name="Cairo to Berlin")
    )
    sp_id, role = created.service_principal.id, created.service_principal.app_roles[0]
    out["instantiate"] = {
        "appIdsAgree": created.application.app_id == created.service_principal.app_id,
        "templateId": created.service_principal.application_template_id,
        "role": [role.display_name, role.allowed_member_types, isinstance(role.id, uuid.UUID)],
        "assignmentRequired": created.service_principal.app_role_assignment_required,
        "leftovers": leftovers(created),
    }
    sp = cairo.service_principals.by_service_principal_id(sp_id)

    async def read_sp():
        result = await outcome(sp.get())
        return result["status"]

    _, misses = await poll("replication", read_sp, lambda status: status == 200)
    out["replication"] = {"notFoundFirst": misses > 0}

    # Step 7: validateCredentials, bound to the jobs collection (no job yet); the SDK types it.
    credentials = [SecretPair(key=Secret.CompanyId, value=BERLIN), SecretPair(key=Secret.AuthenticationType, value="SyncPolicy")]
    validate = ValidateCredentialsPostRequestBody(use_saved_credentials=False, template_id="Azure2Azure", credentials=credentials)
    out["validateBeforePolicies"] = await error_of(sp.synchronization.jobs.validate_credentials.post(validate))
    await policies(cairo, berlin)
    out["validateAfterPolicies"] = await outcome(sp.synchronization.jobs.validate_credentials.post(validate))

    # Step 8: the job.
    job = await sp.synchronization.jobs.post(SynchronizationJob(template_id="Azure2Azure"))
    out["created"] = {
        "templateId": job.template_id,
        "idForm": job.id.split(".")[0],
        "schedule": [enum(job.schedule.state), job.schedule.interval.total_seconds()],
        "code": enum(job.status.code),
        "leftovers": leftovers(job),
    }
    job_rb = sp.synchronization.jobs.by_synchronization_job_id(job.id)

    # Step 9: secrets (the PUT answers 204; the SDK returns nothing).
    await sp.synchronization.secrets.put(
        SecretsPutRequestBody(value=credentials + [SecretPair(key=Secret.SyncAll, value="false")])
    )

    # Step 10: a group of Cairo is assigned to the configuration.
    assignment = await sp.app_role_assigned_to.post(
        AppRoleAssignment(principal_id=uuid.UUID(os.environ["CAIRO_GROUP"]), resource_id=uuid.UUID(sp_id), app_role_id=role.id)
    )
    out["assignment"] = {
        "principalType": assignment.principal_type,
        "principalId": str(assignment.principal_id),
        "resourceDisplayName": assignment.resource_display_name,
        "createdTyped": assignment.created_date_time is not None,
        "leftovers": leftovers(assignment),
    }

    # Step 11: the schema, read and written back whole through the typed model.
    schema = await job_rb.schema.get()
    rule = schema.synchronization_rules[0]
    out["schema"] = {
        "rule": rule.name,
        "mappings": [m.name for m in rule.object_mappings],
        # A flags enum: the SDK reads it as a list, and cannot write a list back (it leaves it out).
        "flowTypes": [enum(m.flow_types) for m in rule.object_mappings],
        "directories": [d.name for d in schema.directories],
        "leftovers": leftovers(schema),
    }
    # The SDK's schema builder has patch only (the CSDL's update method); the docs' call is a PUT, so
    # the typed schema goes out through the SDK's raw request adapter, serialised by the SDK itself.
    put = job_rb.schema.to_patch_request_information(schema)
    put.http_method = Method.PUT
    out["schemaPut"] = await outcome(cairo.request_adapter.send_no_response_content_async(put, {"XXX": ODataError}))

    # Steps 12-13: start, then read the job until a cycle has succeeded.
    await job_rb.start.post()
    running, _ = await poll("a cycle", job_rb.get, lambda j: j.status.last_successful_execution is not None)
    out["afterCycle"] = {
        "schedule": enum(running.schedule.state),
        "code": enum(running.status.code),
        "lastExecution": [enum(running.status.last_execution.state), running.status.last_execution.time_ended is not None],
        "counts": {e.key: e.value for e in running.status.synchronized_entry_count_by_type},
        "leftovers": leftovers(running),
    }

    # The users in the target: invited, accepted, from Cairo's domain.
    users = await berlin.users.get(
        RequestConfiguration(
            query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(filter="creationType eq 'Invitation' and externalUserState eq 'Accepted'")
        )
    )
    out["targetUsers"] = sorted(
        [u.display_name, u.user_type, u.user_principal_name.split("#EXT#")[0]] for u in users.value
    )
    out["targetUsersLeftovers"] = leftovers(users.value)

    logs = await cairo.audit_logs.provisioning.get(
        RequestConfiguration(
            query_parameters=ProvisioningRequestBuilder.ProvisioningRequestBuilderGetQueryParameters(
                filter=f"jobId eq '{job.id}'", top=500, orderby=["activityDateTime desc"]
            )
        )
    )
    out["logs"] = {
        "events": sorted(
            [enum(e.provisioning_action), enum(e.provisioning_status_info.status), e.source_identity.display_name, e.job_id == job.id] for e in logs.value
        ),
        "typedTimes": all(e.activity_date_time is not None for e in logs.value),
        "sourceDetails": all("UserPrincipalName" in e.source_identity.details.additional_data for e in logs.value),
        "leftovers": leftovers(logs.value),
    }

    # Pause, then delete.
    await job_rb.pause.post()
    paused = await job_rb.get()
    out["paused"] = [enum(paused.schedule.state), enum(paused.status.code)]
    await job_rb.delete()
    out["afterDelete"] = await outcome(job_rb.get())

    out["seconds"] = round(time.monotonic() - started, 2)
    log("[sync] done")
    print(json.dumps(out, default=lambda o: getattr(o, "value", str(o))))


if __name__ == "__main__":
    asyncio.run(main())
