// Paths and route groups the register's entries name (below the version, ids in braces), and the
// Learn pages they cite. Shared by the area files of emulator/register/.

// ---- multi-tenant organization ----
export const ORG = "/tenantRelationships/multiTenantOrganization";
export const TENANTS = `${ORG}/tenants`;
export const TENANT = `${TENANTS}/{id}`;
export const TENANT_COUNT = `${TENANTS}/$count`;
export const JOIN = `${ORG}/joinRequest`;

// ---- cross-tenant access policy ----
export const POLICY = "/policies/crossTenantAccessPolicy";
export const PARTNER_TEMPLATE = `${POLICY}/templates/multiTenantOrganizationPartnerConfiguration`;
export const SYNC_TEMPLATE = `${POLICY}/templates/multiTenantOrganizationIdentitySynchronization`;
export const DEFAULT = `${POLICY}/default`;
export const PARTNERS = `${POLICY}/partners`;
export const PARTNER = `${PARTNERS}/{id}`;
export const PARTNER_COUNT = `${PARTNERS}/$count`;
export const IDENTITY_SYNC = `${PARTNER}/identitySynchronization`;
export const DELETED_PARTNERS = "/policies/deletedItems/crossTenantPartners";
export const DELETED_SYNC = "/policies/deletedItems/crossTenantSyncPolicyPartners";
export const BY_TENANT_ID = "/tenantRelationships/findTenantInformationByTenantId(tenantId='{id}')";
export const BY_DOMAIN = "/tenantRelationships/findTenantInformationByDomainName(domainName='{domain}')";

// ---- Entra and batching ----
export const TOKEN = "/{tenant}/oauth2/v2.0/token";
export const BATCH = "/$batch";

// ---- cross-tenant synchronization ----
export const INSTANTIATE = "/applicationTemplates/{id}/instantiate";
export const APPLICATIONS = "/applications";
export const APPLICATION = "/applications/{id}";
export const SPS = "/servicePrincipals";
export const SP = "/servicePrincipals/{id}";
export const ASSIGNMENTS = `${SP}/appRoleAssignedTo`;
export const ASSIGNMENT = `${ASSIGNMENTS}/{assignmentId}`;
export const SYNC = `${SP}/synchronization`;
export const SECRETS = `${SYNC}/secrets`;
export const SYNC_TEMPLATES = `${SYNC}/templates`;
export const JOBS = `${SYNC}/jobs`;
export const JOBS_VALIDATE = `${JOBS}/validateCredentials`;
export const JOB = `${JOBS}/{jobId}`;
export const JOB_SCHEMA = `${JOB}/schema`;
export const ON_DEMAND = `${JOB}/provisionOnDemand`;
export const PROVISIONING_LOG = "/auditLogs/provisioning";
export const USERS = "/users";
export const USER = "/users/{id}";
export const DELETED_USERS = "/directory/deletedItems/microsoft.graph.user";

/** Every route of every exchange: the error envelope, unknown paths. */
export const ANY = "* *";

/** MTO and cross-tenant access routes whose body is checked against the schema. */
export const BODY_ROUTES = [
  `PUT ${ORG}`,
  `PATCH ${ORG}`,
  `POST ${TENANTS}`,
  `PATCH ${TENANT}`,
  `PATCH ${JOIN}`,
  `PATCH ${PARTNER_TEMPLATE}`,
  `PATCH ${SYNC_TEMPLATE}`,
  `PATCH ${POLICY}`,
  `PATCH ${DEFAULT}`,
  `POST ${PARTNERS}`,
  `PATCH ${PARTNER}`,
  `PUT ${IDENTITY_SYNC}`,
  `PATCH ${IDENTITY_SYNC}`,
];

/** Cross-tenant synchronization routes whose body is checked against the schema. */
export const CTS_BODY_ROUTES = [
  `POST ${INSTANTIATE}`,
  `POST ${ASSIGNMENTS}`,
  `PUT ${SECRETS}`,
  `POST ${JOBS_VALIDATE}`,
  `POST ${JOBS}`,
  `POST ${JOB}/restart`,
  `POST ${JOB}/validateCredentials`,
  `PUT ${JOB_SCHEMA}`,
  `POST ${ON_DEMAND}`,
];

