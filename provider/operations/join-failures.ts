// What a failed join means, judged by what the provider can see rather than by what Graph says.
// Graph documents a failed join's `details` only as "DirectoryService Exception": its text cannot be
// relied on. After a failure the provider reads, with the credentials it holds:
// - the joining tenant's own organization: active means the tenant is in another organization
//   already (a join toward this one has not succeeded), and its member list names that one's owners;
// - the owner's member list, when the owner's alias is configured: whether this tenant was added,
//   by whom, and how many tenants are active against the organization's limit.
// Only where neither says anything does the text count, as a hint. A cause resubmitting cannot fix
// ends the operation at once, with what to do; anything else is resubmitted with backoff.
import type { MultiTenantOrganizationMember } from "../../contract/wire";

export type JoinFailureCause =
  /** The organization has as many active tenants as it may have. */
  | "activeTenantLimit"
  /** The owner named in the join has not added this tenant (or another owner did). */
  | "notAddedByOwner"
  /** The owner shows the tenant added, but the join job did not see it yet: worth a few resubmits. */
  | "additionNotVisible"
  /** The tenant is active in another organization. */
  | "inAnotherOrganization"
  /** A tenant has more internal users than an organization's tenant may have (known from the text only). */
  | "internalUserLimit"
  /** Nothing observed explains it: Graph's own transient fault, healed by resubmitting. */
  | "transient";

export interface JoinEvidence {
  /** Graph's `transitionDetails.details` of the failed join: a hint at most. */
  details: string | null;
  joiningTenantId: string;
  /** The owner the join names (addedByTenantId). */
  ownerTenantId: string;
  /** The joining tenant's own view: its organization's state and, when active, the tenants it lists. */
  joining?: { active: boolean; members: MultiTenantOrganizationMember[] };
  /** The owner's member list, read with the owner's credentials when its alias is configured. */
  ownerMembers?: MultiTenantOrganizationMember[];
  /** The active tenants an organization may have (entra-mto:maxActiveTenants). */
  maxActiveTenants: number;
  /** How a tenant is named in messages. */
  name?: (tenant: { tenantId: string; displayName?: string | null }) => string;
}

export interface JoinFailure {
  cause: JoinFailureCause;
  /** Whether resubmitting the same join can succeed without anyone changing anything. */
  healable: boolean;
  /** What was observed that decided it; "Graph's text" when only the hint was left. */
  basis: "state" | "text" | "nothing";
  /** What the provider saw, in words, and what to do. */
  advice?: string;
}

interface TextHint {
  cause: Exclude<JoinFailureCause, "transient" | "additionNotVisible">;
  pattern: RegExp;
}

/** Sentences a join failure might carry. Undocumented: used only where Graph's state says nothing. */
const HINTS: TextHint[] = [
  { cause: "activeTenantLimit", pattern: /maximum (number )?of \d* ?active tenants|active tenant limit|exceed.*active tenants/i },
  { cause: "internalUserLimit", pattern: /internal users|users per tenant|too many users/i },
  { cause: "notAddedByOwner", pattern: /not been added|not added|was added by tenant/i },
  { cause: "inAnotherOrganization", pattern: /already part of|(different|another) multi-?tenant organization/i },
];

const ADVICE: Record<Exclude<JoinFailureCause, "transient" | "additionNotVisible">, string> = {
  activeTenantLimit:
    "Remove a tenant first (the topology does departures before arrivals), or ask Microsoft support to raise the limit and set entra-mto:maxActiveTenants to the new value.",
  internalUserLimit: "Reduce the tenant's internal users, or ask Microsoft support to raise the limit.",
  notAddedByOwner: "The owner named in the join must first add this tenant (MultiTenantOrganizationMember), and the join must name that owner.",
  inAnotherOrganization: "A tenant belongs to one organization at a time: remove it from the other organization first.",
};

