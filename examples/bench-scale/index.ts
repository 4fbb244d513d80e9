// The stack bench/refresh-scale.ts refreshes: an organization of N member tenants with one
// resource per Graph object (the organization, N members, N join requests: 2N + 1 resources), or,
// with `mode: floor`, the same number of no-op dynamic resources with the same dependencies, inputs
// and outputs (the floor the refresh is measured against). Stack configuration:
//   members             N; the tenants are the aliases owner, m1 ... mN of entra-mto:tenants
//   mode                organization (default) | floor
import * as pulumi from "@pulumi/pulumi";
import { MultiTenantOrganization, MultiTenantOrganizationJoinRequest, MultiTenantOrganizationMember } from "pulumi-entra-mto";

const config = new pulumi.Config();
const n = config.requireNumber("members");
const aliases = Array.from({ length: n }, (_, i) => `m${i + 1}`);

if (config.get("mode") === "floor") {
  // No-op providers, one per kind as the real resources have: create fills the outputs the real
  // kind declares with values of the same shape, read returns what the state holds. The resources
  // declare the same inputs and outputs as the real ones, so the engine handles the same
  // properties: the refresh differs only in what the provider does. Object literals capturing
  // nothing but their own data, like the package's own providers.
  type Props = Record<string, unknown>;
  const noop = (inputKeys: string[], outputs: Props): pulumi.dynamic.ResourceProvider => ({
    async check(_olds: Props, news: Props) {
      return { inputs: news };
    },
    async diff(_id: string, olds: Props, news: Props) {
      // What the program declares, against what the state holds (an undeclared input is not a change).
      return { changes: inputKeys.some((k) => k in news && JSON.stringify(olds[k]) !== JSON.stringify(news[k])) };
    },
    async create(inputs: Props) {
      return { id: `${inputs.tenant}/${String(inputs.memberTenantId ?? inputs.addedByTenantId ?? "")}`, outs: { ...outputs, ...inputs } };
    },
    async read(id: string, props: Props) {
      return { id, props, inputs: Object.fromEntries(inputKeys.filter((k) => k in props).map((k) => [k, props[k]])) };
    },
  });
  const GUID = "00050000-0000-4000-8000-000000050000";
  const AT = "2026-01-01T00:00:00Z";
  const kinds = {
    Organization: noop(["tenant", "displayName", "description", "wait", "timeouts"], { tenantId: GUID, objectId: GUID, state: "active", createdDateTime: AT, converged: true }),
    Member: noop(["tenant", "memberTenantId", "displayName", "role", "wait", "timeouts"], {
      ownerTenantId: GUID,
      state: "active",
      addedByTenantId: GUID,
      addedDateTime: AT,
      joinedDateTime: AT,
      transitionStatus: null,
      converged: true,
      role: "member",
    }),
    JoinRequest: noop(["tenant", "addedByTenantId", "memberAddedDateTime", "wait", "timeouts"], {
      tenantId: GUID,
      memberState: "active",
      role: "member",
      transitionStatus: null,
      transitionDetails: null,
    }),
  };
  class Noop extends pulumi.dynamic.Resource {
    declare readonly tenantId: pulumi.Output<string>;
    declare readonly addedDateTime: pulumi.Output<string>;
    constructor(kind: keyof typeof kinds, name: string, outputs: string[], args: Record<string, pulumi.Input<unknown>>, opts?: pulumi.CustomResourceOptions) {
      super(kinds[kind], name, { ...Object.fromEntries(outputs.map((k) => [k, undefined])), ...args }, opts, "bench-floor", kind);
    }
  }
  const organization = new Noop("Organization", "organization", ["tenantId", "objectId", "state", "createdDateTime", "converged"], {
    tenant: "owner",
    displayName: "Bench organization",
  });
  for (const alias of aliases) {
    const added = new Noop(
      "Member",
      alias,
      ["ownerTenantId", "state", "addedByTenantId", "addedDateTime", "joinedDateTime", "transitionStatus", "converged"],
      { tenant: "owner", memberTenantId: `tenant-${alias}-0000-4000-8000-000000000000`, displayName: `Tenant ${alias}` },
      { dependsOn: [organization] },
    );
    new Noop(
      "JoinRequest",
      `${alias}-join`,
      ["tenantId", "memberState", "role", "transitionStatus", "transitionDetails"],
      { tenant: alias, addedByTenantId: organization.tenantId, memberAddedDateTime: added.addedDateTime },
      { dependsOn: [added] },
    );
  }
} else {
  const tenants = new pulumi.Config("entra-mto").requireObject<Record<string, { tenantId: string }>>("tenants");
  const organization = new MultiTenantOrganization("organization", { tenant: "owner", displayName: "Bench organization" });
  for (const alias of aliases) {
    const added = new MultiTenantOrganizationMember(
      alias,
      { tenant: "owner", memberTenantId: tenants[alias].tenantId, displayName: `Tenant ${alias}` },
      { dependsOn: [organization] },
    );
    new MultiTenantOrganizationJoinRequest(
      `${alias}-join`,
      {
        tenant: alias,
        addedByTenantId: organization.tenantId,
        memberAddedDateTime: added.addedDateTime,
      },
      { dependsOn: [added] },
    );
  }
}