/** The MTO's asynchronous jobs: where a member's or the join request's transition shows. */
export const MEMBER_READS = [`GET ${TENANTS}`, `GET ${TENANT}`];

/** Calls bound to a CTS service principal (replication hides them all at first). */
export const SP_BOUND = [
  `GET ${SP}`,
  `DELETE ${SP}`,
  `GET ${ASSIGNMENTS}`,
  `POST ${ASSIGNMENTS}`,
  `DELETE ${ASSIGNMENT}`,
  `GET ${SYNC_TEMPLATES}`,
  `GET ${SECRETS}`,
  `PUT ${SECRETS}`,
  `POST ${JOBS_VALIDATE}`,
  `GET ${JOBS}`,
  `POST ${JOBS}`,
  `* ${JOB}`,
  `* ${JOB}/{action}`,
];

/** A property of an entity and of each item of a list of them. */
export const each = (...properties: string[]): string[] => properties.flatMap((p) => [p, `value[].${p}`]);

/** Reads of synchronization jobs. */
export const JOB_READS = [`GET ${JOB}`, `GET ${JOBS}`];
/** Where a cycle's work shows: the job, the target's users, the provisioning log. */
export const CYCLE_READS = [...JOB_READS, `GET ${USERS}`, `GET ${USER}`, `GET ${DELETED_USERS}`, `GET ${PROVISIONING_LOG}`];

// ---- Learn pages (those the reference material names) ----
const api = (page: string, version: "1.0" | "beta" = "1.0") => `https://learn.microsoft.com/en-us/graph/api/${page}?view=graph-rest-${version}`;
const resource = (page: string, version: "1.0" | "beta" = "1.0") => `https://learn.microsoft.com/en-us/graph/api/resources/${page}?view=graph-rest-${version}`;
const mtoDoc = (page: string) => `https://learn.microsoft.com/en-us/entra/identity/multi-tenant-organizations/${page}`;
const provisioningDoc = (page: string) => `https://learn.microsoft.com/en-us/entra/identity/app-provisioning/${page}`;

export const PAGE = {
  tenantsAdd: api("multitenantorganization-post-tenants"),
  joinGet: api("multitenantorganizationjoinrequestrecord-get"),
  joinUpdate: api("multitenantorganizationjoinrequestrecord-update"),
  mtoConfigureGraph: mtoDoc("multi-tenant-organization-configure-graph"),
  mtoTemplates: mtoDoc("multi-tenant-organization-templates"),
  mtoKnownIssues: mtoDoc("multi-tenant-organization-known-issues"),
  partnersList: api("crosstenantaccesspolicy-list-partners"),
  partnersCreate: api("crosstenantaccesspolicy-post-partners"),
  partnerDelete: api("crosstenantaccesspolicyconfigurationpartner-delete"),
  partnerBeta: resource("crosstenantaccesspolicyconfigurationpartner", "beta"),
  defaultGet: api("crosstenantaccesspolicyconfigurationdefault-get"),
  policyTarget: resource("crosstenantaccesspolicytarget"),
  tenantById: api("tenantrelationship-findtenantinformationbytenantid"),
  errors: "https://learn.microsoft.com/en-us/graph/errors",
  throttling: "https://learn.microsoft.com/en-us/graph/throttling",
  batching: "https://learn.microsoft.com/en-us/graph/json-batching",
  ctsConfigureGraph: mtoDoc("cross-tenant-synchronization-configure-graph"),
  ctsConfigure: mtoDoc("cross-tenant-synchronization-configure"),
  ctsOverview: mtoDoc("cross-tenant-synchronization-overview"),
  assignmentCreate: api("serviceprincipal-post-approleassignedto"),
  jobStart: api("synchronization-synchronizationjob-start"),
  jobPause: api("synchronization-synchronizationjob-pause"),
  jobDelete: api("synchronization-synchronizationjob-delete"),
  onDemand: api("synchronization-synchronizationjob-provisionondemand"),
  provisioningLogList: api("provisioningobjectsummary-list"),
  howProvisioningWorks: provisioningDoc("how-provisioning-works"),
  quarantineStatus: provisioningDoc("application-provisioning-quarantine-status"),
};
