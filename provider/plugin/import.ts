// `pulumi import`: the engine asks to read a resource from its id alone. Each handler's read needs
// the acting tenant's alias (whose credentials read) and the ids of the object, which the id
// carries; the alias is found from the configured tenants (or given in place of the first part of
// the id). Two reads through the handler: the first finds what Graph holds, the second reads it
// as a resource that manages it, so the outputs and inputs are those of a resource the program
// declared with Graph's values.
import type { ReadResult, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { GUID_PATTERN } from "../../contract/wire";
import type { ProviderContext } from "../context";
import type { ResourceKind } from "../dynamic";
import { declaredPaths } from "../diff/settings";
import { RESOURCES } from "./schema";
import { TYPES } from "./schema-types";

type Props = Record<string, any>;

/** The import id format of each kind, for messages and the reference pages. */
export const IMPORT_ID: Record<ResourceKind, string> = {
  MultiTenantOrganization: "<owner>",
  MultiTenantOrganizationMembership: "<owner>",
  MultiTenantOrganizationMember: "<owner>/<memberTenantId>",
  MultiTenantOrganizationJoinRequest: "<joining tenant>",
  MultiTenantOrganizationPartnerConfigurationTemplate: "<tenant>",
  MultiTenantOrganizationIdentitySyncPolicyTemplate: "<tenant>",
  CrossTenantAccessDefaults: "<tenant>",
  CrossTenantAccessPartner: "<tenant>/<partnerTenantId>",
  CrossTenantIdentitySync: "<tenant>/<partnerTenantId>[/identitySynchronization]",
  CrossTenantSynchronization: "<source tenant>/<servicePrincipalId>",
};

/** The acting tenant: a configured alias, or a tenant id configured under some alias. */
function actingTenant(ctx: ProviderContext, kind: ResourceKind, first: string): { alias: string; tenantId: string } {
  const byAlias = ctx.tenantIdOf(first);
  if (byAlias) return { alias: first, tenantId: byAlias };
  const alias = GUID_PATTERN.test(first) ? ctx.aliasOf(first) : undefined;
  if (!alias) {
    throw new Error(
      `importing ${kind}: '${first}' is neither a tenant alias configured under entra-mto:tenants nor the tenant id of one; the id is ${IMPORT_ID[kind]}, where the tenant may be given by alias`,
    );
  }
  return { alias, tenantId: first.toLowerCase() };
}

/** The resource id and the properties its handler's read needs, from the id given to import. */
export function fromImportId(ctx: ProviderContext, kind: ResourceKind, given: string): { id: string; props: Props } {
  const parts = given.split("/");
  const expected = IMPORT_ID[kind].replace(/\[.*\]/, "").split("/").length;
  const extra = kind === "CrossTenantIdentitySync" && parts.length === 3 && parts[2] === "identitySynchronization";
  const other = parts[1]?.toLowerCase();
  if ((parts.length !== expected && !extra) || parts.some((p) => !p) || (other !== undefined && !GUID_PATTERN.test(other))) {
    throw new Error(`importing ${kind}: the id must be ${IMPORT_ID[kind]} (tenant ids, the first may be a configured alias), not '${given}'`);
  }
  const { alias, tenantId } = actingTenant(ctx, kind, parts[0]);
  const managedProperties = RESOURCES[kind].settings;
  switch (kind) {
    case "MultiTenantOrganizationMember":
      return { id: `${tenantId}/${other}`, props: { tenant: alias, ownerTenantId: tenantId, memberTenantId: other } };
    case "CrossTenantAccessPartner":
      return { id: `${tenantId}/${other}`, props: { tenant: alias, tenantId, partnerTenantId: other, managedProperties } };
    case "CrossTenantIdentitySync":
      return { id: `${tenantId}/${other}/identitySynchronization`, props: { tenant: alias, tenantId, partnerTenantId: other, managedProperties } };
    case "MultiTenantOrganizationMembership":
      return { id: tenantId, props: { tenant: alias, tenantId, members: {} } };
    case "CrossTenantSynchronization":
      return { id: `${tenantId}/${other}`, props: { tenant: alias, tenantId, servicePrincipalId: other, adopted: true } };
    default:
      return { id: tenantId, props: { tenant: alias, tenantId, ...(managedProperties ? { managedProperties } : {}) } };
  }
}

/** The settings paths Graph holds a value for (not null), limited to the members the schema declares. */
function heldPaths(kind: ResourceKind, props: Props): string[] {
  const keys = RESOURCES[kind].settings ?? [];
  const held: Props = {};
  for (const key of keys) {
    const value = props[key];
    if (value === null || value === undefined) continue;
    const typeName = RESOURCES[kind].inputs[key]?.$ref?.split(":").pop();
    const members = typeName ? Object.keys(TYPES[typeName]?.properties ?? {}) : [];
    if (typeof value !== "object" || Array.isArray(value) || !members.length) held[key] = value;
    else held[key] = Object.fromEntries(members.filter((m) => value[m] !== null && value[m] !== undefined).map((m) => [m, value[m]]));
  }
  return declaredPaths(held, keys);
}

/** Member sets are keyed by alias where the tenant has one configured. */
function byAlias(ctx: ProviderContext, members: Record<string, Props> = {}): Record<string, Props> {
  return Object.fromEntries(Object.values(members).map((m) => [ctx.aliasOf(m.tenantId) ?? m.tenantId, m]));
}

export async function importResource(ctx: ProviderContext, kind: ResourceKind, handler: ResourceProvider, given: string): Promise<ReadResult> {
  const { id, props } = fromImportId(ctx, kind, given);
  const missing = () => new Error(`importing ${kind} '${given}': Graph shows no such object`);
  const first = await handler.read!(id, props);
  if (!first.id) throw missing();
  const seen: Props = { ...props, ...first.props, ...first.inputs };
  if (RESOURCES[kind].settings) seen.managedProperties = heldPaths(kind, first.props ?? {});
  if (kind === "MultiTenantOrganizationMembership") seen.members = byAlias(ctx, first.inputs?.members);
  const second = await handler.read!(id, seen);
  if (!second.id) throw missing();
  return second;
}
