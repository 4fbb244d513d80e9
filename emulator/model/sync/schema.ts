// The default schema of a cross-tenant job and what the engine reads from it. Graph documents no
// full CTS schema: the rule, its names and the fixed matching mapping are documented; the rest is
// the default attribute list of the Microsoft 365 admin center's configurations, in Graph's types.
import { type AttributeMapping, type AttributeMappingSource, CTS_USER_RULE_NAME, type ObjectMapping, type SynchronizationSchema } from "../../../contract/sync";
import { badRequest } from "../errors";

/** The rule's id: a template's rule ids are fixed, so every CTS job has the same one (assumed). */
export const USER_RULE_ID = "6c409270-f78a-4bc6-af23-7cf3ab6482fe";
export const SOURCE_DIRECTORY = "Azure Active Directory";
export const TARGET_DIRECTORY = "Azure Active Directory (target tenant)";
export const USER_MAPPING_NAME = "Provision Azure Active Directory Users";
export const GROUP_MAPPING_NAME = "Provision Azure Active Directory Groups";
export const MATCHING_ATTRIBUTE = "alternativeSecurityIds";
export const MATCHING_FUNCTION = "AltSecIdFromNetId";

const attribute = (name: string): AttributeMappingSource => ({ expression: `[${name}]`, name, parameters: [], type: "Attribute" });
const constant = (value: string): AttributeMappingSource => ({ expression: `"${value}"`, name: value, parameters: [], type: "Constant" });

function mapping(target: string, source: AttributeMappingSource, more: Partial<AttributeMapping> = {}): AttributeMapping {
  return {
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: "FlowWhenChanged",
    flowType: "Always",
    matchingPriority: 0,
    source,
    targetAttributeName: target,
    ...more,
  };
}

const USER_ATTRIBUTES = ["accountEnabled", "displayName", "givenName", "surname", "mailNickname", "userPrincipalName", "jobTitle", "department"];

export function defaultSchema(jobId: string): SynchronizationSchema {
  const matching = mapping(
    MATCHING_ATTRIBUTE,
    { expression: `${MATCHING_FUNCTION}([netId])`, name: MATCHING_FUNCTION, parameters: [{ key: "netId", value: attribute("netId") }], type: "Function" },
    { matchingPriority: 1 },
  );
  const users: ObjectMapping = {
    attributeMappings: [
      matching,
      ...USER_ATTRIBUTES.map((a) => mapping(a, attribute(a))),
      mapping("userType", constant("Member"), { flowType: "ObjectAddOnly" }),
      mapping("showInAddressList", constant("true")),
    ],
    enabled: true,
    flowTypes: "Add, Update, Delete",
    metadata: [],
    name: USER_MAPPING_NAME,
    scope: null,
    sourceObjectName: "User",
    targetObjectName: "User",
  };
  const groups: ObjectMapping = {
    attributeMappings: [mapping("displayName", attribute("displayName")), mapping("description", attribute("description")), mapping("members", attribute("members"))],
    enabled: false,
    flowTypes: "Add, Update, Delete",
    metadata: [],
    name: GROUP_MAPPING_NAME,
    scope: null,
    sourceObjectName: "Group",
    targetObjectName: "Group",
  };
  const objects = (withUserType: boolean) => [
    {
      name: "User",
      attributes: [MATCHING_ATTRIBUTE, ...USER_ATTRIBUTES, ...(withUserType ? ["userType", "showInAddressList"] : ["netId"])].map((name) => ({ name, type: "String" })),
    },
    { name: "Group", attributes: ["displayName", "description", "members"].map((name) => ({ name, type: "String" })) },
  ];
  return {
    id: jobId,
    version: "v1.2",
    directories: [
      { id: "source", name: SOURCE_DIRECTORY, readOnly: true, objects: objects(false) },
      { id: "target", name: TARGET_DIRECTORY, readOnly: false, objects: objects(true) },
    ],
    synchronizationRules: [
      {
        containerFilter: null,
        editable: true,
        groupFilter: null,
        id: USER_RULE_ID,
        metadata: [
          { key: "defaultSourceObjectMappings", value: "" },
          { key: "supportsProvisionOnDemand", value: "true" },
        ],
        name: CTS_USER_RULE_NAME,
        objectMappings: [users, groups],
        priority: 1,
        sourceDirectoryName: SOURCE_DIRECTORY,
        targetDirectoryName: TARGET_DIRECTORY,
      },
    ],
  };
}

/** "Add, Update, Delete" or "Add,Update,Delete": the set of flows, as names. */
export function flowTypes(m: ObjectMapping): Set<string> {
  return new Set(
    m.flowTypes
      .split(",")
      .map((f) => f.trim().toLowerCase())
      .filter(Boolean),
  );
}

export function userRule(schema: SynchronizationSchema) {
  return schema.synchronizationRules.find((r) => r.name === CTS_USER_RULE_NAME);
}

/** The mapping of the user rule for one source object type (User or Group). */
export function objectMapping(schema: SynchronizationSchema, sourceObject: "User" | "Group"): ObjectMapping | undefined {
  return userRule(schema)?.objectMappings?.find((m) => m.sourceObjectName?.toLowerCase() === sourceObject.toLowerCase());
}

const invalid = (message: string) => badRequest(message, "schemaInvalid");

/**
 * A PUT replaces the whole schema; refused (400 schemaInvalid) when it drops the user rule or its
 * user mapping, or touches the fixed matching attribute: exactly one mapping may match, and it must
 * be alternativeSecurityIds from AltSecIdFromNetId([netId]).
 */
export function checkSchema(schema: SynchronizationSchema): void {
  const rule = userRule(schema);
  if (!rule) throw invalid(`The schema must keep the synchronization rule '${CTS_USER_RULE_NAME}'.`);
  const users = objectMapping(schema, "User");
  if (!users) throw invalid(`The rule '${CTS_USER_RULE_NAME}' must keep its object mapping of source object 'User'.`);
  const matching = (users.attributeMappings ?? []).filter((a) => (a.matchingPriority ?? 0) > 0);
  const only = matching[0];
  const fixed =
    matching.length === 1 &&
    only.targetAttributeName === MATCHING_ATTRIBUTE &&
    only.source?.type === "Function" &&
    only.source.name === MATCHING_FUNCTION &&
    only.matchingPriority === 1;
  if (!fixed) {
    throw invalid(
      `The matching attribute of cross-tenant synchronization is fixed: '${MATCHING_ATTRIBUTE}' from ${MATCHING_FUNCTION}([netId]) with matching precedence 1, and no other attribute may be used for matching.`,
    );
  }
  for (const m of rule.objectMappings) {
    const unknown = [...flowTypes(m)].filter((f) => !["none", "add", "update", "delete"].includes(f));
    if (unknown.length) throw invalid(`Object mapping '${m.name}' has flow types outside Add, Update, Delete: ${unknown.join(", ")}.`);
  }
}
