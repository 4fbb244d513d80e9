// Checks the project's conformance set (tests/emulator/conformance/exchanges/) against the external
// reading corpus it was written from (../shared/reference/graph-examples/, mapped by its INDEX.md):
// every exchange the index lists has a fixture naming its corpus file, with the index's method, path,
// status and documentation page. The corpus sits beside a clone, not in it: without it this suite is
// skipped under a name that says why, except under CI=true, where its absence fails.
import * as fs from "node:fs";
import * as path from "node:path";
import { type Fixture, loadFixtures } from "./conformance/fixtures";

const CORPUS = process.env.ENTRA_MTO_GRAPH_EXAMPLES ?? path.resolve(__dirname, "../../../shared/reference/graph-examples");
const available = fs.existsSync(path.join(CORPUS, "INDEX.md"));
const underCI = process.env.CI === "true";

interface Row {
  /** The row's first cell as written, e.g. "mto-create.request.json / .response.json". */
  label: string;
  files: string[];
  method?: string;
  /** The documented path with example values as wildcards; absent for rows that name no request. */
  path?: RegExp;
  status?: number;
  /** The documentation page the row's source cell names, as a URL. */
  page?: string;
}

/** "a.b.request.json / .response.json": an abbreviation replaces as many trailing dot-segments of the first name. */
function expandFiles(cell: string): string[] {
  const [first, ...rest] = cell.split(" / ").map((s) => s.trim());
  return [
    first,
    ...rest.map((r) =>
      r.startsWith(".")
        ? first
            .split(".")
            .slice(0, -(r.split(".").length - 1))
            .join(".") + r
        : r,
    ),
  ];
}

/** The Learn (or SDK design) URL of a source cell: Graph API pages, Graph concept pages, the Entra how-tos. */
function pageOf(source: string): string | undefined {
  const sdk = /microsoftgraph\.github\.io\/\S+?\.html/.exec(source);
  if (sdk) return `https://${sdk[0]}`;
  const api = /(v1\.0|beta)\/api\/([\w-]+)\.md/.exec(source);
  if (api) return `https://learn.microsoft.com/en-us/graph/api/${api[2]}?view=graph-rest-${api[1] === "beta" ? "beta" : "1.0"}`;
  const concept = /concepts\/([\w-]+)\.md/.exec(source);
  if (concept) return `https://learn.microsoft.com/en-us/graph/${concept[1]}`;
  const entra = /\bENTRA\b.*?(configure-[a-z]+)/.exec(source);
  if (entra) return `https://learn.microsoft.com/en-us/entra/identity/multi-tenant-organizations/multi-tenant-organization-${entra[1]}`;
  return undefined;
}

