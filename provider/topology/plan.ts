// The topology's planner: a pure function from the declared member set and what Graph shows to the
// smallest sequence of Graph operations that gets from one to the other in an order Graph accepts.
// Phases run one after the other; the steps of a phase run side by side:
//   1. the organization itself (create, or its name and description);
//   2. promotions, so an owner is in place before another owner is demoted or leaves;
//   3. departures (an owner is demoted first: Graph lets no owner remove another), so tenants leave
//      before others arrive: an organization at its active-tenant limit can swap tenants;
//   4. demotions;
//   5. arrivals: the owner adds each new tenant with its role;
//   6. joins of every declared tenant not yet active, each with its own credentials.
// Graph cannot rename a member: a new display name is a departure and an arrival.
export type Role = "owner" | "member";

export interface DeclaredMember {
  alias: string;
  tenantId: string;
  displayName: string;
  role: Role;
}

export interface DeclaredOrganization {
  displayName: string;
  /** Undefined: not managed. */
  description?: string;
  /** Every tenant but the creating owner. */
  members: DeclaredMember[];
}

export interface ObservedMember {
  tenantId: string;
  displayName: string;
  role: Role;
  state: "pending" | "active" | "removed";
  /** A role change Graph is processing. */
  desiredRole?: Role;
  /** A removal Graph is processing. */
  removing: boolean;
}

export interface ObservedOrganization {
  active: boolean;
  displayName: string | null;
  description: string | null;
  /** Every member but the creating owner. */
  members: ObservedMember[];
}

export type Step =
  | { kind: "createOrganization" }
  | { kind: "updateOrganization" }
  | { kind: "promote"; member: DeclaredMember }
  | { kind: "remove"; tenantId: string; displayName: string; isOwner: boolean }
  | { kind: "demote"; member: DeclaredMember }
  | { kind: "add"; member: DeclaredMember }
  | { kind: "join"; member: DeclaredMember };

export type Plan = Step[][];

const key = (tenantId: string) => tenantId.toLowerCase();

export function plan(declared: DeclaredOrganization, observed: ObservedOrganization): Plan {
  const seen = new Map(observed.members.map((m) => [key(m.tenantId), m]));
  // A member stays only if Graph has it under the declared name and is not removing it.
  const kept = (d: DeclaredMember) => {
    const m = seen.get(key(d.tenantId));
    return m && !m.removing && m.displayName === d.displayName ? m : undefined;
  };
  const roleOf = (m: ObservedMember) => m.desiredRole ?? m.role;
  const wanted = new Map(declared.members.map((d) => [key(d.tenantId), d]));

  const organization: Step[] = !observed.active
    ? [{ kind: "createOrganization" }]
    : observed.displayName !== declared.displayName || (declared.description !== undefined && observed.description !== declared.description)
      ? [{ kind: "updateOrganization" }]
      : [];
  const promotions: Step[] = declared.members.filter((d) => d.role === "owner" && kept(d) && roleOf(kept(d)!) !== "owner").map((member) => ({ kind: "promote", member }));
  const departures: Step[] = observed.members
    .filter((m) => {
      const d = wanted.get(key(m.tenantId));
      return m.removing || !d || m.displayName !== d.displayName;
    })
    .map((m) => ({ kind: "remove", tenantId: m.tenantId, displayName: m.displayName, isOwner: roleOf(m) === "owner" || m.role === "owner" }));
  const demotions: Step[] = declared.members.filter((d) => d.role === "member" && kept(d) && roleOf(kept(d)!) !== "member").map((member) => ({ kind: "demote", member }));
  const arrivals: Step[] = declared.members.filter((d) => !kept(d)).map((member) => ({ kind: "add", member }));
  const joins: Step[] = declared.members.filter((d) => kept(d)?.state !== "active").map((member) => ({ kind: "join", member }));
  return [organization, promotions, departures, demotions, arrivals, joins].filter((phase) => phase.length > 0);
}

/** Whether Graph already shows the declared member set: no step to take. */
export const converged = (declared: DeclaredOrganization, observed: ObservedOrganization) => plan(declared, observed).length === 0;
