// Register entries of the cross-tenant access policy: partners, the default, identity synchronization,
// what the service fills in, how stored settings are normalised, and the soft-delete bin.
import type { Behaviour } from "../register";
import {
  BY_DOMAIN,
  BY_TENANT_ID,
  DEFAULT,
  DELETED_PARTNERS,
  DELETED_SYNC,
  IDENTITY_SYNC,
  JOIN,
  PAGE,
  PARTNER,
  PARTNERS,
  PARTNER_TEMPLATE,
  POLICY,
  SYNC_TEMPLATE,
  each,
} from "./routes";

/** The settings made of target lists, on a partner, the default and the partner template. */
const TARGET_SETTINGS = each(
  "b2bCollaborationInbound",
  "b2bCollaborationOutbound",
  "b2bDirectConnectInbound",
  "b2bDirectConnectOutbound",
  "tenantRestrictions",
  "m365CollaborationInbound",
  "m365CollaborationOutbound",
  "appServiceConnectInbound",
);
const SETTINGS_READS = [`GET ${PARTNERS}`, `GET ${PARTNER}`, `GET ${DEFAULT}`, `GET ${PARTNER_TEMPLATE}`];
const SETTINGS_WRITES = [`POST ${PARTNERS}`, `PATCH ${PARTNER}`, `PATCH ${DEFAULT}`, `PATCH ${PARTNER_TEMPLATE}`];
const BIN_READS = [`GET ${DELETED_PARTNERS}`, `GET ${DELETED_PARTNERS}/{id}`, `GET ${DELETED_SYNC}`, `GET ${DELETED_SYNC}/{id}`];
const BIN_ACTIONS = [`POST ${DELETED_PARTNERS}/{id}/restore`, `DELETE ${DELETED_PARTNERS}/{id}`, `POST ${DELETED_SYNC}/{id}/restore`, `DELETE ${DELETED_SYNC}/{id}`];
const SOFT_DELETES = [`DELETE ${PARTNER}`, `DELETE ${IDENTITY_SYNC}`];

