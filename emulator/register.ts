// The emulator's behaviour register: every behaviour emulator/README.md describes, with the evidence
// it rests on. A replay of real Graph exchanges against the emulator names the entries each difference
// touches (touchedBy), so a difference points at the assumption it disproves, or at a documented
// behaviour the emulator got wrong. The entries live in emulator/register/<area>.ts.
import { CTS_ENTRIES } from "./register/cts";
import { CTS_JOB_ENTRIES } from "./register/cts-job";
import { MTO_ENTRIES } from "./register/mto";
import { REQUEST_ENTRIES } from "./register/requests";
import { XTAP_ENTRIES } from "./register/xtap";

/**
 * documented: a Microsoft page says so; observed: a recording of the real service shows it;
 * assumed: the emulator's own choice where the docs are silent or disagree.
 */
export type Evidence = "documented" | "observed" | "assumed";

export interface Behaviour {
  /** Stable kebab-case id, e.g. "join-failure-details". */
  id: string;
  /** What the emulator does, in one sentence. */
  says: string;
  /** A phrase that appears verbatim (case-sensitive, whitespace-normalised) in exactly one bullet or paragraph of emulator/README.md, the one describing this behaviour. */
  readme: string;
  evidence: Evidence;
  /** documented: the learn.microsoft.com page (https://learn.microsoft.com/...); observed: the recording's file name; assumed: omitted. */
  source?: string;
  /** The exchanges it governs: "METHOD /path" without the version prefix, path segments in braces for ids ("PATCH /tenantRelationships/multiTenantOrganization/tenants/{id}"), "*" for any method; "* *" for behaviours of every route (errors envelope, unknown paths). */
  routes: string[];
  /** Response properties it governs, as dotted paths from the body root ("transitionDetails.details", "value[].state", "error.code"); omitted when it governs the status or the whole body. */
  properties?: string[];
  /** Durations of emulator/model/timing.ts it rests on (the TimingKind names), when it is about timing. */
  timing?: string[];
}

/** Every entry, grouped by area: the MTO, cross-tenant access, requests and errors, cross-tenant synchronization. */
export const REGISTER: readonly Behaviour[] = [...MTO_ENTRIES, ...XTAP_ENTRIES, ...REQUEST_ENTRIES, ...CTS_ENTRIES, ...CTS_JOB_ENTRIES];

/** A route of the register as a test over a method and a normalised path. */
interface RouteTest {
  method: string;
  path: RegExp | undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function compileRoute(route: string): RouteTest {
  const space = route.indexOf(" ");
  const method = route.slice(0, space).toUpperCase();
  const path = route.slice(space + 1);
  if (path === "*") return { method, path: undefined };
  // `{name}` stands for one segment (or the value inside a function call's quotes); it never takes a
  // `$` segment such as `$count`, which has a route of its own.
  const body = path
    .split(/(\{[^}]+\})/)
    .map((piece, i) => (i % 2 === 1 ? "[^/$][^/]*?" : escapeRegExp(piece)))
    .join("");
  return { method, path: new RegExp(`^${body}$`, "i") };
}

const COMPILED = new Map<Behaviour, RouteTest[]>(REGISTER.map((b) => [b, b.routes.map(compileRoute)]));

/** The Graph path of a request: no scheme and host, no query or fragment, no version prefix, no trailing slash, percent-decoded. */
export function graphPath(path: string): string {
  let p = path.replace(/^https?:\/\/[^/]+/i, "").split(/[?#]/)[0];
  try {
    p = decodeURIComponent(p);
  } catch {
    // a malformed escape: match the path as it is
  }
  if (!p.startsWith("/")) p = `/${p}`;
  p = p.replace(/^\/(v1\.0|beta)(?=\/|$)/i, "");
  p = p.replace(/\/+$/, "");
  return p === "" ? "/" : p;
}

/** A difference's property path in the register's notation: array indices as `[]`, no leading `$.`. */
function propertyPath(property: string): string {
  return property
    .replace(/^\$\.?/, "")
    .replace(/\[\d+\]/g, "[]")
    .replace(/\["([^"]*)"\]/g, ".$1");
}

function governs(entry: string, property: string): boolean {
  return property === entry || property.startsWith(`${entry}.`) || property.startsWith(`${entry}[`);
}

/** The entries an exchange's difference touches: routes matching method and path (version prefix and query stripped), and properties equal to or a prefix of the difference's property path (entries without properties match any property). */
export function touchedBy(method: string, path: string, property?: string): Behaviour[] {
  const m = method.toUpperCase();
  const p = graphPath(path);
  const prop = property === undefined || property === "" ? undefined : propertyPath(property);
  return REGISTER.filter((b) => {
    const routeMatches = COMPILED.get(b)!.some((r) => (r.method === "*" || r.method === m) && (r.path === undefined || r.path.test(p)));
    if (!routeMatches) return false;
    // A difference without a property (the status, the whole body) touches the entries that govern
    // the status or the whole body, not those scoped to a property. Behaviours of every route
    // (errors, throttling, permissions) bear on a status or an error, not on a property of a success.
    if (!b.properties) return prop === undefined || prop.startsWith("error") || !COMPILED.get(b)!.every((r) => r.path === undefined);
    return prop !== undefined && b.properties.some((e) => governs(e, prop));
  });
}
