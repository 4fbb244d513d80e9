// The emulator's whole state as plain JSON: what is persisted, dumped and restored.
import type {
  CrossTenantAccessPolicy,
  DefaultConfiguration,
  IdentitySyncPolicyPartner,
  IdentitySyncTemplate,
  MemberRole,
  MultiTenantOrganizationMember,
  PartnerConfiguration,
  PartnerConfigurationTemplate,
} from "../../contract/wire";
import { ZERO_TENANT_ID } from "../../contract/wire";
import type {
  Application,
  AppRoleAssignment,
  Group,
  ProvisioningObjectSummary,
  SecretPair,
  ServicePrincipal,
  SynchronizationJob,
  SynchronizationSchema,
  User,
} from "../../contract/sync";
import { seedDirectory } from "./directory-seed";
import { badRequest } from "./errors";
import type { JobKind } from "./timing";
import { DEFAULT_LIMITS, type World, normalizeWorld } from "./world";
import { defaultIdentitySyncTemplate, defaultPartnerTemplate, serviceDefaultConfiguration, unconfiguredPartner } from "./xtap/defaults";

/** A member as stored; its transitionDetails are derived from pending jobs when it is read. */
export type MemberRecord = Omit<MultiTenantOrganizationMember, "transitionDetails">;

export interface Organization {
  id: string;
  displayName: string;
  description: string | null;
  createdDateTime: string;
  createdAt: number;
  creatorTenantId: string;
  /** Creation is asynchronous: joins cannot complete before this instant. */
  provisionedAt: number;
  members: Record<string, MemberRecord>;
}

export interface JoinRequestState {
  id: string;
  addedByTenantId: string;
  /** Set when the last join failed; cleared by a reset. */
  failure: string | null;
}

export interface TenantState {
  /** The organization this tenant is an active member of. */
  orgId: string | null;
  /** Tenant-specific object id of the organization (Graph's ids differ per tenant). */
  mtoObjectId: string | null;
  joinRequest: JoinRequestState;
  partnerTemplate: PartnerConfigurationTemplate;
  identitySyncTemplate: IdentitySyncTemplate;
  policy: CrossTenantAccessPolicy;
  defaultConfiguration: DefaultConfiguration;
  partners: Record<string, PartnerConfiguration>;
  /** Soft-deleted partner configurations and identity synchronization policies, by partner tenant id. */
  deletedPartners: Record<string, DeletedItem<PartnerConfiguration>>;
  deletedSyncPolicies: Record<string, DeletedItem<IdentitySyncPolicyPartner>>;
  /** The directory: users and groups by id (soft-deleted ones keep a deletedDateTime). */
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  applications: Record<string, ApplicationRecord>;
  servicePrincipals: Record<string, ServicePrincipalRecord>;
  /** Provisioning events of this tenant's jobs (each names the target tenant as its tenantId). */
  provisioningLogs: ProvisioningObjectSummary[];
}

/** Where cross-tenant synchronization brought a user or group from; kept in the state, never served. */
export interface SyncOrigin {
  tenantId: string;
  /** The source object's id: what the fixed matching attribute (alternativeSecurityIds) stands for. */
  objectId: string;
  servicePrincipalId: string;
  jobId: string;
}

/** A user as stored: what Graph serves, plus the origin of a synchronized one. */
export interface UserRecord extends User {
  mailNickname: string;
  mail: string | null;
  accountEnabled: boolean;
  deletedDateTime: string | null;
  syncedFrom?: SyncOrigin;
}

export interface GroupRecord extends Group {
  description: string | null;
  deletedDateTime: string | null;
  /** Direct members: ids of users and groups of the same tenant. */
  members: string[];
  syncedFrom?: SyncOrigin;
}

export interface ApplicationRecord {
  application: Application;
  /** Replication: reads see it from this instant on. */
  visibleAt: number;
}

/** A service principal with what hangs under it: its assignments (the scope) and synchronization. */
export interface ServicePrincipalRecord {
  servicePrincipal: ServicePrincipal;
  applicationId: string;
  visibleAt: number;
  assignments: AppRoleAssignment[];
  /** The synchronization secrets, as last PUT (per service principal, not per job). */
  secrets: SecretPair[];
  jobs: Record<string, SyncJobRecord>;
}

