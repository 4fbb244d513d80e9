// The mapping options a configuration declares, read from and written into the job's schema. Graph
// holds them as parts of the USER_INBOUND_USER rule: `userType` and `showInAddressList` are
// attribute mappings with constant sources on the users' object mapping, and provisioning groups is
// whether the groups' object mapping is enabled. Everything else in the schema is left as Graph
// holds it, since a schema PUT replaces the whole schema.
import { type AttributeMapping, CTS_USER_RULE_NAME, type ObjectMapping, type SynchronizationSchema } from "../../contract/sync";

export type UserType = "Member" | "Guest";

export interface Mappings {
  userType: UserType;
  showInAddressList: boolean;
  provisionGroups: boolean;
}

/** What a configuration maps when nothing is declared: Graph's own defaults for a new one. */
export const DEFAULT_MAPPINGS: Mappings = { userType: "Member", showInAddressList: true, provisionGroups: false };

const userRule = (schema: SynchronizationSchema) => schema.synchronizationRules.find((r) => r.name === CTS_USER_RULE_NAME);
const objectMapping = (schema: SynchronizationSchema, object: "User" | "Group"): ObjectMapping | undefined =>
  userRule(schema)?.objectMappings.find((m) => m.sourceObjectName.toLowerCase() === object.toLowerCase());
const attribute = (m: ObjectMapping | undefined, target: string) => m?.attributeMappings.find((a) => a.targetAttributeName.toLowerCase() === target.toLowerCase());

/** A constant mapping's value: Graph keeps it as the source's name and, quoted, as its expression. */
function constantOf(a: AttributeMapping | undefined): string | undefined {
  if (!a?.source || a.source.type !== "Constant") return undefined;
  return a.source.name ?? a.source.expression?.replace(/^"|"$/g, "") ?? undefined;
}

const constant = (value: string) => ({ expression: `"${value}"`, name: value, parameters: [], type: "Constant" as const });

/** The options as the schema holds them; a part the schema lacks reads as Graph's default. */
export function readMappings(schema: SynchronizationSchema): Mappings {
  const users = objectMapping(schema, "User");
  const userType = constantOf(attribute(users, "userType"));
  const showInAddressList = constantOf(attribute(users, "showInAddressList"));
  return {
    userType: userType?.toLowerCase() === "guest" ? "Guest" : "Member",
    showInAddressList: showInAddressList === undefined ? DEFAULT_MAPPINGS.showInAddressList : showInAddressList.toLowerCase() === "true",
    provisionGroups: objectMapping(schema, "Group")?.enabled ?? false,
  };
}

export const sameMappings = (a: Mappings, b: Mappings) => a.userType === b.userType && a.showInAddressList === b.showInAddressList && a.provisionGroups === b.provisionGroups;

function setConstant(m: ObjectMapping, target: string, value: string): void {
  const existing = attribute(m, target);
  if (existing) {
    existing.source = constant(value);
    return;
  }
  m.attributeMappings.push({
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: "FlowWhenChanged",
    flowType: target === "userType" ? "ObjectAddOnly" : "Always",
    matchingPriority: 0,
    source: constant(value),
    targetAttributeName: target,
  });
}

/**
 * The schema with the options applied, everything else untouched; throws when the schema has no
 * rule for users (not a cross-tenant job's schema).
 */
export function withMappings(schema: SynchronizationSchema, mappings: Mappings): SynchronizationSchema {
  const copy = structuredClone(schema);
  const users = objectMapping(copy, "User");
  if (!users) throw new Error(`the job's schema has no ${CTS_USER_RULE_NAME} rule mapping users: it is not a cross-tenant synchronization job`);
  setConstant(users, "userType", mappings.userType);
  setConstant(users, "showInAddressList", mappings.showInAddressList ? "true" : "false");
  const groups = objectMapping(copy, "Group");
  if (groups) groups.enabled = mappings.provisionGroups;
  else if (mappings.provisionGroups) throw new Error("the job's schema has no mapping for groups: Graph does not offer group provisioning for this configuration");
  return copy;
}