export const XTAP_ENTRIES: Behaviour[] = [
  // ---- partners and the default ----
  {
    id: "partner-select-expand",
    says: "Listing partners honours $select and nests each partner's identity synchronization under $expand=identitySynchronization.",
    readme: "`$expand=identitySynchronization`",
    evidence: "documented",
    source: PAGE.partnersList,
    routes: [`GET ${PARTNERS}`, `GET ${PARTNER}`],
    properties: each("identitySynchronization"),
  },
  {
    id: "partner-duplicate-code",
    says: "Creating a partner that already exists fails with code Request_MultipleObjectsWithSameKeyValue.",
    readme: "Partner create for an existing partner: 409 `Request_MultipleObjectsWithSameKeyValue`",
    evidence: "documented",
    source: PAGE.ctsConfigureGraph,
    routes: [`POST ${PARTNERS}`],
    properties: ["error.code"],
  },
  {
    id: "partner-duplicate-status",
    says: "That duplicate create answers 409, the status Graph gives the same code on identity synchronization.",
    readme: "Partner create for an existing partner: 409",
    evidence: "assumed",
    routes: [`POST ${PARTNERS}`],
  },
  {
    id: "partner-delete-needs-sync-gone",
    says: "A partner configuration cannot be deleted while it still has an identity synchronization policy.",
    readme: "Deleting a partner that still has identity synchronization",
    evidence: "documented",
    source: PAGE.partnerDelete,
    routes: [`DELETE ${PARTNER}`],
  },
  {
    id: "partner-delete-refusal-code",
    says: "That refusal is a 400 Request_BadRequest whose message points at the identitySynchronization URL to delete first.",
    readme: "the message says to delete `…/identitySynchronization` first",
    evidence: "assumed",
    routes: [`DELETE ${PARTNER}`],
    properties: ["error"],
  },
  {
    id: "tenant-information-lookup",
    says: "The two findTenantInformation functions return a tenant's id, display name and default domain, looked up by id or by domain.",
    readme: "`findTenantInformationByTenantId/ByDomainName`",
    evidence: "documented",
    source: PAGE.tenantById,
    routes: [`GET ${BY_TENANT_ID}`, `GET ${BY_DOMAIN}`],
  },
  {
    id: "tenant-information-unknown",
    says: "Looking up a tenant id or a domain the world does not hold is a 400 Request_ResourceNotFound.",
    readme: "Unknown tenant or domain in `findTenantInformation…`",
    evidence: "assumed",
    routes: [`GET ${BY_TENANT_ID}`, `GET ${BY_DOMAIN}`],
  },

  // ---- server-filled values ----
  {
    id: "unconfigured-partner-values",
    says: "A partner nobody configured shows null tenant restrictions, Microsoft 365 collaboration, app-service connect and isServiceProvider, and isInMultiTenantOrganization false.",
    readme: "An unconfigured partner has `tenantRestrictions`",
    evidence: "assumed",
    routes: [`POST ${PARTNERS}`, `GET ${PARTNERS}`, `GET ${PARTNER}`],
    properties: each("tenantRestrictions", "m365CollaborationInbound", "m365CollaborationOutbound", "appServiceConnectInbound", "isServiceProvider", "isInMultiTenantOrganization"),
  },
  {
    id: "service-default-values",
    says: "The untouched default blocks tenant restrictions for all users and applications, allows Microsoft 365 collaboration both ways, blocks app-service connect and carries a fixed invitation-redemption provider order.",
    readme: "The service default has tenant restrictions blocked for AllUsers and AllApplications",
    evidence: "assumed",
    routes: [`GET ${DEFAULT}`, `POST ${DEFAULT}/resetToSystemDefault`],
    properties: ["tenantRestrictions", "m365CollaborationInbound", "m365CollaborationOutbound", "appServiceConnectInbound", "invitationRedemptionIdentityProviderConfiguration"],
  },
  {
    id: "default-customised",
    says: "Any PATCH of the default makes isServiceDefault false until resetToSystemDefault restores the service's values.",
    readme: "makes the default customised",
    evidence: "documented",
    source: PAGE.defaultGet,
    routes: [`PATCH ${DEFAULT}`, `GET ${DEFAULT}`, `POST ${DEFAULT}/resetToSystemDefault`],
    properties: ["isServiceDefault"],
  },
  {
    id: "group-sync-inbound-beta-only",
    says: "groupSyncInbound exists on identity synchronization under /beta only (null until set, generated policies included): /v1.0 leaves it out of answers and refuses it in bodies, and the stored value survives writes through either version.",
    readme: "Identity synchronization carries `groupSyncInbound` under `/beta` only",
    evidence: "assumed",
    routes: [`GET ${IDENTITY_SYNC}`, `PUT ${IDENTITY_SYNC}`, `PATCH ${IDENTITY_SYNC}`, `GET ${PARTNERS}`, `GET ${PARTNER}`],
  },
  {
    id: "service-filled-writable",
    says: "The settings the service fills in can be set on partners and the default, checked and normalised like the B2B settings, with devicesFilter.mode taking the access-type values allowed or blocked rather than include or exclude.",
    readme: "The service-filled settings are writable on partners and the default",
    evidence: "assumed",
    routes: [...SETTINGS_WRITES, ...SETTINGS_READS],
  },

  // ---- normalisation ----
  {
    id: "target-normalisation",
    says: "Targets come back sorted by type and then by target, ignoring case, with reserved keywords in their canonical spelling and GUIDs and tenant ids in lower case, whatever was sent.",
    readme: "Target lists are stored and returned sorted by targetType, then target",
    evidence: "assumed",
    routes: [...SETTINGS_READS, `GET ${IDENTITY_SYNC}`],
    properties: [...TARGET_SETTINGS, ...each("tenantId")],
  },
  {
    id: "boolean-objects-complete",
    says: "Objects of Booleans and devices are returned with all their properties, the ones never sent as null.",
    readme: "Objects of Booleans (`inboundTrust`, `automaticUserConsentSettings`, `userSyncInbound`",
    evidence: "assumed",
    routes: [...SETTINGS_READS, `GET ${IDENTITY_SYNC}`, `GET ${SYNC_TEMPLATE}`],
    properties: [...each("inboundTrust", "automaticUserConsentSettings", "tenantRestrictions.devices"), "userSyncInbound", "groupSyncInbound"],
  },
  {
    id: "b2b-halves-absent",
    says: "The half of a B2B setting that a request left out stays out of the answer, as in the docs' partner create example.",
    readme: "The halves of a B2B setting",
    evidence: "documented",
    source: PAGE.partnersCreate,
    routes: SETTINGS_READS,
    properties: TARGET_SETTINGS,
  },

  // ---- soft delete ----
  {
    id: "soft-delete-bin",
    says: "Deleting a partner configuration or an identity synchronization policy puts it in the deleted-items bin with its deletion time.",
    readme: "Deleting a partner configuration or an identity synchronization policy moves it to the bin",
    evidence: "documented",
    source: PAGE.partnerBeta,
    routes: [...SOFT_DELETES, ...BIN_READS],
  },
  {
    id: "bin-purge-30-days",
    says: "A binned object disappears for good 30 days after its deletion, to the millisecond, once the clock passes that moment; a binned partner reads isInMultiTenantOrganization false.",
    readme: "it is purged 30 days (to the millisecond) after the deletion",
    evidence: "assumed",
    routes: [...BIN_READS, `POST ${PARTNERS}`],
  },
  {
    id: "bin-actions-delegated-only",
    says: "Restoring or purging a binned object is refused with 403 Authorization_RequestDenied for the application tokens the emulator issues, before the id is even looked up.",
    readme: "Restore and permanent delete exist only for delegated callers",
    evidence: "assumed",
    routes: BIN_ACTIONS,
  },
  {
    id: "binned-partner-blocks-create",
    says: "A partner whose configuration is in the bin cannot be created again: 409 Request_MultipleObjectsWithSameKeyValue with the deletion and purge dates and the URLs to restore or purge it.",
    readme: "Creating a partner whose configuration is in the bin",
    evidence: "assumed",
    routes: [`POST ${PARTNERS}`],
  },
  {
    id: "binned-sync-superseded",
    says: "Putting identity synchronization for a partner whose earlier policy is binned succeeds and discards the binned policy.",
    readme: "A PUT of identity synchronization for a partner whose previous policy is in the bin works",
    evidence: "assumed",
    routes: [`PUT ${IDENTITY_SYNC}`, `GET ${DELETED_SYNC}`, `GET ${DELETED_SYNC}/{id}`],
  },
  {
    id: "join-drops-binned",
    says: "When a join generates settings for a pair whose old ones are binned, it creates fresh unconfigured ones and discards the binned.",
    readme: "A join that generates a partner configuration (or identity synchronization)",
    evidence: "assumed",
    routes: [`PATCH ${JOIN}`, ...BIN_READS, `GET ${PARTNERS}`, `GET ${PARTNER}`],
  },
  {
    id: "bin-beta-only",
    says: "The deleted-items routes for partners and identity synchronization are served under /beta only.",
    readme: "The bin exists under `/beta` only",
    evidence: "documented",
    source: PAGE.partnerBeta,
    routes: [...BIN_READS, ...BIN_ACTIONS],
  },
  {
    id: "soft-delete-any-version",
    says: "A delete through /v1.0 bins the object just as one through /beta does.",
    readme: "the soft delete itself happens whichever version deletes",
    evidence: "assumed",
    routes: SOFT_DELETES,
  },
  {
    id: "old-state-files-load",
    says: "A state file from before the bin and the service-filled settings loads with empty bins and those settings filled in.",
    readme: "State files written before these features load",
    evidence: "assumed",
    routes: [...BIN_READS, `GET ${PARTNERS}`, `GET ${PARTNER}`, `GET ${DEFAULT}`, `GET ${POLICY}`],
  },
];
