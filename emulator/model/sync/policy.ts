// The checks a cross-tenant job's connection must pass, in validateCredentials and before every
// cycle: the target must be a tenant of the world, the source must allow automatic redemption
// outbound toward it, and the target must allow automatic redemption inbound and user
// synchronization inbound from the source. The messages are the emulator's own words for what the
// portal shows; the code is the one its "Test connection" reports.
import { SYNC_POLICY_CHECK_FAILURE, type SecretPair } from "../../../contract/sync";
import type { EmulatorState } from "../state";

export interface CheckFailure {
  code: string;
  message: string;
}

/** Code of a cycle run without a saved target tenant (assumed; Graph documents none). */
export const CREDENTIALS_MISSING = "CredentialsMissing";

const TROUBLESHOOTING = "See aka.ms/TroubleshootingCrossTenantSyncPolicyCheck.";

/** The target tenant a set of secrets names (CompanyId), lower-cased; undefined when absent. */
export function companyId(secrets: SecretPair[]): string | undefined {
  const v = secrets.find((s) => s.key === "CompanyId")?.value?.trim();
  return v ? v.toLowerCase() : undefined;
}

export function secretValue(secrets: SecretPair[], key: string): string | undefined {
  return secrets.find((s) => s.key === key)?.value;
}

/** The first failing check from `source` toward `target`, or null when synchronization is allowed. */
export function policyFailure(state: EmulatorState, source: string, target: string | undefined): CheckFailure | null {
  if (!target) return { code: CREDENTIALS_MISSING, message: "No target tenant is set: the credentials carry no CompanyId." };
  const fail = (message: string): CheckFailure => ({ code: SYNC_POLICY_CHECK_FAILURE, message: `${message} ${TROUBLESHOOTING}` });
  const targetState = state.tenants[target];
  if (!targetState) return fail(`Tenant ${target} (CompanyId) could not be found; check the target tenant id.`);
  if (target === source) return fail("The target tenant (CompanyId) is this tenant itself; a configuration synchronizes into another tenant.");
  const outbound = state.tenants[source]?.partners[target];
  if (outbound?.automaticUserConsentSettings?.outboundAllowed !== true) {
    return fail(
      `Source tenant ${source} has not enabled automatic user consent toward tenant ${target}: the source must set automaticUserConsentSettings.outboundAllowed on its partner configuration for the target.`,
    );
  }
  const inbound = targetState.partners[source];
  if (inbound?.automaticUserConsentSettings?.inboundAllowed !== true) {
    return fail(
      `Target tenant ${target} has not enabled automatic redemption of invitations from tenant ${source}: the target's administrator must set automaticUserConsentSettings.inboundAllowed on its partner configuration for the source.`,
    );
  }
  if (inbound.identitySynchronization?.userSyncInbound?.isSyncAllowed !== true) {
    return fail(
      `Target tenant ${target} has not enabled inbound user synchronization from tenant ${source}: the target's administrator must allow userSyncInbound on the partner's identity synchronization policy.`,
    );
  }
  return null;
}

/** Whether the target also allows groups in (beta groupSyncInbound). */
export function groupSyncAllowed(state: EmulatorState, source: string, target: string): boolean {
  return state.tenants[target]?.partners[source]?.identitySynchronization?.groupSyncInbound?.isSyncAllowed === true;
}