const isLeaving = (m: MultiTenantOrganizationMember) => m.transitionDetails?.desiredState === "removed" && m.transitionDetails.status !== "failed";
const same = (a: string | null | undefined, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();

function refused(cause: keyof typeof ADVICE, basis: JoinFailure["basis"], seen?: string): JoinFailure {
  return { cause, healable: false, basis, advice: seen ? `${seen} ${ADVICE[cause]}` : ADVICE[cause] };
}

export function judgeJoinFailure(e: JoinEvidence): JoinFailure {
  const name = e.name ?? ((t) => (t.displayName ? `${t.displayName} (${t.tenantId})` : t.tenantId));
  const hint = HINTS.find((h) => h.pattern.test(e.details ?? ""))?.cause;

  // The joining tenant is active in an organization, and not through this join: another one.
  if (e.joining?.active) {
    const owners = e.joining.members.filter((m) => m.role === "owner");
    const inThisOne = e.joining.members.some((m) => same(m.tenantId, e.ownerTenantId));
    if (!inThisOne) {
      const whose = owners.length ? ` owned by ${owners.map((m) => name({ tenantId: m.tenantId.toLowerCase(), displayName: m.displayName })).join(", ")}` : "";
      const itself = owners.some((m) => same(m.tenantId, e.joiningTenantId)) ? " (it is an owner there: delete its own organization first)" : "";
      return refused("inAnotherOrganization", "state", `Graph shows the tenant active in another organization${whose}${itself}.`);
    }
  }

  if (e.ownerMembers) {
    const record = e.ownerMembers.find((m) => same(m.tenantId, e.joiningTenantId));
    if (!record || isLeaving(record)) {
      return refused("notAddedByOwner", "state", `The owner's member list ${record ? "shows the tenant being removed" : "does not show the tenant"}.`);
    }
    if (!same(record.addedByTenantId, e.ownerTenantId)) {
      return refused(
        "notAddedByOwner",
        "state",
        `The owner's member list shows the tenant added by ${name({ tenantId: record.addedByTenantId.toLowerCase() })}: the join must name that owner.`,
      );
    }
    const active = e.ownerMembers.filter((m) => m.state === "active" && !isLeaving(m) && !same(m.tenantId, e.joiningTenantId));
    if (active.length >= e.maxActiveTenants) {
      const names = active.map((m) => name({ tenantId: m.tenantId.toLowerCase(), displayName: m.displayName })).join(", ");
      return refused("activeTenantLimit", "state", `The organization has ${active.length} active tenants, its limit of ${e.maxActiveTenants}: ${names}.`);
    }
    // The owner shows the tenant added, by this owner, with room to join: a "not added" can only be
    // the join job not seeing the addition yet; the other hints are contradicted by what is seen.
    if (hint === "notAddedByOwner") return { cause: "additionNotVisible", healable: true, basis: "state" };
    if (hint === "inAnotherOrganization") return { cause: "transient", healable: true, basis: "state" };
    // Below the configured limit, a text that speaks of one may mean Graph's limit is lower than
    // the setting: resubmitting would not change that, so it is said, with the count.
    if (hint === "activeTenantLimit") {
      return refused(
        "activeTenantLimit",
        "text",
        `Graph's text speaks of the active-tenant limit ("${e.details}"); the organization has ${active.length} active tenants, below entra-mto:maxActiveTenants (${e.maxActiveTenants}): Graph's limit may be lower than the setting.`,
      );
    }
  }
  if (e.joining && !e.joining.active && hint === "inAnotherOrganization") return { cause: "transient", healable: true, basis: "state" };

  if (hint) return refused(hint, "text", `Graph's text says so ("${e.details}"), and nothing the provider can read contradicts it.`);
  return { cause: "transient", healable: true, basis: "nothing" };
}

/** A join Graph refused for a reason resubmitting cannot fix. */
export class JoinRefusedError extends Error {
  constructor(
    readonly what: string,
    readonly details: string,
    readonly failure: JoinFailure,
  ) {
    super(`${what} was refused by Graph (${details || "no details"}). ${failure.advice ?? ""}`.trim());
    this.name = "JoinRefusedError";
  }
}
