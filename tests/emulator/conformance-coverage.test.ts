// Checks the project's conformance set (tests/emulator/conformance/exchanges/) against the external
// reading corpora it was written from (../shared/reference/graph-examples/ and its sync/ folder, each
// mapped by its INDEX.md): every exchange an index lists has a fixture naming its corpus file (or, for
// a row without a body, a fixture with its request and page), with the index's method, path, status
// and documentation page, unless it is one of the documented exceptions below. The corpora sit beside
// a clone, not in it: without one its suite is skipped under a name that says why, except under
// CI=true, where its absence fails.
import * as fs from "node:fs";
import * as path from "node:path";
import { type Fixture, loadFixtures } from "./conformance/fixtures";

const CORPUS = process.env.ENTRA_MTO_GRAPH_EXAMPLES ?? path.resolve(__dirname, "../../../shared/reference/graph-examples");
const SYNC_CORPUS = path.join(CORPUS, "sync");
const underCI = process.env.CI === "true";

/**
 * Corpus files of exchanges the emulator deliberately does not serve, each with the reason. Their
 * rows need no fixture; a fixture naming one of them is an error (the exception would be stale).
 */
const NOT_SERVED: Record<string, string> = {
  "sync-instantiate.docs.request.json":
    "another gallery application's template (SAML Toolkit): the emulator instantiates the cross-tenant synchronization template only (404 for others)",
  "sync-instantiate.docs.response.json": "the answer for another gallery application's template (SAML Toolkit)",
  "sync-job-create.docs.request.json": "another connector's job template (BoxOutDelta): a cross-tenant synchronization service principal has the Azure2Azure template only (400)",
  "sync-job-create.docs.response.json": "the answer for another connector's job template (BoxOutDelta)",
  "sync-schema-get.dirext.docs.response.json": "a Salesforce job's schema under /beta, with Salesforce's attribute definitions: not a cross-tenant synchronization schema",
  "sync-schema-update.docs.request.json": "a Salesforce schema sent to a job: a cross-tenant synchronization job refuses a schema without its user rule (schemaInvalid)",
  "sync-schema-update.dirext.docs.request.json":
    "a placeholder body (no rules) in a directory-extension tutorial for a Salesforce job; the emulator refuses a schema without its user rule",
  "sync-provisionondemand.docs.request.json": "on-demand provisioning to a SCIM application, with that application's rule id",
  "sync-provisionondemand.docs.response.json": "the SCIM application's answer form (a skip report keyed by the SCIM connector), not the cross-tenant one",
  "sync-provisionondemand.ad2aad.docs.request.json": "Cloud Sync (on-premises Active Directory to Entra, a distinguished name as subject): not cross-tenant synchronization",
  "sync-step2-identitysync-put.error-409.response.json":
    "a 409 for a PUT of an existing identity synchronization policy, seen in a troubleshooting transcript; the emulator treats the PUT as the CSDL's update (a second PUT replaces the policy, as the v1.0 PUT page and Microsoft's SDK use it)",
  "sync-provisioninglogs-list.error.docs.response.json":
    "an export failure from a conflicting object in another connector's target; the emulator's targets never conflict, so its events succeed or are skipped",
};

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

/**
 * The Learn URLs of a source cell that names several pages ("DOCS v1.0 …-start.md @x, …-pause.md @y"):
 * a name beginning with "…" keeps the last Graph API page's name (of those `seen`) up to its last "-".
 */
function pagesOf(source: string, seen: string[]): (string | undefined)[] {
  if (!/^DOCS (v1\.0|beta) …/.test(source)) return [pageOf(source, seen)];
  const lastGraphPage = seen.findLast((p) => p.includes("/graph/api/"));
  const version = /\b(v1\.0|beta)\b/.exec(source)![1];
  return [...source.matchAll(/…([\w-]+)\.md/g)].map((m) => {
    const stem = lastGraphPage && /\/graph\/api\/([\w-]+)\?/.exec(lastGraphPage)?.[1];
    return stem ? `https://learn.microsoft.com/en-us/graph/api/${stem.slice(0, stem.lastIndexOf("-"))}${m[1]}?view=graph-rest-${version === "beta" ? "beta" : "1.0"}` : undefined;
  });
}

