// The planner against a small model of Graph's rules, for every pair of topologies of three
// candidate tenants around an owner, at and below an active-tenant limit of 3: each plan is
// accepted step by step (the limit is checked at each join, an owner is never removed or left
// without another owner), ends exactly at the declaration, touches no tenant that needs nothing,
// and a second plan from the result is empty.
import { type DeclaredMember, type DeclaredOrganization, type ObservedMember, type ObservedOrganization, type Step, plan } from "../../../provider/topology/plan";

const LIMIT = 3;
const IDS = ["00000001-0000-4000-8000-000000000001", "00000002-0000-4000-8000-000000000002", "00000003-0000-4000-8000-000000000003"];
type Seen = "absent" | "pendingMember" | "activeMember" | "activeOwner" | "pendingOwner" | "removing" | "promoting";
type Wanted = "absent" | "member" | "owner" | "renamedMember";
const SEEN: Seen[] = ["absent", "pendingMember", "activeMember", "activeOwner", "pendingOwner", "removing", "promoting"];
const WANTED: Wanted[] = ["absent", "member", "owner", "renamedMember"];

function observedOf(seen: Seen[]): ObservedOrganization {
  const members: ObservedMember[] = [];
  for (const [i, s] of seen.entries()) {
    if (s === "absent") continue;
    const base = { tenantId: IDS[i], displayName: `T${i}`, removing: s === "removing" };
    if (s === "promoting") members.push({ ...base, role: "member", state: "active", desiredRole: "owner" });
    else members.push({ ...base, role: s.endsWith("Owner") ? "owner" : "member", state: s.startsWith("pending") ? "pending" : "active" });
  }
  return { active: true, displayName: "Org", description: null, members };
}

function declaredOf(wanted: Wanted[]): DeclaredOrganization {
  const members: DeclaredMember[] = [];
  wanted.forEach((w, i) => {
    if (w === "absent") return;
    members.push({ alias: `t${i}`, tenantId: IDS[i], displayName: w === "renamedMember" ? `T${i} renamed` : `T${i}`, role: w === "owner" ? "owner" : "member" });
  });
  return { displayName: "Org", members };
}

interface Member {
  role: "owner" | "member";
  state: "pending" | "active";
  displayName: string;
}

/** Applies a plan to a model of Graph that refuses what Graph refuses; returns the end state. */
function apply(phases: Step[][], start: ObservedOrganization): Map<string, Member> {
  const members = new Map<string, Member>(
    start.members.filter((m) => !m.removing).map((m) => [m.tenantId, { role: m.desiredRole ?? m.role, state: m.state as "pending" | "active", displayName: m.displayName }]),
  );
  const active = () => 1 + [...members.values()].filter((m) => m.state === "active").length; // the creating owner counts
  for (const phase of phases) {
    for (const step of phase) {
      switch (step.kind) {
        case "promote":
        case "demote": {
          const m = members.get(step.member.tenantId);
          if (!m) throw new Error(`${step.kind} of a tenant that is not a member`);
          m.role = step.kind === "promote" ? "owner" : "member";
          break;
        }
        case "remove":
          if (!members.has(step.tenantId) && !start.members.some((m) => m.tenantId === step.tenantId)) throw new Error("removing a tenant that is not there");
          if (members.get(step.tenantId)?.role === "owner" && !step.isOwner) throw new Error("an owner removed without being demoted first");
          members.delete(step.tenantId);
          break;
        case "add":
          if (members.has(step.member.tenantId)) throw new Error("adding a tenant that is already a member");
          members.set(step.member.tenantId, { role: step.member.role, state: "pending", displayName: step.member.displayName });
          break;
        case "join": {
          const m = members.get(step.member.tenantId);
          if (!m) throw new Error("join of a tenant the owner has not added");
          if (m.state === "pending" && active() >= LIMIT) throw new Error(`join over the limit of ${LIMIT} active tenants`);
          m.state = "active";
          break;
        }
        default:
          break;
      }
    }
  }
  return members;
}

function* cases(): Generator<[Seen[], Wanted[]]> {
  for (const a of SEEN)
    for (const b of SEEN)
      for (const c of SEEN) {
        const seen = [a, b, c];
        if (1 + seen.filter((s) => s.startsWith("active") || s === "promoting").length > LIMIT) continue;
        for (const x of WANTED)
          for (const y of WANTED)
            for (const z of WANTED) {
              const wanted = [x, y, z];
              if (1 + wanted.filter((w) => w !== "absent").length > LIMIT) continue;
              yield [seen, wanted];
            }
      }
}

test("every plan between topologies of up to three tenants is accepted, exact, minimal and final", () => {
  let count = 0;
  for (const [seen, wanted] of cases()) {
    count++;
    const observed = observedOf(seen);
    const declared = declaredOf(wanted);
    const phases = plan(declared, observed);
    const where = `seen ${seen.join(",")} wanted ${wanted.join(",")}`;
    let end: Map<string, Member>;
    try {
      end = apply(phases, observed);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    // Exact: the declared members, active, with their roles and names, and nothing else.
    expect([...end.entries()].sort()).toEqual(declared.members.map((d) => [d.tenantId, { role: d.role, state: "active", displayName: d.displayName }]).sort());
    // Minimal: a tenant already as declared is in no step.
    const seenOf = (d: DeclaredMember) => seen[IDS.indexOf(d.tenantId)];
    const untouched = declared.members.filter((d) => (seenOf(d) === "activeMember" && d.role === "member") || (seenOf(d) === "activeOwner" && d.role === "owner"));
    const touched = phases.flat().map((s) => ("member" in s ? s.member.tenantId : "tenantId" in s ? s.tenantId : ""));
    for (const d of untouched.filter((x) => x.displayName === `T${IDS.indexOf(x.tenantId)}`)) expect(touched).not.toContain(d.tenantId);
    // Final: from the end state there is nothing left to do.
    const after: ObservedOrganization = { ...observed, members: [...end.entries()].map(([tenantId, m]) => ({ tenantId, ...m, removing: false })) };
    expect(plan(declared, after)).toEqual([]);
  }
  expect(count).toBeGreaterThan(1000);
});

test("a swap at the limit: the departure comes before the arrival and its join", () => {
  const observed = observedOf(["activeMember", "activeMember", "absent"]);
  const phases = plan(declaredOf(["member", "absent", "member"]), observed);
  expect(phases.map((p) => p.map((s) => s.kind))).toEqual([["remove"], ["add"], ["join"]]);
});

test("promotion comes before an owner's departure; a rename is a departure and an arrival", () => {
  expect(plan(declaredOf(["owner", "absent", "absent"]), observedOf(["activeMember", "activeOwner", "absent"])).map((p) => p.map((s) => s.kind))).toEqual([
    ["promote"],
    ["remove"],
  ]);
  expect(plan(declaredOf(["renamedMember", "absent", "absent"]), observedOf(["activeMember", "absent", "absent"])).map((p) => p.map((s) => s.kind))).toEqual([
    ["remove"],
    ["add"],
    ["join"],
  ]);
});

test("the organization is created first, or updated when its name changes", () => {
  expect(plan(declaredOf(["member", "absent", "absent"]), { active: false, displayName: null, description: null, members: [] }).map((p) => p.map((s) => s.kind))).toEqual([
    ["createOrganization"],
    ["add"],
    ["join"],
  ]);
  expect(plan({ ...declaredOf([]), displayName: "Renamed" } as DeclaredOrganization, observedOf(["absent", "absent", "absent"]))).toEqual([[{ kind: "updateOrganization" }]]);
});
