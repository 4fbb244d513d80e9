// The directory each tenant starts with (built in or declared by the world), its queries, and a
// state saved before the directory existed loading with it.
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_WORLD, type World } from "../../emulator";
import { validateWorld } from "../../emulator/model/world";
import { BERLIN, CAIRO, type TestEmulator, testEmulator } from "./harness";
import { group, user } from "./sync-helpers";

let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator();
});
afterAll(async () => em?.dispose());

const list = async (url: string) => {
  const r = await em.call(CAIRO, "GET", url);
  expect(r.status).toBe(200);
  return r.body;
};

test("each tenant has six members and a guest with stable ids, names and domains", async () => {
  const users = (await list("/users")).value;
  expect(users).toHaveLength(7);
  expect(users[0]).toMatchObject({
    id: "00000ca1-0001-4001-8000-000000000ca1",
    displayName: "Adele Vance",
    userPrincipalName: "adele@cairo.onmicrosoft.com",
    mail: "adele@cairo.onmicrosoft.com",
    userType: "Member",
    accountEnabled: true,
  });
  expect(users.filter((u: any) => u.userType === "Guest").map((u: any) => u.id)).toEqual([user(CAIRO, 7)]);
  expect((await em.call(BERLIN, "GET", `/users/${user(BERLIN, 2)}`)).body.userPrincipalName).toBe("alex@berlin.onmicrosoft.com");
  expect((await em.call(CAIRO, "GET", `/users/${user(BERLIN, 2)}`)).status).toBe(404); // another tenant's
});

test("$filter, $select, $top and $count on users", async () => {
  const names = async (filter: string) => (await list(`/users?$filter=${encodeURIComponent(filter)}`)).value.map((u: any) => u.displayName);
  expect(await names("userType eq 'Guest'")).toEqual(["Pat Partner"]);
  expect(await names("startswith(displayName,'a') and accountEnabled eq true")).toEqual(["Adele Vance", "Alex Wilber"]);
  expect(await names("userPrincipalName eq 'DIEGO@cairo.onmicrosoft.com' or mail eq 'grady@cairo.onmicrosoft.com'")).toEqual(["Diego Siciliani", "Grady Archie"]);
  expect(await names(`id eq '${user(CAIRO, 5)}'`)).toEqual(["Isaiah Langer"]);
  expect(await names("not (userType eq 'Member')")).toEqual(["Pat Partner"]);
  const bad = await em.call(CAIRO, "GET", "/users?$filter=jobTitle eq 'x'");
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/not a filterable property/);
  const page = await list("/users?$select=id,userPrincipalName&$top=2&$count=true");
  expect(page["@odata.count"]).toBe(7);
  expect(page.value).toEqual([
    { id: user(CAIRO, 1), userPrincipalName: "adele@cairo.onmicrosoft.com" },
    { id: user(CAIRO, 2), userPrincipalName: "alex@cairo.onmicrosoft.com" },
  ]);
  expect((await em.call(CAIRO, "GET", "/users/$count?$filter=userType eq 'Member'")).body).toBe("6");
});

test("groups: by name, by id, and their direct members (a nested group is a member, not its users)", async () => {
  const pilots = (await list("/groups?$filter=displayName eq 'Sync pilots'")).value;
  expect(pilots).toEqual([expect.objectContaining({ id: group(CAIRO, 1), securityEnabled: true, mailEnabled: false })]);
  expect(pilots[0].members).toBeUndefined();
  expect((await list(`/groups/${group(CAIRO, 2)}`)).displayName).toBe("All staff");
  const orion = (await list(`/groups/${group(CAIRO, 3)}/members`)).value;
  expect(orion.map((m: any) => [m["@odata.type"], m.id])).toEqual([
    ["#microsoft.graph.user", user(CAIRO, 4)],
    ["#microsoft.graph.group", group(CAIRO, 1)],
  ]);
});

test("a world may declare a tenant's users and groups; problems are named", async () => {
  const world: World = {
    ...DEFAULT_WORLD,
    directories: {
      [CAIRO]: {
        users: [{ id: "11111111-0000-4000-8000-000000000001", displayName: "Sam Solo", mailNickname: "sam" }],
        groups: [{ id: "22222222-0000-4000-8000-000000000001", displayName: "Team", members: ["11111111-0000-4000-8000-000000000001"] }],
      },
    },
  };
  expect(validateWorld(world)).toEqual([]);
  const own = await testEmulator({ world });
  try {
    expect((await own.call(CAIRO, "GET", "/users")).body.value.map((u: any) => u.userPrincipalName)).toEqual(["sam@cairo.onmicrosoft.com"]);
    expect((await own.call(BERLIN, "GET", "/users")).body.value).toHaveLength(7);
  } finally {
    await own.dispose();
  }
  const broken = {
    ...world,
    directories: {
      [CAIRO]: { users: [{ id: "x", displayName: "A", mailNickname: "a b" }], groups: [{ id: "22222222-0000-4000-8000-000000000001", displayName: "T", members: ["nobody"] }] },
    },
  };
  expect(validateWorld(broken)).toEqual([
    `world.directories.${CAIRO}.users[0].id: must be a GUID`,
    `world.directories.${CAIRO}.users[0].mailNickname: must be letters, digits, '.', '_' or '-'`,
    `world.directories.${CAIRO}.groups[0].members: nobody is no user or group of this tenant`,
  ]);
});

test("a state saved before the directory and synchronization existed loads with the built-in directory", async () => {
  const old = await testEmulator();
  const dataDir = old.dataDir;
  try {
    await old.stop();
    const file = path.join(dataDir, "state.json");
    const state = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const t of Object.values<any>(state.tenants)) {
      for (const key of ["users", "groups", "applications", "servicePrincipals", "provisioningLogs"]) delete t[key];
    }
    fs.writeFileSync(file, JSON.stringify(state));
    const again = await testEmulator({ dataDir });
    try {
      expect((await again.call(CAIRO, "GET", "/users")).body.value).toHaveLength(7);
      expect((await again.call(CAIRO, "GET", "/servicePrincipals")).body.value).toEqual([]);
      expect((await again.call(CAIRO, "GET", "/auditLogs/provisioning")).body.value).toEqual([]);
    } finally {
      await again.dispose();
    }
  } finally {
    await old.dispose();
  }
});

test("permissions: an app without the directory permissions gets 403", async () => {
  const world: World = {
    ...DEFAULT_WORLD,
    apps: [...DEFAULT_WORLD.apps, { clientId: "d0d0d0d0-0000-4000-8000-00000000d001", displayName: "mto only", secrets: ["s"], grants: { [CAIRO]: ["Policy.Read.All"] } }],
  };
  const other = await testEmulator({ world });
  try {
    const client = other.graph(CAIRO, { app: world.apps[2] });
    await expect(client.api("/users").get()).rejects.toMatchObject({ statusCode: 403 });
    await expect(client.api(`/groups/${group(CAIRO, 1)}/members`).get()).rejects.toMatchObject({ statusCode: 403 });
    await expect(client.api("/auditLogs/provisioning").get()).rejects.toMatchObject({ statusCode: 403 });
    await expect(client.api("/servicePrincipals").get()).rejects.toMatchObject({ statusCode: 403 });
  } finally {
    await other.dispose();
  }
});
