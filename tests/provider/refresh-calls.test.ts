// What a refresh of an organization costs in Graph and Entra calls, counted by the emulator: as
// the dynamic-provider process runs it (configure once per resource kind, then every resource read
// at once), one token and one OpenID discovery per tenant, one member list for all the members and
// the owner's own record, one join-request read per member tenant. The shared list is never reused
// after a write; each resource kind's provider is serialized once, however many resources.
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import * as serializeClosure from "@pulumi/pulumi/runtime/closure/serializeClosure";
import { ProviderContext } from "../../provider/context";
import { joinRequestHandler, MultiTenantOrganizationJoinRequest } from "../../provider/resources/organization/join-request";
import { memberHandler, MultiTenantOrganizationMember } from "../../provider/resources/organization/member";
import { organizationHandler, MultiTenantOrganization } from "../../provider/resources/organization/organization";
import type { TestEmulator } from "../emulator/harness";
import { ATHENS, BERLIN, CAIRO, DENVER, calls, providerEmulator, tenantsConfig } from "./fixture";

jest.setTimeout(60_000);
const MTO = "/tenantRelationships/multiTenantOrganization";
const TOKEN = "POST /{tenant}/oauth2/v2.0/token";
const DISCOVERY = "GET /{tenant}/v2.0/.well-known/openid-configuration";
const MEMBERS = { berlin: BERLIN, athens: ATHENS, denver: DENVER };
let em: TestEmulator;
let config: Record<string, string>;
/** The handler of each resource kind, over the context the process's `configure` for that kind left. */
let org: ReturnType<typeof organizationHandler>;
let member: ReturnType<typeof memberHandler>;
let join: ReturnType<typeof joinRequestHandler>;

beforeEach(async () => {
  const started = await providerEmulator();
  em = started;
  config = tenantsConfig(em.url, { cairo: CAIRO, ...MEMBERS });
  org = organizationHandler(started.ctx);
  member = memberHandler(started.ctx);
  join = joinRequestHandler(started.ctx);
});
afterEach(async () => em?.dispose());

/** The organization of Cairo with Berlin, Athens and Denver active; the state each resource holds. */
async function organization() {
  const o = await org.create({ tenant: "cairo", displayName: "Cairo" });
  const states: State[] = [{ kind: "org", id: o.id, outs: o.outs }];
  for (const [alias, tenantId] of Object.entries(MEMBERS)) {
    const m = await member.create!({ tenant: "cairo", memberTenantId: tenantId, displayName: alias });
    const j = await join.create!({ tenant: alias, addedByTenantId: CAIRO });
    states.push({ kind: "member", id: m.id, outs: m.outs }, { kind: "join", id: j.id, outs: j.outs });
  }
  return states;
}

/** A resource's kind (read through the handler serving that kind now), id and state. */
type State = { kind: "org" | "member" | "join"; id: string; outs: unknown };
const handlerOf = (s: State): ResourceProvider<any, any> => ({ org, member, join })[s.kind];
const isMember = (s: State, tenantId = "") => s.kind === "member" && s.id.endsWith(tenantId);

/**
 * A new dynamic-provider process: no context yet, then `configure` once per resource kind (each
 * given the context the one before built), and each kind served over the context its configure left.
 */
function newProcess(): ProviderContext {
  let ctx: ProviderContext | undefined;
  const served: ProviderContext[] = [];
  for (let kind = 0; kind < 3; kind++) {
    ctx = ProviderContext.configure((key) => config[key], ctx);
    served.push(ctx);
  }
  org = organizationHandler(served[0]);
  member = memberHandler(served[1]);
  join = joinRequestHandler(served[2]);
  return served[2];
}

test("a refresh reads every member from one list and asks each tenant for one token", async () => {
  const states = await organization();
  newProcess();
  em.emulator.clearLog();
  const reads = await Promise.all(states.map((s) => handlerOf(s).read!(s.id, s.outs as never)));
  expect(reads.map((r) => r.id)).toEqual(states.map((s) => s.id));
  expect(reads.filter((_, i) => isMember(states[i])).map((r) => r.props)).toEqual(Object.values(MEMBERS).map(() => expect.objectContaining({ state: "active" })));
  expect(reads[0].props).toMatchObject({ state: "active", converged: true });
  expect(em.emulator.counters).toEqual({
    [`GET ${MTO}`]: 1,
    [`GET ${MTO}/tenants`]: 1, // the members' records and the owner's own
    [`GET ${MTO}/joinRequest`]: 3, // each member tenant's own, with its own token
    [TOKEN]: 4,
    [DISCOVERY]: 4,
  });
  const tenantsAsking = new Set(em.emulator.log.filter((e) => e.path.startsWith("/tenantRelationships")).map((e) => e.tenantId));
  expect(tenantsAsking).toEqual(new Set([CAIRO, ...Object.values(MEMBERS)]));
});

