// The behaviour register (emulator/register.ts) against the README it indexes: every entry quotes
// exactly one bullet or paragraph, every bullet of "Assumed" has an entry, the evidence is well
// formed, the emulator's own figures are marked assumed, and touchedBy finds the entries a replayed
// difference touches.
import * as fs from "node:fs";
import * as path from "node:path";
import { PROFILES } from "../../emulator/model/timing";
import { type Behaviour, REGISTER, touchedBy } from "../../emulator/register";

const README = fs.readFileSync(path.resolve(__dirname, "../../emulator/README.md"), "utf8");

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

interface Block {
  /** The `## ` section the block is under. */
  section: string;
  /** A bullet (a list item with its continuation lines) or a paragraph (a table counts as one). */
  kind: "bullet" | "paragraph";
  text: string;
}

/** The README as bullets and paragraphs, whitespace-normalised; headings and code blocks left out. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let section = "";
  let current: { kind: Block["kind"]; lines: string[] } | undefined;
  let fenced = false;
  const flush = () => {
    if (current) out.push({ section, kind: current.kind, text: normalise(current.lines.join(" ")) });
    current = undefined;
  };
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    if (line.trim() === "") {
      flush();
    } else if (/^#+ /.test(line)) {
      flush();
      if (line.startsWith("## ")) section = line.slice(3).trim();
    } else if (/^\s*[-*] /.test(line)) {
      flush();
      current = { kind: "bullet", lines: [line.replace(/^\s*[-*] /, "")] };
    } else if (current) {
      current.lines.push(line);
    } else {
      current = { kind: "paragraph", lines: [line] };
    }
  }
  flush();
  return out;
}

const BLOCKS = blocks(README);
const ASSUMED_BULLETS = BLOCKS.filter((b) => b.section === "Assumed" && b.kind === "bullet");
const holding = (phrase: string) => BLOCKS.filter((b) => b.text.includes(normalise(phrase)));
const byId = new Map<string, Behaviour>(REGISTER.map((b) => [b.id, b]));
const ids = (entries: Behaviour[]) => entries.map((b) => b.id);

test("the README parses into the Assumed section's bullets, sub-lists included", () => {
  // The sub-lists' introductions are paragraphs of the same section.
  for (const intro of ["Server-filled values", "Bodies:", "Normalisation", "Queries:", "Soft delete:", "Cross-tenant synchronization (Graph documents"]) {
    expect(BLOCKS.some((b) => b.section === "Assumed" && b.kind === "paragraph" && b.text.startsWith(intro))).toBe(true);
  }
  expect(ASSUMED_BULLETS.length).toBeGreaterThan(50);
});

test("the register has between 60 and 160 entries", () => {
  expect(REGISTER.length).toBeGreaterThanOrEqual(60);
  expect(REGISTER.length).toBeLessThanOrEqual(160);
});

test("every entry's readme phrase is in exactly one bullet or paragraph of the README", () => {
  const wrong = REGISTER.map((b) => ({ id: b.id, phrase: b.readme, found: holding(b.readme).length })).filter((r) => r.found !== 1);
  expect(wrong).toEqual([]);
});

test("every bullet of the Assumed section, sub-lists included, has an entry", () => {
  const uncovered = ASSUMED_BULLETS.filter((bullet) => !REGISTER.some((b) => bullet.text.includes(normalise(b.readme)))).map((b) => b.text.slice(0, 80));
  expect(uncovered).toEqual([]);
});

test("ids are unique and kebab-case", () => {
  expect(new Set(ids([...REGISTER])).size).toBe(REGISTER.length);
  for (const b of REGISTER) expect(b.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test("entries are well formed: a sentence, routes as METHOD /path, dotted properties", () => {
  for (const b of REGISTER) {
    expect(b.says).toMatch(/^\S.*\.$/);
    expect(b.routes.length).toBeGreaterThan(0);
    for (const r of b.routes) expect(r).toMatch(/^(\*|GET|PUT|PATCH|POST|DELETE) (\*|\/\S*)$/);
    for (const r of b.routes) expect(r).not.toMatch(/^\S+ \/(v1\.0|beta)\//);
    for (const p of b.properties ?? []) expect(p).toMatch(/^[@\w.[\]$-]+$/);
  }
});

test("documented entries cite a Learn page, observed ones a recording, assumed ones nothing", () => {
  for (const b of REGISTER) {
    if (b.evidence === "documented") expect(b.source).toMatch(/^https:\/\/learn\.microsoft\.com\/\S+$/);
    else if (b.evidence === "observed") expect(b.source).toMatch(/^\S+\.jsonl$/);
    else expect(b.source).toBeUndefined();
  }
});

test("the join-failure text, the transition durations and the replication delay are assumed", () => {
  const mustBeAssumed = [
    "join-failure-details",
    "join-duration",
    "creation-duration",
    "role-change-duration",
    "removal-duration",
    "transition-phases",
    "sync-initial-cycle-duration",
    "sync-cycle-interval",
    "quarantine-retry-duration",
    "replication-delay",
  ];
  for (const id of mustBeAssumed) expect(`${id}: ${byId.get(id)?.evidence}`).toBe(`${id}: assumed`);
  // The emulator's durations are its own figures: whatever rests on one is assumed.
  expect(REGISTER.filter((b) => b.timing && b.evidence !== "assumed").map((b) => b.id)).toEqual([]);
  // Each timing kind has its duration entry.
  const timed = new Set(REGISTER.flatMap((b) => b.timing ?? []));
  expect([...timed].sort()).toEqual(Object.keys(PROFILES.realistic).sort());
});

test("every timing name is a TimingKind of emulator/model/timing.ts", () => {
  const kinds = new Set(Object.keys(PROFILES.realistic));
  for (const b of REGISTER) for (const t of b.timing ?? []) expect(`${b.id}: ${kinds.has(t) ? "" : "unknown "}${t}`).toBe(`${b.id}: ${t}`);
});

describe("touchedBy", () => {
  const MTO = "/v1.0/tenantRelationships/multiTenantOrganization";

  test("a join request's details touch join-failure-details", () => {
    const touched = ids(touchedBy("GET", `${MTO}/joinRequest`, "transitionDetails.details"));
    expect(touched).toContain("join-failure-details");
    expect(touched).toContain("join-failure-documented-text");
    // an entry governing a parent property is touched too, an unrelated one is not
    expect(touched).toContain("transition-cleared");
    expect(touched).not.toContain("join-failure-reasons");
  });

  test("a GUID matches an {id} segment, in any case and with either version", () => {
    const guid = "00000BE1-0000-4000-8000-000000000BE1";
    expect(ids(touchedBy("DELETE", `${MTO}/tenants/${guid}`))).toContain("removal-rules");
    expect(ids(touchedBy("delete", `/beta/tenantRelationships/multiTenantOrganization/tenants/${guid.toLowerCase()}`))).toContain("removal-rules");
    expect(ids(touchedBy("GET", `${MTO}/tenants/${guid}`, "transitionDetails.desiredState"))).toContain("removal-keeps-state");
  });

  test("the query string, a trailing slash and the host are ignored", () => {
    const touched = ids(touchedBy("GET", "https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/?$filter=tenantId eq 'x'&$count=true", "@odata.count"));
    expect(touched).toEqual(expect.arrayContaining(["collection-filters", "count"]));
    // scoped to other properties, or to other routes
    expect(touched).not.toContain("partner-select-expand");
    expect(touched).not.toContain("removal-rules");
  });

  test("$count is a segment of its own, not an id", () => {
    const touched = ids(touchedBy("GET", `${MTO}/tenants/$count`));
    expect(touched).toContain("count");
    expect(touched).not.toContain("removed-member-not-found");
    expect(ids(touchedBy("GET", `${MTO}/tenants/%24count`))).toContain("count");
  });

  test("list items match with or without their index", () => {
    expect(ids(touchedBy("GET", `${MTO}/tenants`, "value[2].transitionDetails.status"))).toContain("transition-phases");
    expect(ids(touchedBy("GET", `${MTO}/tenants`, "value[].transitionDetails.status"))).toContain("transition-phases");
  });

  test("a difference without a property touches the entries that govern the status", () => {
    const touched = ids(touchedBy("POST", "/v1.0/policies/crossTenantAccessPolicy/partners"));
    expect(touched).toContain("partner-duplicate-status");
    expect(touched).not.toContain("partner-duplicate-code");
    expect(ids(touchedBy("POST", "/v1.0/policies/crossTenantAccessPolicy/partners", "error.code"))).toEqual(expect.arrayContaining(["partner-duplicate-code", "error-envelope"]));
  });

  test("routes for every method and every path", () => {
    expect(ids(touchedBy("GET", "/v1.0/no/such/path"))).toEqual(expect.arrayContaining(["unknown-paths", "wrong-method", "throttled-429"]));
    expect(ids(touchedBy("POST", "/v1.0/servicePrincipals/abc/synchronization/jobs/Azure2Azure.x.y/restart/"))).toContain("restart-initial-cycle");
    expect(ids(touchedBy("GET", "/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.com')"))).toContain("tenant-information-unknown");
    expect(ids(touchedBy("GET", "/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId=%2700000ca1-0000-4000-8000-000000000ca1%27)"))).toContain(
      "tenant-information-lookup",
    );
    expect(ids(touchedBy("GET", "/v1.0/servicePrincipals/abc", "appRoles"))).toContain("replication-delay");
    expect(touchedBy("GET", "/v1.0/tenantRelationships/multiTenantOrganizationX")).not.toContainEqual(expect.objectContaining({ id: "org-creation-async" }));
  });
});
