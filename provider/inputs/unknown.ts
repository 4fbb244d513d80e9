// Pulumi's marker for a value not known yet (preview): it reaches check and diff as this string,
// whatever the declared type, nested or not.
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const isUnknown = (v: unknown) => v === UNKNOWN;