test("configure with other settings or another environment builds new clients", async () => {
  // Compared by identity only: a client printed in a failure message would show its credential.
  let ctx = newProcess();
  const before = ctx.graph("cairo");
  ctx = ProviderContext.configure((key) => config[key], ctx);
  expect(ctx.graph("cairo") === before).toBe(true);
  ctx = ProviderContext.configure((key) => tenantsConfig(em.url, { cairo: CAIRO })[key], ctx);
  const other = ctx.graph("cairo");
  expect(other === before).toBe(false);
  process.env.ENTRA_MTO_RETRIES = "1";
  try {
    ctx = ProviderContext.configure((key) => tenantsConfig(em.url, { cairo: CAIRO })[key], ctx);
    expect(ctx.graph("cairo") === other).toBe(false);
  } finally {
    delete process.env.ENTRA_MTO_RETRIES;
  }
});

test("operations of one tenant at once share one token request", async () => {
  newProcess();
  em.emulator.clearLog();
  await Promise.all(Array.from({ length: 5 }, () => org.read!(CAIRO, { tenant: "cairo", displayName: "Cairo" } as never)));
  expect(calls(em, TOKEN)).toBe(1);
  expect(calls(em, DISCOVERY)).toBe(1);
});

test("the shared member list is reused by reads only until this process writes", async () => {
  const states = await organization();
  const berlin = states.find((s) => isMember(s, BERLIN))!;
  const athens = states.find((s) => isMember(s, ATHENS))!;
  const list = () => calls(em, `GET ${MTO}/tenants`);
  em.emulator.clearLog();
  await member.read!(berlin.id, berlin.outs as never);
  await member.read!(athens.id, athens.outs as never);
  expect(list()).toBe(1);
  // A write (Berlin promoted) drops it: the next read asks Graph again and sees the new role.
  await member.update!(berlin.id, berlin.outs as never, { tenant: "cairo", memberTenantId: BERLIN, displayName: "berlin", role: "owner" });
  const after = await member.read!(berlin.id, berlin.outs as never);
  expect(list()).toBe(2);
  expect(after.props).toMatchObject({ role: "owner" });
  // A write that fails drops it too (Graph throttles it past its timeout here; an ambiguous failure
  // may have been applied).
  process.env.ENTRA_MTO_RETRIES = "0";
  newProcess();
  try {
    await member.read!(athens.id, athens.outs as never);
    expect(list()).toBe(3);
    em.emulator.setFaults({ seed: 1, rules: [{ kind: "throttle", match: `^PATCH ${MTO}/tenants/`, rate: 1, retryAfterSeconds: 0 }] });
    const demote = { tenant: "cairo", memberTenantId: BERLIN, displayName: "berlin", role: "member" as const, timeouts: { update: "1s" } };
    await expect(member.update!(berlin.id, after.props as never, demote)).rejects.toThrow(/429.*until the operation's timeout/i);
    em.emulator.faults.clear();
    await member.read!(athens.id, athens.outs as never);
    expect(list()).toBe(4);
  } finally {
    delete process.env.ENTRA_MTO_RETRIES;
    em.emulator.faults.clear();
  }
});

test("a list that failed is not kept", async () => {
  const states = await organization();
  const berlin = states.find((s) => isMember(s, BERLIN))!;
  process.env.ENTRA_MTO_RETRIES = "0";
  newProcess();
  try {
    // A dropped connection, once: a failure that is counted (throttling is waited out instead).
    em.emulator.setFaults({ seed: 1, rules: [{ kind: "drop", match: `^GET ${MTO}/tenants$`, rate: 1, times: 1 }] });
    await expect(member.read!(berlin.id, berlin.outs as never)).rejects.toMatchObject({ kind: "retryable", status: -1 });
    expect((await member.read!(berlin.id, berlin.outs as never)).props).toMatchObject({ state: "active" });
  } finally {
    delete process.env.ENTRA_MTO_RETRIES;
    em.emulator.faults.clear();
  }
});

describe("in a program", () => {
  beforeAll(() => {
    pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, "project", "stack", true);
  });

  test("each resource kind's provider is serialized once, however many resources", async () => {
    const serialize = jest.spyOn(serializeClosure, "serializeFunction");
    try {
      const o = new MultiTenantOrganization("org", { tenant: "cairo", displayName: "Cairo" });
      for (const alias of ["a", "b", "c", "d"]) {
        const m = new MultiTenantOrganizationMember(alias, { tenant: "cairo", memberTenantId: BERLIN, displayName: alias }, { dependsOn: [o] });
        new MultiTenantOrganizationJoinRequest(`${alias}-join`, { tenant: alias, addedByTenantId: CAIRO, memberAddedDateTime: m.addedDateTime });
      }
      await new Promise<void>((resolve) => o.urn.apply(() => resolve()));
      expect(serialize).toHaveBeenCalledTimes(3);
    } finally {
      serialize.mockRestore();
    }
  });
});
