// What a failed join means. Graph reports a join's failure as text in transitionDetails.details;
// its own transient faults heal on resubmission, the causes below never do until someone changes
// the organization or the program: those end the operation at once with Graph's reason and what to
// do, instead of a resubmission loop. ("Not added" can also be an addition not yet visible to the
// join job; only the owner can tell, so the topology, which holds its credentials, checks.)
export type JoinFailureCause = "activeTenantLimit" | "internalUserLimit" | "notAddedByOwner" | "inAnotherOrganization" | "transient";

interface Rule {
  cause: Exclude<JoinFailureCause, "transient">;
  pattern: RegExp;
  advice: string;
}

const RULES: Rule[] = [
  {
    cause: "activeTenantLimit",
    pattern: /maximum (number )?of \d* ?active tenants|active tenant limit|exceed.*active tenants/i,
    advice:
      "The organization has as many active tenants as it may have: remove a tenant first (the topology does departures before arrivals), " +
      "or ask Microsoft support to raise the limit and set entra-mto:maxActiveTenants to the new value.",
  },
  {
    cause: "internalUserLimit",
    pattern: /internal users|users per tenant|too many users/i,
    advice: "A tenant has more internal users than an organization's tenant may have; reduce them or ask Microsoft support to raise the limit.",
  },
  {
    cause: "notAddedByOwner",
    pattern: /not been added|not added|was added by tenant/i,
    advice: "The owner named in the join must first add this tenant (MultiTenantOrganizationMember), and the join must name that owner.",
  },
  {
    cause: "inAnotherOrganization",
    pattern: /already part of|(different|another) multi-?tenant organization/i,
    advice: "A tenant belongs to one organization at a time: remove it from the other organization first.",
  },
];

export interface JoinFailure {
  cause: JoinFailureCause;
  /** Whether resubmitting the same join can succeed without anyone changing anything. */
  healable: boolean;
  advice?: string;
}

export function classifyJoinFailure(details: string | null | undefined): JoinFailure {
  const rule = RULES.find((r) => r.pattern.test(details ?? ""));
  return rule ? { cause: rule.cause, healable: false, advice: rule.advice } : { cause: "transient", healable: true };
}

/** A join Graph refused for a reason resubmitting cannot fix. */
export class JoinRefusedError extends Error {
  constructor(
    readonly what: string,
    readonly details: string,
    readonly failure: JoinFailure,
    extra = "",
  ) {
    super(`${what} was refused by Graph: ${details} ${failure.advice ?? ""}${extra ? ` ${extra}` : ""}`.trim());
    this.name = "JoinRefusedError";
  }
}