/** A documented path ("GET .../tenants/{tenantId}") as a pattern over a fixture's path. */
function pathPattern(token: string): RegExp {
  const body = token
    .split(/('[^']*'|\{[^}]*\}|[\w-]*\.\.\.)/)
    .map((piece, i) => (i % 2 === 0 ? piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : piece.startsWith("'") ? "'[^']*'" : piece.startsWith("{") ? "[^/]+" : ".*"))
    .join("");
  return new RegExp(`^${/^\/(v1\.0|beta)\//.test(token) || token.startsWith("...") ? "" : "(/(v1\\.0|beta))?"}${body}$`);
}

/** The rows of INDEX.md's table; "same" in a cell means the row above's value. */
function readIndex(): Row[] {
  const rows: Row[] = [];
  let page: string | undefined;
  let pathToken: string | undefined;
  for (const line of fs.readFileSync(path.join(CORPUS, "INDEX.md"), "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (!line.startsWith("|") || cells.length < 6 || cells[1] === "file" || /^-+$/.test(cells[1])) continue;
    const [, label, exchange, status, source] = cells;
    page = /^same\b/.test(source) ? page : pageOf(source);
    const request = /^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)/.exec(exchange);
    if (request) pathToken = request[2] === "same" ? pathToken : request[2];
    const code = /^(\d{3})\b/.exec(status);
    rows.push({
      label,
      files: expandFiles(label),
      method: request?.[1],
      path: request && pathToken ? pathPattern(pathToken) : undefined,
      status: code ? Number(code[1]) : undefined,
      page,
    });
  }
  return rows;
}

/** What is wrong with the fixtures for one row (nothing when each file has a fixture agreeing with the row). */
function problems(row: Row, fixtures: Fixture[]): string[] {
  const out: string[] = [];
  if (!row.page) out.push(`cannot tell the source page of '${row.label}'`);
  for (const file of row.files) {
    const covering = fixtures.filter((f) => f.corpus.includes(file));
    if (covering.length === 0) out.push(`${file}: no fixture names it in "corpus"`);
    for (const f of covering) {
      if (row.method && f.method !== row.method) out.push(`${f.id}: method ${f.method}, the index says ${row.method}`);
      if (row.path && !row.path.test(f.path)) out.push(`${f.id}: path ${f.path} does not match the index's ${row.path}`);
      if (row.status && f.status !== row.status) out.push(`${f.id}: status ${f.status}, the index says ${row.status}`);
      if (row.page && f.source !== row.page) out.push(`${f.id}: source ${f.source}, the index's page is ${row.page}`);
    }
  }
  return [...new Set(out)];
}

// The reading of INDEX.md itself, on cells as the index writes them (runs with or without the corpus).
describe("reading INDEX.md", () => {
  test("an abbreviated second name replaces as many trailing segments of the first", () => {
    expect(expandFiles("a-b.beta.request.json / .response.json")).toEqual(["a-b.beta.request.json", "a-b.beta.response.json"]);
    expect(expandFiles("t-get.unconfigured.response.json / .configured.response.json")).toEqual(["t-get.unconfigured.response.json", "t-get.configured.response.json"]);
    expect(expandFiles("x.request.json / x.response.json")).toEqual(["x.request.json", "x.response.json"]);
  });
  test("a source cell gives its page's URL", () => {
    expect(pageOf("DOCS api-reference/v1.0/api/some-get.md @0d05e726")).toBe("https://learn.microsoft.com/en-us/graph/api/some-get?view=graph-rest-1.0");
    expect(pageOf("DOCS beta/api/some-get.md @122c4921")).toBe("https://learn.microsoft.com/en-us/graph/api/some-get?view=graph-rest-beta");
    expect(pageOf("DOCS concepts/json-batching.md @028b8e35")).toBe("https://learn.microsoft.com/en-us/graph/json-batching");
    expect(pageOf("ENTRA configure-graph (learn-id 1)")).toBe(
      "https://learn.microsoft.com/en-us/entra/identity/multi-tenant-organizations/multi-tenant-organization-configure-graph",
    );
    expect(pageOf("unknown")).toBeUndefined();
  });
  test("a documented path matches fixtures' paths with their own ids and versions", () => {
    expect(pathPattern(".../tenants/{tenantId}").test("/v1.0/tenantRelationships/multiTenantOrganization/tenants/00000be1-0000-4000-8000-000000000be1")).toBe(true);
    expect(pathPattern("/x/byId(tenantId='6babcaad-...')").test("/beta/x/byId(tenantId='00000be1-0000')")).toBe(true);
    expect(pathPattern("/x/partners?$select=tenantId").test("/v1.0/x/partners?$select=tenantId")).toBe(true);
    expect(pathPattern("/x/tenants/{tenantId}").test("/v1.0/x/tenant/abc")).toBe(false);
  });
});

const missing = available
  ? ""
  : underCI
    ? ` (no corpus at ${CORPUS}: required under CI=true)`
    : ` (skipped: no corpus at ${CORPUS}; it sits at ../shared beside a clone, or set ENTRA_MTO_GRAPH_EXAMPLES)`;
(available || underCI ? describe : describe.skip)(`the conformance fixtures cover the external corpus's INDEX.md${missing}`, () => {
  test("the corpus is present", () => {
    if (!available) throw new Error(`CI=true, and the conformance corpus is missing at ${CORPUS} (INDEX.md not found)`);
  });
  if (!available) return;

  const rows = readIndex();
  const fixtures = loadFixtures();

  test("INDEX.md lists every JSON file of the corpus, and every corpus name a fixture gives is one of them", () => {
    const listed = new Set(rows.flatMap((r) => r.files));
    const onDisk = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".json"));
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
    expect(fixtures.flatMap((f) => f.corpus.filter((c) => !listed.has(c)).map((c) => `${f.id}: ${c}`))).toEqual([]);
  });

  test.each(rows.map((r) => [r.label, r] as const))("%s: has a fixture with the index's method, path, status and page", (_label, row) => {
    expect(problems(row, fixtures)).toEqual([]);
  });
});
