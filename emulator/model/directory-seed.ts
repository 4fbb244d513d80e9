// The users and groups each tenant starts with: those its world declares, or a small built-in
// directory, deterministic so tests and examples can name them. Built-in ids follow the world's
// tenant ids: `<first 8 of the tenant>-<0001 user | 0002 group>-4<index, 3 hex>-8000-<last 12 of
// the tenant>`, e.g. Cairo's first user is 00000ca1-0001-4001-8000-000000000ca1.
import type { GroupRecord, UserRecord } from "./state";
import type { World, WorldGroup, WorldTenant, WorldUser } from "./world";

/** The built-in members, in order (index 1 to 6), and the guest (index 7). */
export const BUILT_IN_MEMBERS = [
  ["Adele Vance", "adele"],
  ["Alex Wilber", "alex"],
  ["Diego Siciliani", "diego"],
  ["Grady Archie", "grady"],
  ["Isaiah Langer", "isaiah"],
  ["Johanna Lorenz", "johanna"],
] as const;
export const BUILT_IN_GUEST = ["Pat Partner", "pat"] as const;

/** The id of a built-in user (1-7) or group (1-3) of a tenant. */
export function builtInId(tenantId: string, kind: "user" | "group", index: number): string {
  const t = tenantId.toLowerCase();
  return `${t.slice(0, 8)}-${kind === "user" ? "0001" : "0002"}-4${index.toString(16).padStart(3, "0")}-8000-${t.slice(24)}`;
}

/**
 * Built-in groups: "Sync pilots" (members 1-3), "All staff" (every member), and "Project Orion"
 * (member 4, and "Sync pilots" nested: its members are not direct members of Orion).
 */
function builtInDirectory(tenantId: string): { users: WorldUser[]; groups: WorldGroup[] } {
  const user = (i: number) => builtInId(tenantId, "user", i);
  const users: WorldUser[] = BUILT_IN_MEMBERS.map(([displayName, mailNickname], i) => ({ id: user(i + 1), displayName, mailNickname }));
  users.push({ id: user(7), displayName: BUILT_IN_GUEST[0], mailNickname: BUILT_IN_GUEST[1], userType: "Guest" });
  const pilots = builtInId(tenantId, "group", 1);
  return {
    users,
    groups: [
      { id: pilots, displayName: "Sync pilots", members: [user(1), user(2), user(3)] },
      { id: builtInId(tenantId, "group", 2), displayName: "All staff", members: [1, 2, 3, 4, 5, 6].map(user) },
      { id: builtInId(tenantId, "group", 3), displayName: "Project Orion", members: [user(4), pilots] },
    ],
  };
}

/** A guest's principal name carries its home domain; the emulator's guests come from partner.example. */
const GUEST_DOMAIN = "partner.example";

export function seedDirectory(world: World, tenant: WorldTenant): { users: Record<string, UserRecord>; groups: Record<string, GroupRecord> } {
  const declared = world.directories?.[tenant.id.toLowerCase()] ?? builtInDirectory(tenant.id);
  const users: Record<string, UserRecord> = {};
  for (const u of declared.users) {
    const guest = u.userType === "Guest";
    const [givenName, ...rest] = u.displayName.split(" ");
    const id = u.id.toLowerCase();
    users[id] = {
      id,
      displayName: u.displayName,
      givenName,
      surname: rest.join(" ") || null,
      mailNickname: guest ? `${u.mailNickname}_${GUEST_DOMAIN}#EXT#` : u.mailNickname,
      userPrincipalName: guest ? `${u.mailNickname}_${GUEST_DOMAIN}#EXT#@${tenant.defaultDomain}` : `${u.mailNickname}@${tenant.defaultDomain}`,
      mail: guest ? `${u.mailNickname}@${GUEST_DOMAIN}` : `${u.mailNickname}@${tenant.defaultDomain}`,
      userType: guest ? "Guest" : "Member",
      accountEnabled: u.accountEnabled ?? true,
      showInAddressList: null,
      creationType: guest ? "Invitation" : null,
      externalUserState: guest ? "Accepted" : null,
      deletedDateTime: null,
    };
  }
  const groups: Record<string, GroupRecord> = {};
  for (const g of declared.groups) {
    const id = g.id.toLowerCase();
    groups[id] = {
      id,
      displayName: g.displayName,
      description: null,
      mailEnabled: false,
      mailNickname: g.displayName.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      securityEnabled: true,
      groupTypes: [],
      deletedDateTime: null,
      members: g.members.map((m) => m.toLowerCase()),
    };
  }
  return { users, groups };
}
