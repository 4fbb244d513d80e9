// Cross-tenant access policy of each tenant: the policy and its default, partner configurations
// with their identity synchronization, the deleted-items bin, and the two MTO templates.
export * from "./deleted-items";
export * from "./partners";
export * from "./policy";
export * from "./templates";
