// The multitenant organization: creation, members, join requests, role changes and removals, with
// Graph's asynchronous jobs. Pure functions over EmulatorState; `now` comes from the caller. Callers
// import this module; the files behind it split it by concept.
export { applyDueJobs } from "./jobs";
export { DOCUMENTED_JOIN_FAILURE, getJoinRequest, patchJoinRequest } from "./joins";
export { addMember, changeRole, getMember, listMembers, removeMember } from "./members";
export { getOrganization, patchOrganization, putOrganization } from "./organization";
export type { Ctx } from "./shared";
