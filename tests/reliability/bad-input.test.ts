// Bad input, table-driven: every case is refused at preview (check: the property and the rule, no
// Graph call) or fails at up (a handler against the emulator: Graph's code and what to do), never
// with a bare stack trace, never repeating a secret, and never leaving a state the next run cannot
// repair (where the case has a repair, the same operation succeeds once the input is fixed).
// docs/reliability.md ("Bad input") lists the same cases.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_WORLD, type World } from "../../emulator";
import { ProviderContext } from "../../provider/context";
import { joinRequestHandler } from "../../provider/resources/organization/join-request";
import { memberHandler } from "../../provider/resources/organization/member";
import { organizationHandler } from "../../provider/resources/organization/organization";
import { defaultsHandler } from "../../provider/resources/trust/defaults";
import { identitySyncHandler } from "../../provider/resources/trust/identity-sync";
import { identitySyncTemplateHandler } from "../../provider/resources/trust/identity-sync-template";
import { partnerHandler } from "../../provider/resources/trust/partner";
import { partnerTemplateHandler } from "../../provider/resources/trust/partner-template";
import { lookupProblems } from "../../provider/resources/trust/tenant-lookup";
import { type MultiTenantOrganizationTopologyArgs, checkTopology } from "../../provider/topology/args";
import { membershipHandler } from "../../provider/topology/membership";
import { ADMIN_APP, ATHENS, AUDITOR_APP, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { selfSignedCertificate } from "../emulator/certificates";

jest.setTimeout(120_000);

// ---- the world: the default one, an app consented in Cairo only, and a certificate nobody registered ----

const HOUR = 3600_000;
const unregistered = selfSignedCertificate();
const expired = selfSignedCertificate(new Date(Date.now() - 48 * HOUR), new Date(Date.now() - 24 * HOUR));
const CAIRO_ONLY_APP = {
  clientId: "c0c0c0c0-0000-4000-8000-00000000c002",
  displayName: "Cairo only",
  secrets: ["cairo-only-secret-1"],
  grants: { [CAIRO]: DEFAULT_WORLD.apps[0].grants[CAIRO] },
};
const WORLD: World = { ...DEFAULT_WORLD, apps: [...DEFAULT_WORLD.apps, CAIRO_ONLY_APP], limits: { maxActiveTenants: 2 } };
const SECRET = ADMIN_APP.secrets![0];
/** Looks like an Entra client secret (40 characters, "8Q~" at 4); a value no app has. */
const PASTED_SECRET = "Xyz8Q~abcdefghijklmnopqrstuvwxyz0123456789";
const PASTED_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwaXBlbGluZSJ9.c2lnbmF0dXJlLXZhbHVl";

let em: TestEmulator;
let scratch: string;
beforeAll(async () => {
  process.env.ENTRA_MTO_POLL_INITIAL_MS = "50";
  process.env.ENTRA_MTO_POLL_MAX_MS = "200";
  em = await testEmulator({ manualClock: false, profile: "fast", world: WORLD });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-bad-input-"));
});
afterAll(async () => {
  await em?.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

// ---- configuration ----

type TenantEntry = Record<string, unknown>;
const good = (tenantId: string): TenantEntry => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecret: SECRET });
const GOOD = { cairo: good(CAIRO), berlin: good(BERLIN), athens: good(ATHENS) };

/** The context the handlers below act in, as the last configureWith built it; and the handlers over it. */
let ctx: ProviderContext | undefined;
let join: ReturnType<typeof joinRequestHandler>;
let member: ReturnType<typeof memberHandler>;
let org: ReturnType<typeof organizationHandler>;
let sync: ReturnType<typeof identitySyncHandler>;
let partner: ReturnType<typeof partnerHandler>;
let template: ReturnType<typeof partnerTemplateHandler>;
let membership: ReturnType<typeof membershipHandler>;

/**
 * Configures the provider as a dynamic-provider process would be, with these tenants and keys: the
 * context follows the one before it (the same settings keep its clients; tenant names outlive it),
 * and every handler is built over it.
 */
function configureWith(tenants: Record<string, TenantEntry> = GOOD, extra: Record<string, string> = {}): ProviderContext {
  const config: Record<string, string> = { "entra-mto:tenants": JSON.stringify(tenants), "entra-mto:graphEndpoint": em.url, "entra-mto:authorityHost": em.url, ...extra };
  ctx = ProviderContext.configure((key) => config[key], ctx);
  join = joinRequestHandler(ctx);
  member = memberHandler(ctx);
  org = organizationHandler(ctx);
  sync = identitySyncHandler(ctx);
  partner = partnerHandler(ctx);
  template = partnerTemplateHandler(ctx);
  membership = membershipHandler(ctx);
  return ctx;
}

// ---- what the user sees ----

type Failure = { property: string; reason: string };
const lines = (r: { failures?: Failure[] }) => (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
const topology = (args: Partial<MultiTenantOrganizationTopologyArgs>) =>
  checkTopology(
    { displayName: "Org", owner: "cairo", tenants: { cairo: {}, berlin: { displayName: "Berlin" } }, ...args } as MultiTenantOrganizationTopologyArgs,
    ctx!.settings,
    [],
  );

/** The message of the error an operation fails with ("" if it does not fail). */
async function failure(op: () => Promise<unknown>): Promise<string> {
  try {
    await op();
  } catch (err) {
    return err instanceof Error ? err.message : String((err as { message?: string })?.message ?? err);
  }
  return "";
}

// ---- building blocks for up cases: handlers against the emulator ----

const orgInputs = { tenant: "cairo", displayName: "Cairo" };
const memberInputs = (alias: "berlin" | "athens", tenantId: string, extra: object = {}) => ({ tenant: "cairo", memberTenantId: tenantId, displayName: alias, ...extra });
async function organizationWith(...joined: ["berlin" | "athens", string][]): Promise<void> {
  await org.create!(orgInputs as never);
  for (const [alias, id] of joined) {
    await member.create!(memberInputs(alias, id) as never);
    await join.create!({ tenant: alias, addedByTenantId: CAIRO } as never);
  }
}
async function federatedToken(subject: string, lifetimeSeconds: number): Promise<string> {
  const r = await fetch(`${em.url}/_emulator/federation/token`, { method: "POST", body: JSON.stringify({ subject, lifetimeSeconds }) });
  return ((await r.json()) as { token: string }).token;
}
const file = (name: string, text: string) => {
  const p = path.join(scratch, name);
  fs.writeFileSync(p, text);
  return p;
};

interface Case {
  name: string;
  where: "preview" | "up";
  /** Preview: the failures as "property: reason" lines. Up: the error message. */
  run: () => Promise<string[] | string>;
  /** Preview: one line names the property and the rule. Up: Graph's code, and what to do. */
  expect: RegExp[];
  /** Values that must not appear in what the user sees. */
  secrets?: string[];
  /** Up: after the fix, the same operation succeeds. */
  repair?: () => Promise<unknown>;
  /** What Graph must show after the failure. */
  after?: () => Promise<unknown>;
}

const long = (n: number) => "N".repeat(n);

// biome-ignore format: one case per line reads as a table
const CASES: Case[] = [
  // ---- malformed ids, and ids carrying URL syntax: refused before they get near a URL ----
  { name: "member id that is not a GUID", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", "berlin") as never)), expect: [/^memberTenantId: required: a tenant id \(GUID\)/] },
  { name: "member id '../x'", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", "../x") as never)), expect: [/^memberTenantId: must be a tenant id \(GUID\): .*path or query characters/] },
  { name: "member id 'a/b'", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", "a/b") as never)), expect: [/^memberTenantId: .*path or query characters/] },
  { name: "member id with a query ('<guid>?$select=id')", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", `${BERLIN}?$select=id`) as never)), expect: [/^memberTenantId: .*path or query characters/] },
  { name: "partner id with '%2F'", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: `${BERLIN}%2F..%2Fdefault` } as never)), expect: [/^partnerTenantId: must be the partner's tenant id \(GUID\): .*path or query characters/] },
  { name: "user-sync partner id '<guid>/identitySynchronization'", where: "preview", run: async () => lines(await sync.check!({} as never, { tenant: "berlin", partnerTenantId: `${CAIRO}/identitySynchronization` } as never)), expect: [/^partnerTenantId: .*path or query characters/] },
  { name: "user-sync partner id with '?'", where: "preview", run: async () => lines(await sync.check!({} as never, { tenant: "berlin", partnerTenantId: `${CAIRO}?x=1` } as never)), expect: [/^partnerTenantId: .*path or query characters/] },
  { name: "join owner id '../x'", where: "preview", run: async () => lines(await join.check!({} as never, { tenant: "berlin", addedByTenantId: "../x" } as never)), expect: [/^addedByTenantId: must be the owner tenant's id \(GUID\): .*path or query characters/] },
  { name: "join owner id: the all-zero reset id", where: "preview", run: async () => lines(await join.check!({} as never, { tenant: "berlin", addedByTenantId: "00000000-0000-0000-0000-000000000000" } as never)), expect: [/^addedByTenantId: the all-zero id resets a join/] },
  { name: "topology member id with '#'", where: "preview", run: async () => lines(await membership.check!({} as never, { tenant: "cairo", displayName: "Org", members: { berlin: { tenantId: `${BERLIN}#x`, displayName: "B", role: "member" } } } as never)), expect: [/^members.berlin.tenantId: .*path or query characters/] },
  {
    name: "configured tenant id 'a/b' (it would reach the token URL)",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), tenantId: "a/b" } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.tenantId: must be a tenant id \(GUID\)/],
  },
  { name: "lookup domain with a path or query ('contoso.com/../x', 'contoso.com?x')", where: "preview", run: async () => [...lookupProblems(ctx!, { tenant: "cairo", domainName: "contoso.com/../x" }), ...lookupProblems(ctx!, { tenant: "cairo", domainName: "contoso.com?x" })], expect: [/^domainName: must be a domain name/] },
  { name: "partner id: the tenant's own", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: CAIRO } as never)), expect: [/^partnerTenantId: is the acting tenant's own id/] },

  // ---- organization rules ----
  { name: "an owner adding itself as a member", where: "preview", run: async () => lines(await member.check!({} as never, { tenant: "cairo", memberTenantId: CAIRO, displayName: "Cairo" } as never)), expect: [/^memberTenantId: is the owner tenant 'cairo' itself/] },
  { name: "a tenant joining its own organization", where: "preview", run: async () => lines(await join.check!({} as never, { tenant: "berlin", addedByTenantId: BERLIN } as never)), expect: [/^addedByTenantId: is the joining tenant 'berlin' itself/] },
  { name: "topology: the owner among the members", where: "preview", run: async () => lines(await membership.check!({} as never, { tenant: "cairo", displayName: "Org", members: { cairo: { tenantId: CAIRO, displayName: "C", role: "member" } } } as never)), expect: [/^members.cairo: is the owner tenant itself/] },
  {
    name: "duplicate tenants: two aliases for one tenant",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, twin: good(BERLIN) });
      return topology({ tenants: { cairo: {}, berlin: { displayName: "B" }, twin: { displayName: "T" } } });
    },
    expect: [/^tenants.twin: the same tenant \(.*\) as 'berlin'/],
  },
  { name: "duplicate tenants in the member set", where: "preview", run: async () => lines(await membership.check!({} as never, { tenant: "cairo", displayName: "Org", members: { berlin: { tenantId: BERLIN, displayName: "B", role: "member" }, athens: { tenantId: BERLIN, displayName: "A", role: "member" } } } as never)), expect: [/^members.athens: is the same tenant as 'berlin'/] },
  {
    name: "more tenants than the active-tenant limit",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:maxActiveTenants": "2" });
      return topology({ tenants: { cairo: {}, berlin: { displayName: "B" }, athens: { displayName: "A" } } });
    },
    expect: [/^tenants: 3 tenants, more than the 2 active tenants .*entra-mto:maxActiveTenants/],
  },
  {
    name: "more members than the limit (membership resource)",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:maxActiveTenants": "2" });
      return lines(await membership.check!({} as never, { tenant: "cairo", displayName: "Org", members: { berlin: { tenantId: BERLIN, displayName: "B", role: "member" }, athens: { tenantId: ATHENS, displayName: "A", role: "member" } } } as never));
    },
    expect: [/^members: 3 tenants with the owner: more than the 2 active tenants/],
  },
  { name: "demoting the last owner (the topology's owner declared a member)", where: "preview", run: async () => topology({ tenants: { cairo: { role: "member" }, berlin: { displayName: "B" } } }), expect: [/^tenants.cairo.role: the owner tenant cannot be a member/] },
  { name: "removing the creator (the owner dropped from tenants)", where: "preview", run: async () => topology({ tenants: { berlin: { displayName: "B" } } }), expect: [/^owner: 'cairo' is not one of tenants \(berlin\); .*promote another tenant first/] },

  // ---- unknown enum values ----
  { name: "unknown role", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", BERLIN, { role: "admin" }) as never)), expect: [/^role: must be 'owner' or 'member'/] },
  { name: "unknown wait policy", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, wait: "soon" } as never)), expect: [/^wait: must be 'converged' or 'accepted'/] },
  { name: "unknown template flag", where: "preview", run: async () => lines(await template.check!({} as never, { tenant: "cairo", templateApplicationLevel: ["allPartners"] } as never)), expect: [/^templateApplicationLevel\[0\]: unknown flag 'allPartners'/] },
  { name: "unknown access type", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: BERLIN, b2bCollaborationInbound: { usersAndGroups: { accessType: "permitted", targets: [{ target: "AllUsers", targetType: "user" }] } } } as never)), expect: [/^b2bCollaborationInbound.usersAndGroups.accessType: must be 'allowed' or 'blocked'/] },
  { name: "unknown target type", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: BERLIN, b2bDirectConnectOutbound: { usersAndGroups: { accessType: "allowed", targets: [{ target: "x", targetType: "device" }] } } } as never)), expect: [/targets\[0\].targetType: must be 'user' or 'group'/] },
  {
    name: "unknown auth method",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), auth: "magic" } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.auth: must be one of clientSecret, /],
  },
  {
    name: "unknown tenant setting (a typo such as 'secret')",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), secret: "x" } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.secret: unknown setting/],
  },

  // ---- wrong types ----
  { name: "tenant alias as a number", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, tenant: 42 } as never)), expect: [/^tenant: required: the alias of a tenant/] },
  { name: "display name as an object", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, displayName: { name: "Cairo" } } as never)), expect: [/^displayName: required: a non-empty string/] },
  { name: "member id as a list", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", [BERLIN] as never) as never)), expect: [/^memberTenantId: required: a tenant id \(GUID\), not a list/] },
  { name: "partner id as a number", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: 7 } as never)), expect: [/^partnerTenantId: required: the partner's tenant id \(GUID\), not a number/] },
  { name: "description as a number", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, description: 5 } as never)), expect: [/^description: must be a string/] },
  { name: "a trust flag as a string", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: BERLIN, inboundTrust: { isMfaAccepted: "yes" } } as never)), expect: [/^inboundTrust.isMfaAccepted: must be true or false/] },
  { name: "targets as an object", where: "preview", run: async () => lines(await partner.check!({} as never, { tenant: "cairo", partnerTenantId: BERLIN, b2bCollaborationInbound: { applications: { accessType: "allowed", targets: { target: "AllApplications" } } } } as never)), expect: [/^b2bCollaborationInbound.applications.targets: must list at least one target/] },
  { name: "timeouts as a string", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, timeouts: "30m" } as never)), expect: [/^timeouts: must be an object such as \{ create: '30m'/] },
  { name: "topology tenants as a list", where: "preview", run: async () => topology({ tenants: ["cairo", "berlin"] as never }), expect: [/^tenants: required: an object with every tenant/] },
  { name: "topology tenant as null", where: "preview", run: async () => topology({ tenants: { cairo: {}, berlin: null as never } }), expect: [/^tenants.berlin: must be an object/] },
  { name: "syncUsersFrom as a string", where: "preview", run: async () => topology({ tenants: { cairo: {}, berlin: { displayName: "B", syncUsersFrom: "cairo" as never } } }), expect: [/^tenants.berlin.syncUsersFrom: must be a list of tenant aliases/] },
  { name: "member set as a list", where: "preview", run: async () => lines(await membership.check!({} as never, { tenant: "cairo", displayName: "Org", members: [{ tenantId: BERLIN }] } as never)), expect: [/^members: must be an object/] },

  // ---- names ----
  { name: "empty organization name", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, displayName: "" } as never)), expect: [/^displayName: required: a non-empty string/] },
  { name: "blank member name", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", BERLIN, { displayName: "   " }) as never)), expect: [/^displayName: required: a non-empty string/] },
  { name: "organization name over 256 characters", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, displayName: long(257) } as never)), expect: [/^displayName: must be at most 256 characters \(it has 257\)/] },
  { name: "topology tenant name over 256 characters", where: "preview", run: async () => topology({ tenants: { cairo: {}, berlin: { displayName: long(300) } } }), expect: [/^tenants.berlin.displayName: must be at most 256 characters \(it has 300\)/] },
  { name: "description over 1024 characters", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, description: long(1025) } as never)), expect: [/^description: must be at most 1024 characters/] },
  { name: "a line break in a name", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", BERLIN, { displayName: "Berlin\nGmbH" }) as never)), expect: [/^displayName: must not contain control characters/] },

  // ---- unknown aliases ----
  { name: "unknown tenant alias", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, tenant: "nowhere" } as never)), expect: [/^tenant: tenant alias 'nowhere' is not configured under entra-mto:tenants/] },
  { name: "unknown alias in the member set", where: "preview", run: async () => lines(await membership.check!({} as never, { tenant: "cairo", displayName: "Org", members: { denver: { tenantId: BERLIN, displayName: "D", role: "member" } } } as never)), expect: [/^members.denver: tenant alias 'denver' is not configured/] },
  { name: "unknown alias in a topology (not configured)", where: "preview", run: async () => topology({ tenants: { cairo: {}, denver: { displayName: "D" } } }), expect: [/^tenants.denver: alias 'denver' is not configured under entra-mto:tenants/] },
  { name: "user sync from an alias outside the organization", where: "preview", run: async () => topology({ tenants: { cairo: {}, berlin: { displayName: "B", syncUsersFrom: ["athens"] } } }), expect: [/^tenants.berlin.syncUsersFrom: 'athens' is not a tenant of this organization/] },

  // ---- clouds and endpoints ----
  {
    name: "a national cloud (entra-mto:cloud)",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:cloud": "AzureUSGovernment" });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:cloud: 'AzureUSGovernment' is not supported; .*only in the global cloud/],
  },
  {
    name: "a national-cloud Graph endpoint",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:graphEndpoint": "https://graph.microsoft.us" });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:graphEndpoint: graph.microsoft.us is a national cloud/],
  },
  {
    name: "a national-cloud authority host",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:authorityHost": "https://login.chinacloudapi.cn" });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:authorityHost: login.chinacloudapi.cn is a national cloud/],
  },
  {
    name: "an endpoint that is not https",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:graphEndpoint": em.url.replace("https:", "http:") });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:graphEndpoint: must be an https URL/],
  },
  {
    name: "an endpoint carrying credentials (https://user:password@host)",
    where: "preview",
    run: async () => {
      configureWith(GOOD, { "entra-mto:graphEndpoint": em.url.replace("https://", "https://admin:hunter2-password@") });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:graphEndpoint: must not carry credentials/],
    secrets: ["hunter2-password"],
  },

  // ---- durations ----
  { name: "malformed duration ('ten minutes')", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, timeouts: { create: "ten minutes" } } as never)), expect: [/^timeouts.create: must be a duration such as '90s', '30m' or '2h'/] },
  { name: "duration without a unit ('30')", where: "preview", run: async () => lines(await member.check!({} as never, memberInputs("berlin", BERLIN, { timeouts: { update: "30" } }) as never)), expect: [/^timeouts.update: must be a duration/] },
  { name: "zero duration ('0s')", where: "preview", run: async () => lines(await join.check!({} as never, { tenant: "berlin", addedByTenantId: CAIRO, timeouts: { create: "0s" } } as never)), expect: [/^timeouts.create: must be longer than zero/] },
  { name: "unknown timeout ('read')", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, timeouts: { read: "5m" } } as never)), expect: [/^timeouts.read: unknown operation/] },

  // ---- certificates ----
  {
    name: "an expired certificate",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientCertificate", clientId: ADMIN_APP.clientId, certificatePem: expired.keyPem + expired.certPem } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.certificatePem: the certificate expired on \d{4}-.*create a new one/],
    secrets: [expired.keyPem],
  },
  {
    name: "an unreadable certificate file",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientCertificate", clientId: ADMIN_APP.clientId, certificatePath: path.join(scratch, "missing.pem") } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.certificatePath: the file .* cannot be read \(ENOENT\)/],
  },
  {
    name: "a certificate file without its private key",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientCertificate", clientId: ADMIN_APP.clientId, certificatePath: file("cert-only.pem", unregistered.certPem) } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.certificatePath: holds no private key/],
  },

  // ---- secrets pasted into fields that are not secret ----
  {
    name: "a client secret in clientId",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), clientId: PASTED_SECRET } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.clientId: looks like an Entra client secret; clientId is not secret/],
    secrets: [PASTED_SECRET],
  },
  {
    name: "a PEM private key in tenantId",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), tenantId: unregistered.keyPem } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.tenantId: looks like a PEM block/],
    secrets: [unregistered.keyPem, "PRIVATE KEY"],
  },
  {
    name: "a secret's value in clientSecretEnv (a variable name belongs there)",
    where: "preview",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: PASTED_SECRET } });
      return lines(await org.check!({} as never, orgInputs as never));
    },
    expect: [/^tenant: entra-mto:tenants.cairo.clientSecretEnv: looks like an Entra client secret/],
    secrets: [PASTED_SECRET],
  },
  { name: "a token (JWT) in displayName", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, displayName: `Cairo ${PASTED_JWT}` } as never)), expect: [/^displayName: looks like a token \(JWT\); this field is not secret/], secrets: [PASTED_JWT] },
  { name: "the configured client secret in description", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, description: `secret: ${SECRET}` } as never)), expect: [/^description: looks like a secret configured under entra-mto:tenants/], secrets: [SECRET] },
  { name: "a client secret in a topology tenant's name", where: "preview", run: async () => topology({ tenants: { cairo: {}, berlin: { displayName: PASTED_SECRET } } }), expect: [/^tenants.berlin.displayName: looks like an Entra client secret/], secrets: [PASTED_SECRET] },
  { name: "a client secret as the tenant alias", where: "preview", run: async () => lines(await org.check!({} as never, { ...orgInputs, tenant: PASTED_SECRET } as never)), expect: [/^tenant: looks like an Entra client secret; tenant, an alias, is not secret/], secrets: [PASTED_SECRET] },

  // ---- credentials and permissions, at up: Entra's or Graph's code, and what to change ----
  {
    name: "a wrong client secret",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), clientSecret: "wrong-secret-value" } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/AADSTS7000215/, /tenant 'cairo' \(auth clientSecret, app a0a0a0a0-/, /put the secret's value \(not its ID\) in entra-mto:tenants.cairo.clientSecret/],
    secrets: ["wrong-secret-value"],
    repair: () => (configureWith(), org.create!(orgInputs as never)),
  },
  {
    name: "a client secret variable that is not set",
    where: "up",
    run: async () => {
      delete process.env.ENTRA_MTO_BAD_INPUT_SECRET;
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: "ENTRA_MTO_BAD_INPUT_SECRET" } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/tenant 'cairo': the client secret is not set \(expected in the environment variable ENTRA_MTO_BAD_INPUT_SECRET\)/],
    repair: () => {
      process.env.ENTRA_MTO_BAD_INPUT_SECRET = SECRET;
      return org.create!(orgInputs as never);
    },
  },
  {
    name: "an unknown client id",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, cairo: { ...good(CAIRO), clientId: "ffffffff-0000-4000-8000-000000000000" } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/AADSTS700016/, /check entra-mto:tenants.cairo.clientId/],
    secrets: [SECRET],
  },
  {
    name: "an app without consent in the tenant",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, berlin: { tenantId: BERLIN, auth: "clientSecret", clientId: CAIRO_ONLY_APP.clientId, clientSecret: CAIRO_ONLY_APP.secrets[0] } });
      return failure(() => template.create!({ tenant: "berlin", inboundTrust: { isMfaAccepted: true } } as never));
    },
    expect: [/AADSTS7000229/, /grants it admin consent/],
    secrets: [CAIRO_ONLY_APP.secrets[0]],
  },
  {
    name: "a tenant id Entra does not know",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, cairo: good("99999999-0000-4000-8000-000000000000") });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/AADSTS90002/, /check entra-mto:tenants.cairo.tenantId/],
  },
  {
    name: "a missing permission (organization)",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: AUDITOR_APP.clientId, clientSecret: AUDITOR_APP.secrets![0] } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/403 Authorization_RequestDenied/, /needs the application permission MultiTenantOrganization.ReadWrite.All in this tenant, with admin consent/],
    secrets: [AUDITOR_APP.secrets![0]],
    repair: () => (configureWith(), org.create!(orgInputs as never)),
  },
  {
    name: "a missing permission (trust)",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientSecret", clientId: AUDITOR_APP.clientId, clientSecret: AUDITOR_APP.secrets![0] } });
      return failure(() => template.create!({ tenant: "cairo", inboundTrust: { isMfaAccepted: true } } as never));
    },
    expect: [/403 Authorization_RequestDenied/, /needs the application permission Policy.ReadWrite.CrossTenantAccess/],
    repair: () => (configureWith(), template.create!({ tenant: "cairo", inboundTrust: { isMfaAccepted: true } } as never)),
  },
  {
    name: "a certificate not registered for the app",
    where: "up",
    run: async () => {
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "clientCertificate", clientId: ADMIN_APP.clientId, certificatePath: file("unregistered.pem", unregistered.keyPem + unregistered.certPem) } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/AADSTS700027/, /add its public certificate to the app registration/],
    secrets: [unregistered.keyPem],
  },
  {
    name: "an expired federated assertion",
    where: "up",
    run: async () => {
      const tokenFilePath = file("expired-token", await federatedToken(ADMIN_APP.federated![0].subject, -120));
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "workloadIdentity", clientId: ADMIN_APP.clientId, tokenFilePath } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/AADSTS700024/, /give a fresh federated token/],
  },
  {
    name: "a federated assertion no credential of the app accepts",
    where: "up",
    run: async () => {
      const tokenFilePath = file("foreign-token", await federatedToken("repo:someone/else:ref:refs/heads/main", 600));
      configureWith({ ...GOOD, cairo: { tenantId: CAIRO, auth: "workloadIdentity", clientId: ADMIN_APP.clientId, tokenFilePath } });
      return failure(() => org.create!(orgInputs as never));
    },
    expect: [/AADSTS70021/, /add a matching federated credential/],
  },

  // ---- organization rules Graph enforces, at up ----
  {
    name: "a join toward the wrong owner",
    where: "up",
    run: async () => {
      await organizationWith();
      await member.create!(memberInputs("berlin", BERLIN) as never);
      return failure(() => join.create!({ tenant: "berlin", addedByTenantId: ATHENS } as never));
    },
    expect: [/join of berlin \(.*00000be1-.*\) into the organization of athens \(.*00000a7e-.*\) was refused by Graph \(The tenant has not been added/, /The owner named in the join must first add this tenant/],
    // Recorded as pending; the fixed program (the owner that added it) replaces it and converges.
    repair: () => join.create!({ tenant: "berlin", addedByTenantId: CAIRO } as never),
  },
  {
    name: "joining while active in another organization",
    where: "up",
    run: async () => {
      await organizationWith(["berlin", BERLIN]);
      configureWith({ ...GOOD });
      await org.create!({ tenant: "athens", displayName: "Athens" } as never);
      await member.create!({ tenant: "athens", memberTenantId: BERLIN, displayName: "Berlin" } as never);
      return failure(() => join.create!({ tenant: "berlin", addedByTenantId: ATHENS } as never));
    },
    expect: [/berlin \(.*00000be1-.*\) is already active in the organization of cairo \(.*00000ca1-.*\); remove it there before joining athens \(.*00000a7e-/],
    repair: async () => {
      await join.delete!(BERLIN, { tenant: "berlin", addedByTenantId: CAIRO } as never);
      await join.create!({ tenant: "berlin", addedByTenantId: ATHENS } as never);
    },
  },
  {
    name: "over the active-tenant limit at up (Graph's limit lower than the setting)",
    where: "up",
    run: async () => {
      await organizationWith(["berlin", BERLIN]);
      await member.create!(memberInputs("athens", ATHENS) as never);
      return failure(() => join.create!({ tenant: "athens", addedByTenantId: CAIRO } as never));
    },
    expect: [/refused by Graph \(The multitenant organization would exceed the maximum of 2 active tenants/, /Graph's limit may be lower than the setting/, /Remove a tenant first/],
    repair: async () => {
      await join.delete!(BERLIN, { tenant: "berlin", addedByTenantId: CAIRO } as never);
      await member.delete!(`${CAIRO}/${BERLIN}`, { ...memberInputs("berlin", BERLIN), ownerTenantId: CAIRO } as never);
      await join.update!(ATHENS, { tenant: "athens", addedByTenantId: CAIRO } as never, { tenant: "athens", addedByTenantId: CAIRO } as never);
    },
  },
  {
    name: "removing the last owner while members remain",
    where: "up",
    run: async () => {
      await organizationWith(["berlin", BERLIN]);
      return failure(() => org.delete!(CAIRO, { ...orgInputs, tenantId: CAIRO } as never));
    },
    expect: [/removing owner tenant .* to end its organization: DELETE .* failed: 400 .*The last owner tenant cannot leave while other tenants are active; designate another owner first/],
    repair: async () => {
      await join.delete!(BERLIN, { tenant: "berlin", addedByTenantId: CAIRO } as never);
      await org.delete!(CAIRO, { ...orgInputs, tenantId: CAIRO } as never);
    },
  },
  {
    name: "removing the creator through another owner",
    where: "up",
    run: async () => {
      await organizationWith(["berlin", BERLIN]);
      await member.update!(`${CAIRO}/${BERLIN}`, { ...memberInputs("berlin", BERLIN), ownerTenantId: CAIRO } as never, memberInputs("berlin", BERLIN, { role: "owner" }) as never);
      // Berlin, now an owner, declares Cairo (the creator) as a member of its own: create adopts it.
      const cairoSeenByBerlin = { tenant: "berlin", memberTenantId: CAIRO, displayName: "Cairo", role: "owner" };
      await member.create!(cairoSeenByBerlin as never);
      return failure(() => member.delete!(`${BERLIN}/${CAIRO}`, { ...cairoSeenByBerlin, ownerTenantId: BERLIN } as never));
    },
    expect: [/removing member cairo \(.*00000ca1-.*\) of the organization of berlin \(.*00000be1-.*\): cairo \(.*00000ca1-.*\) created the organization, and Graph lets no other tenant remove it; nothing was changed\. It leaves by itself/],
    // Refused before any write: the creator is still an owner (demoting it first would strand it).
    after: async () => expect((await em.graph(CAIRO).api(`/tenantRelationships/multiTenantOrganization/tenants/${CAIRO}`).get()).role).toBe("owner"),
  },
  {
    name: "user synchronization toward a partner with no partner configuration",
    where: "up",
    run: async () => failure(() => sync.create!({ tenant: "berlin", partnerTenantId: CAIRO, userSyncInbound: { isSyncAllowed: true } } as never)),
    expect: [/berlin \(.*00000be1-.*\) has no partner configuration for cairo \(.*00000ca1-.*\), .* declare a CrossTenantAccessPartner for it/],
    repair: async () => {
      await partner.create!({ tenant: "berlin", partnerTenantId: CAIRO } as never);
      await sync.create!({ tenant: "berlin", partnerTenantId: CAIRO, userSyncInbound: { isSyncAllowed: true } } as never);
    },
  },
];

/** A stack trace's frame line, e.g. "    at Object.<anonymous> (/x.js:1:2)". */
const STACK_FRAME = /\n\s+at .+[(:]\d+/;

test("the table has at least 40 cases, each with its own name", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe.each(["preview", "up"] as const)("caught at %s", (where) => {
  test.each(CASES.filter((c) => c.where === where).map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    em.emulator.reset();
    configureWith();
    const before = em.emulator.log.length;
    const seen = await c.run();
    const text = Array.isArray(seen) ? seen.join("\n") : seen;
    if (where === "preview") {
      // Refused by check, with the property and the rule, before any Graph call.
      expect(Array.isArray(seen) && seen.length > 0).toBe(true);
      for (const pattern of c.expect) expect(seen as string[]).toContainEqual(expect.stringMatching(pattern));
      expect(em.emulator.log.length).toBe(before);
    } else {
      expect(typeof seen).toBe("string");
      expect(text).not.toBe("");
      for (const pattern of c.expect) expect(text).toMatch(pattern);
    }
    expect(text).not.toMatch(STACK_FRAME);
    for (const s of c.secrets ?? []) expect(text).not.toContain(s);
    if (c.after) await c.after();
    if (c.repair) await c.repair();
  });
});

// Any property of any resource, given a value of the wrong kind, gets check failures, never an
// exception (the engine would show it as a stack trace).

const WRONG: unknown[] = [42, true, null, {}, [], ["x"], { a: { b: [1] } }, "", "../x", "a/b?c=%2F#", long(5000), PASTED_SECRET];
const VALID: [string, (ctx: ProviderContext) => { check?: (o: never, n: never) => Promise<{ failures?: Failure[] }> }, Record<string, unknown>][] = [
  ["MultiTenantOrganization", organizationHandler, { ...orgInputs, description: "d", wait: "accepted", timeouts: { create: "1m" } }],
  ["MultiTenantOrganizationMember", memberHandler, memberInputs("berlin", BERLIN, { role: "owner" })],
  ["MultiTenantOrganizationJoinRequest", joinRequestHandler, { tenant: "berlin", addedByTenantId: CAIRO, memberAddedDateTime: "2026-01-01T00:00:00Z" }],
  [
    "CrossTenantAccessPartner",
    partnerHandler,
    {
      tenant: "cairo",
      partnerTenantId: BERLIN,
      inboundTrust: { isMfaAccepted: true },
      b2bCollaborationInbound: { usersAndGroups: { accessType: "allowed", targets: [{ target: "AllUsers", targetType: "user" }] } },
      tenantRestrictions: { devices: { mode: "allowed", rule: "x" } },
    },
  ],
  ["CrossTenantIdentitySync", identitySyncHandler, { tenant: "berlin", partnerTenantId: CAIRO, displayName: "Cairo", userSyncInbound: { isSyncAllowed: true } }],
  [
    "MultiTenantOrganizationPartnerConfigurationTemplate",
    partnerTemplateHandler,
    { tenant: "cairo", templateApplicationLevel: ["newPartners"], automaticUserConsentSettings: { inboundAllowed: true } },
  ],
  ["MultiTenantOrganizationIdentitySyncPolicyTemplate", identitySyncTemplateHandler, { tenant: "cairo", templateApplicationLevel: [], userSyncInbound: { isSyncAllowed: true } }],
  ["CrossTenantAccessDefaults", defaultsHandler, { tenant: "cairo", inboundTrust: { isMfaAccepted: false } }],
  [
    "MultiTenantOrganizationMembership",
    membershipHandler,
    { tenant: "cairo", displayName: "Org", description: "d", members: { berlin: { tenantId: BERLIN, displayName: "B", role: "member" } } },
  ],
];

test.each(VALID)("%s: valid inputs pass; a wrong value in any property fails check with reasons, never an exception", async (_kind, handlerOf, valid) => {
  const handler = handlerOf(configureWith());
  expect((await handler.check!({} as never, valid as never)).failures).toEqual([]);
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    paths.push(at);
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  for (const [k, v] of Object.entries(valid)) walk(v, [k]);
  for (const at of paths) {
    for (const wrong of WRONG) {
      const news = structuredClone(valid);
      let cursor = news as Record<string, unknown>;
      for (const k of at.slice(0, -1)) cursor = cursor[k] as Record<string, unknown>;
      cursor[at[at.length - 1]] = wrong;
      const r = await handler.check!({} as never, news as never);
      for (const f of r.failures ?? []) {
        expect(typeof f.property).toBe("string");
        expect(f.reason).not.toContain(PASTED_SECRET);
      }
    }
  }
});

test("topology: a wrong value anywhere in the declaration gives problems, never an exception", () => {
  configureWith();
  const valid = {
    displayName: "Org",
    description: "d",
    owner: "cairo",
    wait: "converged",
    timeouts: { create: "5m" },
    tenants: {
      cairo: { trust: { inboundTrust: { isMfaAccepted: true } } },
      berlin: {
        displayName: "Berlin",
        role: "owner",
        syncUsersFrom: ["cairo"],
        partners: { cairo: { inboundTrust: { isMfaAccepted: true } } },
        templates: { partner: { templateApplicationLevel: ["newPartners"] } },
        defaults: { inboundTrust: { isMfaAccepted: false } },
      },
    },
    trust: { automaticUserConsentSettings: { inboundAllowed: true } },
    templates: { identitySync: { userSyncInbound: { isSyncAllowed: true } } },
  };
  expect(topology(valid as never)).toEqual([]);
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    paths.push(at);
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  for (const [k, v] of Object.entries(valid)) walk(v, [k]);
  for (const at of paths) {
    for (const wrong of WRONG) {
      const args = structuredClone(valid) as Record<string, unknown>;
      let cursor = args;
      for (const k of at.slice(0, -1)) cursor = cursor[k] as Record<string, unknown>;
      cursor[at[at.length - 1]] = wrong;
      for (const line of topology(args as never)) expect(line).not.toContain(PASTED_SECRET);
    }
  }
});
