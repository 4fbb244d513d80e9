// Errors that say what was being done, to which object, and keep what caused them: the Graph
// failure underneath (its kind, status, code and request id) stays reachable as `cause`.
import { GraphRequestError } from "../graph/errors";

/** An operation that failed: "updating the partner configuration for X in Y: <the cause>". */
export class OperationError extends Error {
  constructor(
    /** What was being done, to which object. */
    readonly what: string,
    cause: unknown,
  ) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "OperationError";
  }
}

/** The Graph failure at the root of an error, if any: through any chain of causes. */
export function graphFailureOf(err: unknown): GraphRequestError | undefined {
  for (let e = err, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof GraphRequestError) return e;
  }
  return undefined;
}