/** The Learn (or SDK design) URL of a source cell: Graph API pages, Graph concept pages, the Entra how-tos. */
function pageOf(source: string, seen: string[] = []): string | undefined {
  if (/^ENTRA-CTSG\b/.test(source)) return "https://learn.microsoft.com/en-us/entra/identity/multi-tenant-organizations/cross-tenant-synchronization-configure-graph";
  const provisioning = /^ENTRA-AP ([\w-]+)\.md/.exec(source);
  if (provisioning) return `https://learn.microsoft.com/en-us/entra/identity/app-provisioning/${provisioning[1]}`;
  // "concepts/…directory-extension-attributes.md": the last concept page seen ending so.
  const shortConcept = /concepts\/…([\w-]+)\.md/.exec(source);
  if (shortConcept) return seen.findLast((p) => !p.includes("/graph/api/") && p.endsWith(shortConcept[1]));
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
    .split(/('[^']*'|\{[^}]*\}|[\w-]*(?:\.\.\.|…))/)
    .map((piece, i) =>
      i % 2 === 0 ? piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "(?: |%20|\\+)") : piece.startsWith("'") ? "'[^']*'" : piece.startsWith("{") ? "[^/]+" : ".*",
    )
    .join("");
  return new RegExp(`^${/^\/(v1\.0|beta)\//.test(token) || /^(\.\.\.|…)/.test(token) ? "" : "(/(v1\\.0|beta))?"}${body}$`);
}

const METHOD = "GET|POST|PUT|PATCH|DELETE";

/**
 * The rows of an INDEX.md's table; "same" in a cell means the row above's value ("same action": its
 * request; "same PUT …": its path). A row whose first cell names no file ("(no body)") stands for
 * each request of its exchange cell, paired with the pages of its source cell, one row each.
 */
function readIndex(dir = CORPUS): Row[] {
  const rows: Row[] = [];
  let page: string | undefined;
  const seen: string[] = [];
  let method: string | undefined;
  let pathToken: string | undefined;
  for (const line of fs.readFileSync(path.join(dir, "INDEX.md"), "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (!line.startsWith("|") || cells.length < 6 || cells[1] === "file" || /^-+$/.test(cells[1])) continue;
    const [, label, exchange, status, source] = cells;
    const pages = /^same\b/.test(source) ? [page] : pagesOf(source, seen);
    page = pages[pages.length - 1];
    for (const p of pages) if (p?.startsWith("https://learn.microsoft.com/en-us/graph/")) seen.push(p);
    const code = /^(\d{3})\b/.exec(status);
    // A request's path ends at the first space, except for an $orderby direction.
    const requests = [...exchange.matchAll(new RegExp(`(?:^|, )(${METHOD})\\s+([^\\s,]+(?: (?:asc|desc)\\b)?)`, "g"))].map((m) => ({ method: m[1], token: m[2] }));
    const same = new RegExp(`^same (action|${METHOD})\\b`).exec(exchange);
    if (requests.length === 0 && same) requests.push({ method: same[1] === "action" ? method! : same[1], token: "same" });
    const noFile = !/\.json\b/.test(label);
    (noFile ? requests : [requests[0]]).forEach((request, i) => {
      if (request) {
        method = request.method;
        pathToken = request.token === "same" ? pathToken : request.token;
      }
      rows.push({
        label: noFile ? `${label} ${request?.method} ${request?.token}` : label,
        files: noFile ? [] : expandFiles(label),
        method: request?.method,
        path: request && pathToken ? pathPattern(pathToken) : undefined,
        status: code ? Number(code[1]) : undefined,
        page: noFile ? pages[Math.min(i, pages.length - 1)] : page,
      });
    });
  }
  return rows;
}

/** What is wrong with the fixtures for one row (nothing when each file has a fixture agreeing with the row). */
function problems(row: Row, fixtures: Fixture[]): string[] {
  const out: string[] = [];
  if (!row.page) out.push(`cannot tell the source page of '${row.label}'`);
  if (row.files.length === 0) {
    // A row without a body: some fixture sends its request and names its page.
    const agrees = (f: Fixture) => f.method === row.method && !!row.path?.test(f.path) && (!row.status || f.status === row.status) && f.source === row.page;
    if (!row.method || !row.path) out.push(`'${row.label}': names neither a file nor a request`);
    else if (!fixtures.some(agrees)) out.push(`'${row.label}': no fixture sends ${row.method} ${row.path} with status ${row.status} and source ${row.page}`);
  }
  for (const file of row.files.filter((f) => !(f in NOT_SERVED))) {
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
    expect(pageOf("ENTRA-AP how-provisioning-works.md @009a8a8d")).toBe("https://learn.microsoft.com/en-us/entra/identity/app-provisioning/how-provisioning-works");
    const restart = "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-restart?view=graph-rest-1.0";
    expect(pagesOf("DOCS v1.0 …-start.md @1, …-delete.md @2", [restart])).toEqual([restart.replace("restart", "start"), restart.replace("restart", "delete")]);
  });
  test("a documented path matches fixtures' paths with their own ids and versions", () => {
    expect(pathPattern(".../tenants/{tenantId}").test("/v1.0/tenantRelationships/multiTenantOrganization/tenants/00000be1-0000-4000-8000-000000000be1")).toBe(true);
    expect(pathPattern("/x/byId(tenantId='6babcaad-...')").test("/beta/x/byId(tenantId='00000be1-0000')")).toBe(true);
    expect(pathPattern("/x/partners?$select=tenantId").test("/v1.0/x/partners?$select=tenantId")).toBe(true);
    expect(pathPattern("/x/tenants/{tenantId}").test("/v1.0/x/tenant/abc")).toBe(false);
    expect(pathPattern("/v1.0/sp/9028d19c-…/a?$orderby=t desc").test("/v1.0/sp/e0000000-0000/a?$orderby=t desc")).toBe(true);
  });
});

