// The world: which tenants exist, which app registrations, and what each app may do in each tenant.
// A JSON file of this shape is loaded with --world; DEFAULT_WORLD is used otherwise.
import { Permission } from "../../contract/wire";

export interface WorldTenant {
  id: string;
  displayName: string;
  defaultDomain: string;
  internalUserCount: number;
}

export interface WorldApp {
  clientId: string;
  displayName: string;
  /** Accepted client secrets. */
  secrets?: string[];
  /** PEM certificates whose private keys may sign client assertions. */
  certificates?: string[];
  /** Accepted federated identity credentials (workload identity, GitHub / Azure Pipelines OIDC). */
  federated?: { issuer: string; subject: string; audience?: string }[];
  /** Application permissions granted (admin-consented) per tenant id; absent tenant = not consented. */
  grants: Record<string, string[]>;
}

/** A user a world declares in a tenant's directory. */
export interface WorldUser {
  id: string;
  displayName: string;
  /** The part before the @ of the user principal name; also the mail's. */
  mailNickname: string;
  /** Default Member; a Guest is never synchronized. */
  userType?: "Member" | "Guest";
  accountEnabled?: boolean;
}

/** A security group a world declares; `members` are ids of users or groups of the same tenant. */
export interface WorldGroup {
  id: string;
  displayName: string;
  members: string[];
}

export interface World {
  tenants: WorldTenant[];
  apps: WorldApp[];
  /**
   * Users and groups per tenant id. A tenant listed here has exactly these; one that is not gets
   * the built-in directory (emulator/model/directory.ts: six members, a guest, three groups).
   */
  directories?: Record<string, { users: WorldUser[]; groups: WorldGroup[] }>;
  limits?: { maxActiveTenants?: number; maxInternalUsers?: number };
  /**
   * What a failed join says in `transitionDetails.details`: `descriptive` (the default) names the
   * cause in a sentence of the emulator's own (assumed: Graph documents none); `documented` answers
   * "DirectoryService Exception" whatever the cause, as the API page shows, so clients can be tested
   * against a text that says nothing.
   */
  joinFailureDetails?: "descriptive" | "documented";
}

export const DEFAULT_LIMITS = { maxActiveTenants: 100, maxInternalUsers: 100_000 };

/** The permissions the Entra how-to asks an MTO administrator app to hold, as application roles. */
export const MTO_ADMIN_PERMISSIONS: string[] = [Permission.MtoReadWrite, Permission.PolicyRead, Permission.PolicyReadWriteXtap, Permission.TenantInfoRead];

/**
 * What a cross-tenant synchronization administrator app holds: the configuration (application and
 * service principal), its scope (app role assignments), the job, the directory it reads, and the
 * provisioning log.
 */
export const CTS_ADMIN_PERMISSIONS: string[] = [
  Permission.ApplicationReadWrite,
  Permission.AppRoleAssignmentReadWrite,
  Permission.SynchronizationReadWrite,
  Permission.UserRead,
  Permission.GroupMemberRead,
  Permission.ProvisioningLogRead,
];

/** Reading the same without changing anything. */
export const CTS_READ_PERMISSIONS: string[] = [
  Permission.ApplicationRead,
  Permission.SynchronizationRead,
  Permission.UserRead,
  Permission.GroupMemberRead,
  Permission.ProvisioningLogRead,
];

