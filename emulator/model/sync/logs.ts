// Provisioning log events (GET /auditLogs/provisioning): one per user or group a cycle or an
// on-demand run created, updated, deleted or skipped. Kept in the source tenant, where the job is;
// each event names the target as its tenantId, as the documented CTS example does.
import type { ProvisioningObjectSummary } from "../../../contract/sync";
import type { ServicePrincipalRecord, TenantState } from "../state";
import { graphTime } from "../timing";
import { SOURCE_DIRECTORY, TARGET_DIRECTORY } from "./schema";

/** The newest events kept per tenant (Graph keeps 30 days; a bound keeps the state small). */
const MAX_EVENTS = 5_000;

export interface LogEntry {
  action: "create" | "update" | "delete" | "other";
  status: "success" | "skipped" | "failure";
  kind: "User" | "Group";
  source: { id: string; displayName: string | null; principalName?: string };
  targetId: string;
  /** A skip's or failure's code and reason. */
  error?: { code: string; reason: string };
  modified?: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

export interface LogContext {
  id: () => string;
  at: number;
  jobId: string;
  cycleId: string;
  sourceTenantId: string;
  targetTenantId: string;
  sp: ServicePrincipalRecord;
  onDemand?: boolean;
}

const STEP = { create: "EntryExportAdd", update: "EntryExportUpdate", delete: "EntryExportDelete", other: "EntrySynchronizationSkipped" } as const;

export function logEvent(tenant: TenantState, c: LogContext, e: LogEntry): ProvisioningObjectSummary {
  const sp = c.sp.servicePrincipal;
  const event: ProvisioningObjectSummary = {
    id: c.id(),
    activityDateTime: graphTime(c.at),
    tenantId: c.targetTenantId,
    jobId: c.jobId,
    cycleId: c.cycleId,
    changeId: c.id(),
    provisioningAction: e.action,
    durationInMilliseconds: 0,
    servicePrincipal: { id: sp.id, displayName: sp.displayName },
    sourceSystem: { id: c.sourceTenantId, displayName: SOURCE_DIRECTORY, details: {} },
    targetSystem: {
      id: c.targetTenantId,
      displayName: TARGET_DIRECTORY,
      details: { ApplicationId: sp.appId, ServicePrincipalId: sp.id, ServicePrincipalDisplayName: sp.displayName },
    },
    initiatedBy: c.onDemand
      ? { id: "", displayName: "Provision on demand", initiatorType: "user" }
      : { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
    sourceIdentity: {
      id: e.source.id,
      displayName: e.source.displayName,
      identityType: e.kind,
      details: { id: e.source.id, odatatype: e.kind, DisplayName: e.source.displayName, ...(e.source.principalName ? { UserPrincipalName: e.source.principalName } : {}) },
    },
    targetIdentity: { id: e.targetId, displayName: "", identityType: e.kind, details: {} },
    modifiedProperties: e.modified ?? [],
    provisioningStatusInfo: {
      status: e.status,
      errorInformation: e.error
        ? {
            errorCode: e.error.code,
            reason: e.error.reason,
            additionalDetails: null,
            errorCategory: e.status === "skipped" ? "nonServiceFailure" : "failure",
            recommendedAction: null,
          }
        : null,
    },
    provisioningSteps: [
      {
        name: "EntryImport",
        provisioningStepType: "import",
        status: "success",
        description: `Retrieved ${e.kind} '${e.source.principalName ?? e.source.displayName}' from ${SOURCE_DIRECTORY}`,
        details: {},
      },
      { name: STEP[e.action], provisioningStepType: "export", status: e.status, description: e.error?.reason ?? `${e.action} in ${TARGET_DIRECTORY}`, details: {} },
    ],
  };
  tenant.provisioningLogs.push(event);
  if (tenant.provisioningLogs.length > MAX_EVENTS) tenant.provisioningLogs.splice(0, tenant.provisioningLogs.length - MAX_EVENTS);
  return event;
}
