// provisionOnDemand: one user (or group) through the same pass as a cycle, at once, answered with
// the CTS form of the result: the key names the StatusInfo data contract and the value is a JSON
// array, serialized as a string, of the run's provisioning steps.
import { CTS_USER_RULE_NAME } from "../../../contract/sync";
import { badRequest } from "../errors";
import type { EmulatorState } from "../state";
import { graphTime } from "../timing";
import { logContext } from "./cycle";
import { provisionUser, scopeOf } from "./engine";
import { requireJob, rateLimitOnDemand } from "./jobs";
import { companyId, policyFailure } from "./policy";
import { objectMapping, userRule } from "./schema";

export const STATUS_INFO_KEY = "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo";

interface Step {
  name: string;
  type: string;
  status: "Success" | "Skipped" | "Failed";
  description: string;
  timestamp: string;
  details: Record<string, string>;
}

export function provisionOnDemand(state: EmulatorState, tenantId: string, spId: string, jobId: string, body: Record<string, unknown>, now: number): { key: string; value: string } {
  const rec = requireJob(state, tenantId, spId, jobId, now);
  const sp = state.tenants[tenantId].servicePrincipals[spId.toLowerCase()];
  const parameters = body.parameters as { ruleId?: string; subjects?: { objectId?: string; objectTypeName?: string }[] }[] | undefined;
  const subject = parameters?.[0]?.subjects?.[0];
  if (!parameters?.length || !subject?.objectId) throw badRequest("Property 'parameters' must hold one rule with one subject (objectId, objectTypeName).");
  if (parameters.length > 1 || (parameters[0].subjects?.length ?? 0) > 1) throw badRequest("provisionOnDemand takes one subject at a time for cross-tenant synchronization.");
  const rule = userRule(rec.schema);
  if (parameters[0].ruleId !== rule?.id)
    throw badRequest(`Rule '${parameters[0].ruleId}' is not a rule of this job's schema; the ${CTS_USER_RULE_NAME} rule's id is '${rule?.id}'.`);
  rateLimitOnDemand(rec, now);

  const at = graphTime(now);
  const steps: Step[] = [];
  const step = (name: string, type: string, status: Step["status"], description: string, details: Record<string, string> = {}) =>
    steps.push({ name, type, status, description, timestamp: at, details });
  const result = () => ({ key: STATUS_INFO_KEY, value: JSON.stringify([{ provisioningSteps: steps }]) });

  const target = companyId(sp.secrets);
  const failure = policyFailure(state, tenantId, target);
  if (failure) {
    step("EntryExportAdd", "Export", "Failed", failure.message, { ErrorCode: failure.code });
    return result();
  }
  const kind = (subject.objectTypeName ?? "User").toLowerCase();
  if (kind === "group") {
    if (!objectMapping(rec.schema, "Group")?.enabled) {
      step("EntrySynchronizationSkip", "Export", "Skipped", "Groups are not provisioned by this job: its group mapping is disabled.", { SkipReason: "EntityTypeNotSupported" });
    } else {
      step("EntrySynchronizationSkip", "Export", "Skipped", "Groups are provisioned by the job's cycles, not on demand.", { SkipReason: "EntityTypeNotSupported" });
    }
    return result();
  }
  const source = state.tenants[tenantId].users[subject.objectId.toLowerCase()];
  if (!source || source.deletedDateTime !== null) throw badRequest(`User '${subject.objectId}' was not found in this tenant.`);
  step("EntryImport", "Import", "Success", `Retrieved User '${source.userPrincipalName}' from Azure Active Directory`, {
    objectId: source.id,
    accountEnabled: source.accountEnabled ? "True" : "False",
    displayName: source.displayName ?? "",
    userPrincipalName: source.userPrincipalName,
  });
  const inScope = scopeOf(state, tenantId, sp).users.some((u) => u.id === source.id);
  step("EntrySynchronizationScoping", "Scoping", inScope ? "Success" : "Skipped", inScope ? "Determined the user is in scope" : "The user is not in scope", {
    "Assigned to the application": inScope ? "True" : "False",
    ScopeEvaluationResult: inScope ? "In scope" : "Out of scope",
  });
  if (!inScope) {
    step("EntrySynchronizationSkip", "Export", "Skipped", "The user was skipped: it is not assigned to the configuration or not an internal member.", {
      SkipReason: "NotEffectivelyEntitled",
    });
    return result();
  }
  const exported = provisionUser({ state, log: logContext(state, tenantId, sp, rec, now, target!, true), rec }, source, rec.schema);
  step(
    exported ? "EntryExportAdd" : "EntryExportUpdate",
    "Export",
    "Success",
    exported ? "The user was provisioned in the target tenant" : "The user already matched, nothing to change",
  );
  return result();
}