const tenant = (n: number, displayName: string, domain: string, users = 250): WorldTenant => ({
  id: `${n.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
  displayName,
  defaultDomain: `${domain}.onmicrosoft.com`,
  internalUserCount: users,
});

const tenants = [
  tenant(0xca1, "Cairo", "cairo"),
  tenant(0xbe1, "Berlin", "berlin"),
  tenant(0xa7e, "Athens", "athens"),
  tenant(0xde1, "Denver", "denver"),
  tenant(0xe01, "Spare 1", "spare1"),
  tenant(0xe02, "Spare 2", "spare2"),
  tenant(0xe03, "Spare 3", "spare3"),
  tenant(0xb16, "Oversize", "oversize", 150_000),
];

export const DEFAULT_WORLD: World = {
  tenants,
  apps: [
    {
      clientId: "a0a0a0a0-0000-4000-8000-00000000a001",
      displayName: "MTO administrator (multi-tenant)",
      secrets: ["emulator-secret-1"],
      federated: [
        { issuer: "emulator", subject: "repo:example/infra:ref:refs/heads/main" },
        { issuer: "emulator", subject: "sc://example/infra/mto-connection" },
      ],
      grants: Object.fromEntries(tenants.map((t) => [t.id, [...MTO_ADMIN_PERMISSIONS, ...CTS_ADMIN_PERMISSIONS]])),
    },
    {
      clientId: "a0a0a0a0-0000-4000-8000-00000000a002",
      displayName: "Read-only auditor",
      secrets: ["emulator-secret-2"],
      grants: Object.fromEntries(tenants.map((t) => [t.id, [Permission.MtoRead, Permission.PolicyRead, ...CTS_READ_PERMISSIONS]])),
    },
  ],
};

/** Checks a world file's shape; returns every problem found, each naming where it is. */
export function validateWorld(world: unknown): string[] {
  const problems: string[] = [];
  const w = world as Partial<World>;
  if (!w || typeof w !== "object") return ["world: must be a JSON object"];
  if (!Array.isArray(w.tenants)) problems.push("world.tenants: must be an array");
  if (!Array.isArray(w.apps)) problems.push("world.apps: must be an array");
  const ids = new Set<string>();
  (w.tenants ?? []).forEach((t, i) => {
    if (typeof t?.id !== "string" || !/^[0-9a-f-]{36}$/i.test(t.id)) problems.push(`world.tenants[${i}].id: must be a GUID`);
    else if (ids.has(t.id.toLowerCase())) problems.push(`world.tenants[${i}].id: duplicate ${t.id}`);
    else ids.add(t.id.toLowerCase());
    if (typeof t?.displayName !== "string") problems.push(`world.tenants[${i}].displayName: must be a string`);
    if (typeof t?.defaultDomain !== "string") problems.push(`world.tenants[${i}].defaultDomain: must be a string`);
    if (!Number.isInteger(t?.internalUserCount)) problems.push(`world.tenants[${i}].internalUserCount: must be an integer`);
  });
  (w.apps ?? []).forEach((a, i) => {
    if (typeof a?.clientId !== "string") problems.push(`world.apps[${i}].clientId: must be a string`);
    if (!a?.grants || typeof a.grants !== "object") problems.push(`world.apps[${i}].grants: must be an object`);
    for (const tid of Object.keys(a?.grants ?? {})) {
      if (!ids.has(tid.toLowerCase())) problems.push(`world.apps[${i}].grants: unknown tenant ${tid}`);
    }
  });
  problems.push(...validateDirectories(w.directories, ids));
  if (w.joinFailureDetails !== undefined && w.joinFailureDetails !== "descriptive" && w.joinFailureDetails !== "documented") {
    problems.push("world.joinFailureDetails: must be 'descriptive' or 'documented'");
  }
  return problems;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateDirectories(directories: unknown, tenantIds: Set<string>): string[] {
  if (directories === undefined) return [];
  if (!directories || typeof directories !== "object" || Array.isArray(directories)) return ["world.directories: must be an object keyed by tenant id"];
  const problems: string[] = [];
  for (const [tid, dir] of Object.entries(directories as Record<string, Partial<{ users: WorldUser[]; groups: WorldGroup[] }>>)) {
    const at = `world.directories.${tid}`;
    if (!tenantIds.has(tid.toLowerCase())) problems.push(`${at}: unknown tenant ${tid}`);
    if (!Array.isArray(dir?.users) || !Array.isArray(dir?.groups)) {
      problems.push(`${at}: must have arrays 'users' and 'groups'`);
      continue;
    }
    const ids = new Set<string>();
    const checkId = (id: unknown, where: string) => {
      if (typeof id !== "string" || !GUID.test(id)) problems.push(`${where}.id: must be a GUID`);
      else if (ids.has(id.toLowerCase())) problems.push(`${where}.id: duplicate ${id}`);
      else ids.add(id.toLowerCase());
    };
    dir.users.forEach((u, i) => {
      checkId(u?.id, `${at}.users[${i}]`);
      if (typeof u?.displayName !== "string") problems.push(`${at}.users[${i}].displayName: must be a string`);
      if (typeof u?.mailNickname !== "string" || !/^[A-Za-z0-9._-]+$/.test(u.mailNickname))
        problems.push(`${at}.users[${i}].mailNickname: must be letters, digits, '.', '_' or '-'`);
      if (u?.userType !== undefined && u.userType !== "Member" && u.userType !== "Guest") problems.push(`${at}.users[${i}].userType: must be 'Member' or 'Guest'`);
      if (u?.accountEnabled !== undefined && typeof u.accountEnabled !== "boolean") problems.push(`${at}.users[${i}].accountEnabled: must be a Boolean`);
    });
    dir.groups.forEach((g, i) => {
      checkId(g?.id, `${at}.groups[${i}]`);
      if (typeof g?.displayName !== "string") problems.push(`${at}.groups[${i}].displayName: must be a string`);
      if (!Array.isArray(g?.members)) problems.push(`${at}.groups[${i}].members: must be an array of user or group ids`);
    });
    dir.groups.forEach((g, i) => {
      for (const m of Array.isArray(g?.members) ? g.members : []) {
        if (typeof m !== "string" || !ids.has(m.toLowerCase())) problems.push(`${at}.groups[${i}].members: ${String(m)} is no user or group of this tenant`);
      }
    });
  }
  return problems;
}

/** Tenant ids compared lower-case everywhere: a world may spell them in any case. */
export function normalizeWorld(world: World): World {
  return {
    ...world,
    tenants: world.tenants.map((t) => ({ ...t, id: t.id.toLowerCase() })),
    apps: world.apps.map((a) => ({ ...a, grants: Object.fromEntries(Object.entries(a.grants).map(([k, v]) => [k.toLowerCase(), v])) })),
    ...(world.directories ? { directories: Object.fromEntries(Object.entries(world.directories).map(([k, v]) => [k.toLowerCase(), v])) } : {}),
  };
}
