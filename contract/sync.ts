// Microsoft Graph wire types for cross-tenant synchronization: the gallery application a source
// tenant instantiates, its service principal's app role assignments (the scope), the
// synchronization job with its secrets, schema and status, and the provisioning log. The provider
// and the emulator both speak these. Enums are PascalCase strings on the wire, except the
// provisioning log's (camelCase); flags enums are comma-separated strings.

/** The Entra gallery template every cross-tenant synchronization configuration is made from. */
export const CTS_APPLICATION_TEMPLATE_ID = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
/** The synchronization template of a cross-tenant job. */
export const CTS_SYNC_TEMPLATE_ID = "Azure2Azure";
/** The one app role a configuration's users and groups are assigned. */
export const CTS_APP_ROLE_NAME = "msiam_access";
/** The rule of the job's schema that maps source users to target users. */
export const CTS_USER_RULE_NAME = "USER_INBOUND_USER";
/** The name the Microsoft 365 admin center gives the configuration it creates toward a tenant. */
export const adminCenterConfigurationName = (targetTenantId: string) => `MTO_Sync_${targetTenantId}`;
/** "Never": Graph's value for a steady state not reached yet. */
export const NEVER = "0001-01-01T00:00:00Z";

export interface AppRole {
  allowedMemberTypes: string[];
  description: string | null;
  displayName: string | null;
  id: string;
  isEnabled: boolean;
  origin?: string;
  value: string | null;
}

export interface Application {
  id: string;
  appId: string;
  applicationTemplateId: string | null;
  displayName: string;
  createdDateTime: string | null;
  appRoles: AppRole[];
  [more: string]: unknown;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  applicationTemplateId: string | null;
  displayName: string;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRole[];
  servicePrincipalType?: string;
  [more: string]: unknown;
}

/** What instantiate answers (microsoft.graph.applicationServicePrincipal). */
export interface ApplicationServicePrincipal {
  application: Application;
  servicePrincipal: ServicePrincipal;
}

export type PrincipalType = "User" | "Group" | "ServicePrincipal";

export interface AppRoleAssignment {
  id: string;
  deletedDateTime: string | null;
  appRoleId: string;
  createdDateTime: string;
  principalDisplayName: string | null;
  principalId: string;
  principalType: PrincipalType;
  resourceDisplayName: string | null;
  resourceId: string;
}

export interface User {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail?: string | null;
  userType: "Member" | "Guest";
  accountEnabled?: boolean;
  showInAddressList?: boolean | null;
  creationType?: string | null;
  externalUserState?: string | null;
  [more: string]: unknown;
}

export interface Group {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  [more: string]: unknown;
}

export interface KeyValuePair {
  name: string;
  value: string;
}

export interface SecretPair {
  key: string;
  value: string;
}

export type SynchronizationStatusCode = "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";
export type ScheduleState = "Active" | "Disabled" | "Paused";
export type TaskExecutionResult = "Succeeded" | "Failed" | "EntryLevelErrors";
export const QUARANTINE_REASONS = [
  "EncounteredBaseEscrowThreshold",
  "EncounteredTotalEscrowThreshold",
  "EncounteredEscrowProportionThreshold",
  "EncounteredQuarantineException",
  "Unknown",
  "QuarantinedOnDemand",
  "TooManyDeletes",
  "IngestionInterrupted",
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];
/** Flags: "None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes", comma-separated. */
export type RestartScope = string;

export interface SynchronizationError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

export interface TaskExecution {
  activityIdentifier: string | null;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: SynchronizationError | null;
  state: TaskExecutionResult;
  timeBegan: string;
  timeEnded: string;
}

export interface Quarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: QuarantineReason;
  seriesBegan: string;
  seriesCount: number;
  error: SynchronizationError | null;
}

export interface SynchronizationStatus {
  code: SynchronizationStatusCode;
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  lastExecution: TaskExecution | null;
  lastSuccessfulExecution: TaskExecution | null;
  lastSuccessfulExecutionWithExports: TaskExecution | null;
  progress: { completedUnits: number; progressObservationDateTime: string; totalUnits: number; units: string }[];
  quarantine: Quarantine | null;
  steadyStateFirstAchievedTime: string;
  steadyStateLastAchievedTime: string;
  synchronizedEntryCountByType: { key: string; value: number }[];
  troubleshootingUrl: string | null;
}

export interface SynchronizationSchedule {
  expiration: string | null;
  /** ISO 8601 duration: PT40M for cross-tenant jobs. */
  interval: string;
  state: ScheduleState;
}

export interface SynchronizationJob {
  id: string;
  templateId: string;
  schedule: SynchronizationSchedule;
  status: SynchronizationStatus;
  synchronizationJobSettings: KeyValuePair[];
}

export interface AttributeMappingSource {
  expression: string | null;
  name: string | null;
  parameters: { key: string; value: AttributeMappingSource }[];
  type: "Attribute" | "Constant" | "Function";
}

export interface AttributeMapping {
  defaultValue: string | null;
  exportMissingReferences: boolean;
  flowBehavior: "FlowWhenChanged" | "FlowAlways";
  flowType: "Always" | "ObjectAddOnly" | "MultiValueAddOnly" | "ValueAddOnly" | "AttributeAddOnly";
  matchingPriority: number;
  source: AttributeMappingSource | null;
  targetAttributeName: string;
}

export interface ObjectMapping {
  attributeMappings: AttributeMapping[];
  enabled: boolean;
  /** Flags "Add, Update, Delete" (either spacing). */
  flowTypes: string;
  metadata: { key: string; value: string }[];
  name: string;
  scope: unknown | null;
  sourceObjectName: string;
  targetObjectName: string;
}

export interface SynchronizationRule {
  containerFilter: unknown | null;
  editable: boolean;
  groupFilter: unknown | null;
  id: string;
  metadata: { key: string; value: string }[];
  name: string;
  objectMappings: ObjectMapping[];
  priority: number;
  sourceDirectoryName: string;
  targetDirectoryName: string;
}

export interface SynchronizationSchema {
  id?: string;
  version?: string;
  directories: unknown[];
  synchronizationRules: SynchronizationRule[];
}

export interface ProvisioningObjectSummary {
  id: string;
  activityDateTime: string;
  changeId: string;
  cycleId: string;
  durationInMilliseconds: number;
  jobId: string;
  provisioningAction: "other" | "create" | "delete" | "disable" | "update" | "stagedDelete" | "unknownFutureValue";
  provisioningStatusInfo: {
    status: "success" | "failure" | "skipped" | "warning" | "unknownFutureValue";
    errorInformation: { errorCode: string | null; reason: string | null; additionalDetails: string | null; errorCategory: string | null; recommendedAction: string | null } | null;
  };
  servicePrincipal: { id: string; displayName: string };
  sourceIdentity: { id: string; displayName: string | null; identityType: string; details: unknown };
  targetIdentity: { id: string; displayName: string | null; identityType: string; details: unknown };
  tenantId: string;
  [more: string]: unknown;
}

/** The failure codes of a connection test whose policy checks fail (validateCredentials). */
export const SYNC_POLICY_CHECK_FAILURE = "AzureActiveDirectoryCrossTenantSyncPolicyCheckFailure";
