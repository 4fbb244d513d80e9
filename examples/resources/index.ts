// Cairo creates a multitenant organization and adds Berlin and Athens; each of them submits its
// join request with its own credentials. Stack configuration:
//   entra-mto:tenants   alias -> { tenantId, auth, clientId, clientSecret | clientSecretEnv, ... }
//   berlinRole          owner | member (default member)
//   includeAthens       true | false (default true)
//   joinWait            converged | accepted (default converged)
//   berlinName          Berlin's display name (Graph cannot rename: a change re-adds Berlin)
import * as pulumi from "@pulumi/pulumi";
import { MultiTenantOrganization, MultiTenantOrganizationJoinRequest, MultiTenantOrganizationMember } from "pulumi-entra-mto";

const config = new pulumi.Config();
const tenants = new pulumi.Config("entra-mto").requireObject<Record<string, { tenantId: string }>>("tenants");
const joinWait = config.get("joinWait") as "converged" | "accepted" | undefined;

const organization = new MultiTenantOrganization("cairo", {
  tenant: "cairo",
  displayName: "Cairo",
  description: "Cairo, Berlin and Athens",
});

function member(alias: string, displayName: string, role?: "owner" | "member") {
  const added = new MultiTenantOrganizationMember(
    alias,
    {
      tenant: "cairo",
      memberTenantId: tenants[alias].tenantId,
      displayName,
      role,
    },
    { dependsOn: [organization] },
  );
  const joined = new MultiTenantOrganizationJoinRequest(
    `${alias}-join`,
    {
      tenant: alias,
      addedByTenantId: organization.tenantId,
      // Ties the join to this addition of the member: re-added, it joins again.
      memberAddedDateTime: added.addedDateTime,
      wait: joinWait,
    },
    { dependsOn: [added] },
  );
  return { added, joined };
}

const berlin = member("berlin", config.get("berlinName") ?? "Berlin", (config.get("berlinRole") as "owner" | "member" | undefined) ?? "member");
const athens = (config.getBoolean("includeAthens") ?? true) ? member("athens", "Athens") : undefined;

export const organizationState = organization.state;
export const berlinRole = berlin.added.role;
export const berlinState = berlin.joined.memberState;
export const athensState = athens?.joined.memberState;
