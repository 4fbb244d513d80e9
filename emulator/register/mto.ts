// Register entries of the multi-tenant organization: the organization, its members, the join request,
// the asynchronous jobs behind them and the templates applied at a join.
import type { Behaviour } from "../register";
import { IDENTITY_SYNC, JOIN, MEMBER_READS, ORG, PAGE, PARTNER, PARTNERS, PARTNER_TEMPLATE, SYNC_TEMPLATE, TENANT, TENANTS, TENANT_COUNT, each } from "./routes";

const TRANSITION_READS = [...MEMBER_READS, `GET ${JOIN}`];
const TEMPLATE_ROUTES = [`GET ${PARTNER_TEMPLATE}`, `PATCH ${PARTNER_TEMPLATE}`, `GET ${SYNC_TEMPLATE}`, `PATCH ${SYNC_TEMPLATE}`];

export const MTO_ENTRIES: Behaviour[] = [
  // ---- the organization ----
  {
    id: "org-put-updates",
    says: "A PUT on a tenant that already has an organization changes it and returns 200 with the organization, and a member tenant that is no owner gets 403.",
    readme: "PUT on an existing organization updates it and answers 200 with the entity",
    evidence: "assumed",
    routes: [`PUT ${ORG}`],
  },
  {
    id: "org-patch-creates",
    says: "A PATCH from a tenant without an organization creates one as PUT would, returns 204 and then insists on displayName.",
    readme: "PATCH on the organization of a tenant that has none creates it",
    evidence: "assumed",
    routes: [`PATCH ${ORG}`],
  },
  {
    id: "org-creation-async",
    says: "A new organization reads as active straight away while the creator's own member row carries a transition toward owner and active until the creation job ends, and no join can finish before then.",
    readme: "Creation is asynchronous: the 201 and GET show `active` at once",
    evidence: "assumed",
    routes: [`PUT ${ORG}`, `GET ${ORG}`, ...MEMBER_READS, `GET ${JOIN}`],
    properties: ["state", ...each("transitionDetails")],
  },

  // ---- members ----
  {
    id: "no-org-tenants",
    says: "A tenant outside any organization lists no tenants (200, empty) and gets 400 Request_BadRequest, saying it is in no organization, when it adds, changes or removes one.",
    readme: "A tenant with no organization lists no tenants (200, empty `value`)",
    evidence: "assumed",
    routes: [`GET ${TENANTS}`, `GET ${TENANT_COUNT}`, `POST ${TENANTS}`, `PATCH ${TENANT}`, `DELETE ${TENANT}`],
  },
  {
    id: "member-write-refusals",
    says: "Adding a tenant the world does not know is a 400 Request_BadRequest, and a member tenant adding tenants or changing roles gets 403 Authorization_RequestDenied.",
    readme: "Adding a tenant that does not exist in the world: 400 `Request_BadRequest`",
    evidence: "assumed",
    routes: [`POST ${TENANTS}`, `PATCH ${TENANT}`],
  },
  {
    id: "added-member-transition-null",
    says: "A tenant just added shows as pending with no transition details, as in the API page's example, not the notStarted transition of the Entra walkthrough.",
    readme: "A freshly added pending member has `transitionDetails: null` (the API page)",
    evidence: "documented",
    source: PAGE.tenantsAdd,
    routes: [`POST ${TENANTS}`, ...MEMBER_READS],
    properties: each("transitionDetails"),
  },
  {
    id: "member-transition-during-join",
    says: "While the member's join runs, its row shows a transition toward active whose status follows the join job.",
    readme: "During a join it shows `desiredState: active` with the job's status",
    evidence: "assumed",
    routes: MEMBER_READS,
    properties: each("transitionDetails"),
  },
  {
    id: "removal-rules",
    says: "Removals obey both the API page and the Entra how-to at once (a member removes only itself, an owner removes neither another owner nor the creator, an owner leaves only with another active owner left or as the last tenant), and a refusal is 400 Request_BadRequest.",
    readme: "Removal rules take the stricter union of the API page and the Entra how-to",
    evidence: "assumed",
    routes: [`DELETE ${TENANT}`],
  },
  {
    id: "removal-keeps-state",
    says: "During a removal the member keeps its current state and its transition details point at removed.",
    readme: "A member keeps its `state` while its removal runs",
    evidence: "documented",
    source: PAGE.mtoConfigureGraph,
    routes: MEMBER_READS,
    properties: [...each("state"), ...each("transitionDetails")],
  },
  {
    id: "removed-member-not-found",
    says: "Once a removal is done, reading that member answers 404 Directory_ObjectNotFound.",
    readme: "afterwards GET answers 404 `Directory_ObjectNotFound`",
    evidence: "documented",
    source: PAGE.mtoConfigureGraph,
    routes: [`GET ${TENANT}`],
  },
  {
    id: "role-change-rules",
    says: "Turning the only owner into a member is refused with 400, and a role change submitted while another is pending takes its place.",
    readme: "Demoting the last owner is refused with 400",
    evidence: "assumed",
    routes: [`PATCH ${TENANT}`, ...MEMBER_READS],
  },
  {
    id: "another-owner-remains",
    says: "When a rule needs another owner to remain, only active owners without a pending removal or demotion count, so the organization always keeps an owner.",
    readme: '"Another owner remains" counts only active owners with no pending removal or demotion',
    evidence: "assumed",
    routes: [`DELETE ${TENANT}`, `PATCH ${TENANT}`],
  },

  // ---- the join request ----
  {
    id: "join-request-rules",
    says: "A join while another runs or after an unreset failure, and a reset of an active membership, are refused with 400; rejoining one's own organization is a 204 that changes nothing; naming another organization's owner while active fails later, and resetting that failure brings back the active membership's record.",
    readme: "a new join while one is processing, or while the last one failed and was not reset",
    evidence: "assumed",
    routes: [`PATCH ${JOIN}`, `GET ${JOIN}`],
  },
  {
    id: "join-failure-reasons",
    says: "A join fails, after its 204, when the tenant was not added (or was added by another owner), already belongs to another organization, would push the organization past its active-tenant limit, or a tenant has too many internal users.",
    readme: "Joins fail for the documented reasons",
    evidence: "documented",
    source: PAGE.joinUpdate,
    routes: [`PATCH ${JOIN}`, `GET ${JOIN}`],
    properties: ["transitionDetails.status", "memberState"],
  },
  {
    id: "join-failure-details",
    says: "A failed join explains its cause in transitionDetails.details with sentences the emulator wrote itself, since Graph documents none.",
    readme: "Join failures carry a descriptive `details` string",
    evidence: "assumed",
    routes: [`GET ${JOIN}`],
    properties: ["transitionDetails.details"],
  },
  {
    id: "join-failure-documented-text",
    says: "With the world's joinFailureDetails set to documented, every failed join reports the one text the docs show, DirectoryService Exception.",
    readme: 'answers "DirectoryService Exception" whatever the cause',
    evidence: "documented",
    source: PAGE.joinGet,
    routes: [`GET ${JOIN}`],
    properties: ["transitionDetails.details"],
  },

  // ---- asynchronous jobs and their durations ----
  {
    id: "transition-phases",
    says: "Each asynchronous job reports notStarted during the first quarter of its duration and running for the rest, before it takes effect or, for a join, fails.",
    readme: "`notStarted` for the first quarter of their duration, then `running`",
    evidence: "assumed",
    routes: TRANSITION_READS,
    properties: [...each("transitionDetails.status")],
    timing: ["create", "join", "roleChange", "removal"],
  },
  {
    id: "transition-cleared",
    says: "When a job has taken effect its transition details go back to null.",
    readme: "`transitionDetails` returns to null",
    evidence: "documented",
    source: PAGE.joinGet,
    routes: TRANSITION_READS,
    properties: each("transitionDetails"),
  },
  {
    id: "join-duration",
    says: "A join takes an hour under the realistic profile, a figure between the docs' few minutes and their two (or, in beta, four) hours.",
    readme: "Join durations: `realistic` uses 60 minutes",
    evidence: "assumed",
    routes: [`GET ${JOIN}`, ...MEMBER_READS],
    timing: ["join"],
  },
  {
    id: "creation-duration",
    says: "Creating an organization takes three minutes under the realistic profile.",
    readme: "creation 3",
    evidence: "assumed",
    routes: [`GET ${ORG}`, ...MEMBER_READS],
    timing: ["create"],
  },
  {
    id: "role-change-duration",
    says: "A role change takes five minutes under the realistic profile.",
    readme: "role changes 5",
    evidence: "assumed",
    routes: MEMBER_READS,
    timing: ["roleChange"],
  },
  {
    id: "removal-duration",
    says: "A removal takes five minutes under the realistic profile.",
    readme: "removals 5 minutes",
    evidence: "assumed",
    routes: MEMBER_READS,
    timing: ["removal"],
  },

  // ---- what a join or a departure does to the cross-tenant access settings ----
  {
    id: "leave-reverts-nothing",
    says: "A tenant leaving the organization leaves partner configurations and synchronization policies as they were.",
    readme: "When a tenant leaves, nothing is reverted",
    evidence: "documented",
    source: PAGE.mtoTemplates,
    routes: [`DELETE ${TENANT}`, `GET ${PARTNERS}`, `GET ${PARTNER}`, `GET ${IDENTITY_SYNC}`],
  },
  {
    id: "in-mto-flag",
    says: "isInMultiTenantOrganization turns true on every pair a join generates or amends and false on both sides when a tenant leaves.",
    readme: "at a join it is set to true on every generated or amended pair",
    evidence: "assumed",
    routes: [`GET ${PARTNERS}`, `GET ${PARTNER}`],
    properties: each("isInMultiTenantOrganization"),
  },

  // ---- templates ----
  {
    id: "template-level-none",
    says: 'An empty string or null templateApplicationLevel is taken as none, and flag values are kept in a fixed order ("newPartners,existingPartners").',
    readme: "values are stored in canonical flag order",
    evidence: "assumed",
    routes: TEMPLATE_ROUTES,
    properties: ["templateApplicationLevel"],
  },
  {
    id: "template-field-by-field",
    says: "At a join the templates overwrite inboundTrust and automaticUserConsentSettings one Boolean at a time but each B2B setting as a whole.",
    readme: "Template values apply field by field",
    evidence: "assumed",
    routes: [`PATCH ${JOIN}`, `GET ${PARTNERS}`, `GET ${PARTNER}`, `GET ${IDENTITY_SYNC}`],
  },
];
