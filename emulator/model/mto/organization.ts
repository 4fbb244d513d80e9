// The multitenant organization itself: reading it, creating it (PUT, or PATCH on a tenant without
// one) and updating its name and description. Creation answers at once, but Graph provisions the
// organization asynchronously: `provisionedAt` marks when that ends (members.ts shows the creator's
// transition until then; joins.ts holds joins back until then).
import type { MultiTenantOrganization } from "../../../contract/wire";
import { badRequest } from "../errors";
import { type EmulatorState, type Organization, nextId, tenantState } from "../state";
import { graphTime, jobDuration } from "../timing";
import { type Ctx, orgOf, requireOwner } from "./shared";

export function getOrganization(state: EmulatorState, tenantId: string): MultiTenantOrganization {
  tenantState(state, tenantId);
  const org = orgOf(state, tenantId);
  if (!org) return { createdDateTime: null, displayName: null, description: null, state: "inactive" };
  return {
    id: state.tenants[tenantId].mtoObjectId!,
    createdDateTime: org.createdDateTime,
    displayName: org.displayName,
    description: org.description,
    state: "active",
  };
}

/** PUT creates the organization with the caller as owner, or updates it (PUT is also Graph's update). */
export function putOrganization(
  state: EmulatorState,
  ctx: Ctx,
  tenantId: string,
  body: { displayName?: string; description?: string | null },
): { created: boolean; org: MultiTenantOrganization } {
  const tenant = tenantState(state, tenantId);
  const existing = orgOf(state, tenantId);
  if (existing) {
    requireOwner(state, tenantId);
    if (body.displayName !== undefined) existing.displayName = body.displayName;
    if (body.description !== undefined) existing.description = body.description;
    return { created: false, org: getOrganization(state, tenantId) };
  }
  if (typeof body.displayName !== "string" || body.displayName.trim() === "") {
    throw badRequest("Property 'displayName' is required to create a multi-tenant organization.", "Request_BadRequest");
  }
  const created = graphTime(ctx.now);
  const org: Organization = {
    id: nextId(state),
    displayName: body.displayName,
    description: body.description ?? null,
    createdDateTime: created,
    createdAt: ctx.now,
    creatorTenantId: tenantId,
    provisionedAt: ctx.now + jobDuration(ctx.profile, ctx.timeScale, "create", ctx.durations),
    members: {
      [tenantId]: {
        tenantId,
        displayName: state.world.tenants.find((t) => t.id === tenantId)!.displayName,
        addedDateTime: created,
        joinedDateTime: null,
        addedByTenantId: tenantId,
        role: "owner",
        state: "active",
      },
    },
  };
  state.orgs[org.id] = org;
  tenant.orgId = org.id;
  tenant.mtoObjectId = nextId(state);
  return { created: true, org: getOrganization(state, tenantId) };
}

/**
 * PATCH updates; on a tenant with no organization it creates one, as PUT does: Microsoft's Python
 * SDK offers only PATCH here, and the Entra how-to creates with an Update (PATCH) cmdlet.
 */
export function patchOrganization(state: EmulatorState, ctx: Ctx, tenantId: string, body: { displayName?: string; description?: string | null }): void {
  if (!orgOf(state, tenantId)) {
    putOrganization(state, ctx, tenantId, body);
    return;
  }
  const org = requireOwner(state, tenantId);
  if (body.displayName !== undefined) {
    if (typeof body.displayName !== "string" || body.displayName.trim() === "") {
      throw badRequest("Property 'displayName' must be a non-empty string.");
    }
    org.displayName = body.displayName;
  }
  if (body.description !== undefined) org.description = body.description;
}
