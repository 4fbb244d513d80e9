// Users and groups of the caller's tenant, read-only: what a synchronization configuration scopes
// in the source and creates in the target. Filters use the richer grammar of filter.ts.
import { Permission as P } from "../../contract/wire";
import * as directory from "../model/directory";
import type { Route, RouteContext } from "./dispatch";
import { type ExprFields, filterItems } from "./filter";

const me = (rc: RouteContext) => rc.principal.tenantId;
/** A route path, case-insensitive, each `{id}` capturing one segment, with an optional trailing slash. */
export const path = (p: string) => new RegExp(`^${p.replaceAll("{id}", "([^/]+)").replace(/\$/g, () => "\\$")}/?$`, "i");

export const USER_FIELDS: ExprFields = {
  id: "string",
  displayName: "string",
  givenName: "string",
  surname: "string",
  userPrincipalName: "string",
  mail: "string",
  mailNickname: "string",
  userType: "string",
  accountEnabled: "boolean",
  creationType: "string",
  externalUserState: "string",
};
const GROUP_FIELDS: ExprFields = { id: "string", displayName: "string", mailNickname: "string", securityEnabled: "boolean", mailEnabled: "boolean" };

const USERS_READ = [P.UserRead];
const GROUPS_READ = [P.GroupMemberRead];

const users = (rc: RouteContext) => filterItems(directory.listUsers(rc.state, me(rc)), rc.query.$filter, USER_FIELDS, "users");
const groups = (rc: RouteContext) => filterItems(directory.listGroups(rc.state, me(rc)), rc.query.$filter, GROUP_FIELDS, "groups");

// biome-ignore format: one route per entry reads as a table
export const DIRECTORY_ROUTES: Route[] = [
  { method: "GET", pattern: path("/users/$count"), permissions: USERS_READ, write: false,
    handle: (rc) => ({ status: 200, body: users(rc).length, text: true }) },
  { method: "GET", pattern: path("/users"), permissions: USERS_READ, write: false, collection: { name: "users", pageable: true },
    handle: (rc) => ({ status: 200, body: users(rc), context: "users" }) },
  { method: "GET", pattern: path("/users/{id}"), permissions: USERS_READ, write: false,
    handle: (rc) => ({ status: 200, body: directory.userView(directory.requireUser(rc.state, me(rc), rc.params[0])), context: "users/$entity" }) },
  // Soft-deleted users (those a configuration took out of scope in the target among them).
  { method: "GET", pattern: path("/directory/deletedItems/microsoft.graph.user"), permissions: USERS_READ, write: false, collection: { name: "deletedItems", pageable: true },
    handle: (rc) => ({ status: 200, body: filterItems(directory.listDeletedUsers(rc.state, me(rc)), rc.query.$filter, USER_FIELDS, "deleted users"), context: "directory/deletedItems/microsoft.graph.user" }) },
  { method: "GET", pattern: path("/groups"), permissions: GROUPS_READ, write: false, collection: { name: "groups", pageable: true },
    handle: (rc) => ({ status: 200, body: groups(rc), context: "groups" }) },
  { method: "GET", pattern: path("/groups/{id}"), permissions: GROUPS_READ, write: false,
    handle: (rc) => ({ status: 200, body: directory.groupView(directory.requireGroup(rc.state, me(rc), rc.params[0])), context: "groups/$entity" }) },
  { method: "GET", pattern: path("/groups/{id}/members"), permissions: GROUPS_READ, write: false, collection: { name: "members", pageable: true },
    handle: (rc) => ({ status: 200, body: directory.listMembers(rc.state, me(rc), rc.params[0]), context: "directoryObjects" }) },
];
