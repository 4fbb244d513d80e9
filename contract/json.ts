// JSON values as Graph and Pulumi exchange them: the one test of "a JSON object" (not null, not a
// list) that every layer shares.

/** A JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