/** Every corpus name listed by the indexes present, so a fixture may name a file of either corpus. */
const allListed = (): Set<string> =>
  new Set([CORPUS, SYNC_CORPUS].filter((dir) => fs.existsSync(path.join(dir, "INDEX.md"))).flatMap((dir) => readIndex(dir).flatMap((r) => r.files)));

function coverage(name: string, dir: string): void {
  const available = fs.existsSync(path.join(dir, "INDEX.md"));
  const missing = available
    ? ""
    : underCI
      ? ` (no corpus at ${dir}: required under CI=true)`
      : ` (skipped: no corpus at ${dir}; it sits at ../shared beside a clone, or set ENTRA_MTO_GRAPH_EXAMPLES)`;
  (available || underCI ? describe : describe.skip)(`the conformance fixtures cover ${name}/INDEX.md${missing}`, () => {
    test("the corpus is present", () => {
      if (!available) throw new Error(`CI=true, and the conformance corpus is missing at ${dir} (INDEX.md not found)`);
    });
    if (!available) return;

    const rows = readIndex(dir);
    const fixtures = loadFixtures();

    test("INDEX.md lists every JSON file of the corpus, and every corpus name a fixture gives is listed by an index", () => {
      const listed = new Set(rows.flatMap((r) => r.files));
      const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
      expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
      const anywhere = allListed();
      expect(fixtures.flatMap((f) => f.corpus.filter((c) => !anywhere.has(c)).map((c) => `${f.id}: ${c}`))).toEqual([]);
    });

    test("each exception names a file of an index, and no fixture names an exception", () => {
      const anywhere = allListed();
      const own = Object.keys(NOT_SERVED).filter((f) => fs.existsSync(path.join(dir, f)));
      expect(Object.keys(NOT_SERVED).filter((f) => !anywhere.has(f))).toEqual([]);
      expect(fixtures.flatMap((f) => f.corpus.filter((c) => own.includes(c)).map((c) => `${f.id}: ${c} is listed as not served`))).toEqual([]);
    });

    test.each(rows.map((r) => [r.label, r] as const))("%s: has a fixture with the index's method, path, status and page", (_label, row) => {
      expect(problems(row, fixtures)).toEqual([]);
    });
  });
}

coverage("graph-examples", CORPUS);
coverage("graph-examples/sync", SYNC_CORPUS);
