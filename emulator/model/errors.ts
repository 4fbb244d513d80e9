// Errors the model raises; the HTTP layer turns them into Graph's error envelope.

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = "Request_BadRequest") => new GraphError(400, code, message);
export const forbidden = (message = "Insufficient privileges to complete the operation.") => new GraphError(403, "Authorization_RequestDenied", message);
export const notFound = (message: string, code = "Request_ResourceNotFound") => new GraphError(404, code, message);
export const conflict = (message: string) => new GraphError(409, "Request_MultipleObjectsWithSameKeyValue", message);

/** What Graph answers for a member tenant that is not (or no longer) in the organization. */
export const memberNotFound = () => notFound("Unable to read the company information from the directory.", "Directory_ObjectNotFound");