export interface SyncJobRecord {
  /** The job as Graph serves it, kept current by every transition. */
  job: SynchronizationJob;
  schema: SynchronizationSchema;
  /** When the next cycle is due; null while none is scheduled (not started, paused, disabled). */
  nextRunAt: number | null;
  /** The next cycle is an initial one (first run, schema change, restart). */
  initial: boolean;
  /** Durations fixed when the job was created, so time can be settled without the profile. */
  initialCycleMs: number;
  intervalMs: number;
  quarantineRetryMs: number;
  /** When the current quarantine series began, to the millisecond (the wire shows whole seconds). */
  quarantineSince: number | null;
  /** Cycles run so far. */
  cycles: number;
  /** Instants of recent provisionOnDemand calls (its rate limit). */
  onDemandAt: number[];
}

export interface DeletedItem<T> {
  item: T;
  deletedAt: number;
}

export interface Job {
  id: string;
  kind: JobKind;
  orgId: string;
  /** The member tenant the job is about. */
  tenantId: string;
  createdAt: number;
  /** When it shows as running. */
  runningAt: number;
  dueAt: number;
  /** join: the owner named in the request; roleChange: the role asked for. */
  addedByTenantId?: string;
  desiredRole?: MemberRole;
}

export interface EmulatorState {
  version: 1;
  world: World;
  /** Counter behind every generated id, so a replay under a manual clock yields the same ids. */
  seq: number;
  orgs: Record<string, Organization>;
  tenants: Record<string, TenantState>;
  jobs: Job[];
  /** Deterministic mode: the manual clock's reading, so a restart resumes at the same instant. */
  manualClockAt?: number;
}

/** The caller's or a named tenant's state; an id outside the world is a bad request. */
export function tenantState(state: EmulatorState, tenantId: string): TenantState {
  const t = state.tenants[tenantId];
  if (!t) throw badRequest(`Tenant ${tenantId} does not exist.`);
  return t;
}

export function nextId(state: EmulatorState): string {
  state.seq += 1;
  const hex = state.seq.toString(16).padStart(12, "0");
  return `e0000000-0000-4000-8000-${hex}`;
}

export function limits(state: EmulatorState): typeof DEFAULT_LIMITS {
  return { ...DEFAULT_LIMITS, ...state.world.limits };
}

export function emptyJoinRequest(id: string): JoinRequestState {
  return { id, addedByTenantId: ZERO_TENANT_ID, failure: null };
}

export function initialState(input: World): EmulatorState {
  const world = normalizeWorld(input);
  const state: EmulatorState = { version: 1, world, seq: 0, orgs: {}, tenants: {}, jobs: [] };
  for (const t of world.tenants) {
    state.tenants[t.id] = {
      orgId: null,
      mtoObjectId: null,
      joinRequest: emptyJoinRequest(nextId(state)),
      partnerTemplate: defaultPartnerTemplate(nextId(state)),
      identitySyncTemplate: defaultIdentitySyncTemplate(nextId(state)),
      policy: { id: nextId(state), displayName: "CrossTenantAccessPolicy", description: null, allowedCloudEndpoints: [] },
      defaultConfiguration: serviceDefaultConfiguration(),
      partners: {},
      deletedPartners: {},
      deletedSyncPolicies: {},
      ...seedDirectory(world, t),
      applications: {},
      servicePrincipals: {},
      provisioningLogs: [],
    };
  }
  return state;
}

/**
 * A state saved by an older emulator, brought up to this one: collections it lacked start empty and
 * objects get the properties the service fills, as they would have had them all along.
 */
export function upgradeState(state: EmulatorState): EmulatorState {
  for (const wt of state.world.tenants) {
    const t = state.tenants[wt.id];
    if (t && !t.users) Object.assign(t, seedDirectory(state.world, wt));
  }
  for (const t of Object.values(state.tenants)) {
    t.deletedPartners ??= {};
    t.deletedSyncPolicies ??= {};
    t.applications ??= {};
    t.servicePrincipals ??= {};
    t.provisioningLogs ??= [];
    t.defaultConfiguration = { ...serviceDefaultConfiguration(), ...t.defaultConfiguration };
    for (const [id, p] of Object.entries(t.partners)) {
      const partner = { ...unconfiguredPartner(id), ...p };
      if (partner.identitySynchronization) partner.identitySynchronization.groupSyncInbound ??= null;
      t.partners[id] = partner;
    }
  }
  return state;
}
