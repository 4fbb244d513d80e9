// Which join failures end the operation at once, and which are resubmitted.
import { classifyJoinFailure } from "../../provider/resources/organization/join-failures";

test.each([
  ["The multitenant organization would exceed the maximum of 3 active tenants.", "activeTenantLimit"],
  ["Tenant x exceeds the maximum of 100000 internal users per tenant.", "internalUserLimit"],
  ["The tenant has not been added to the multitenant organization of tenant y.", "notAddedByOwner"],
  ["The tenant was added by tenant a, not by b.", "notAddedByOwner"],
  ["The tenant is already part of a different multitenant organization.", "inAnotherOrganization"],
])("%s: %s, not healable", (details, cause) => {
  expect(classifyJoinFailure(details)).toMatchObject({ cause, healable: false, advice: expect.any(String) });
});

test("Graph's generic failure (the docs' own example) and an empty one are resubmitted", () => {
  expect(classifyJoinFailure("DirectoryService Exception")).toEqual({ cause: "transient", healable: true });
  expect(classifyJoinFailure(null)).toEqual({ cause: "transient", healable: true });
});
