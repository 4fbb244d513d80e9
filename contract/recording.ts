// A recording: what Graph and Entra's token endpoints answered the provider, exchange by exchange,
// as JSON Lines. The provider writes one file per process into the folder ENTRA_MTO_RECORD names;
// `entra-mto-emulator check` replays a file or a folder against the emulator. Line 1 is the
// header; every other line one exchange, in the order the process sent them. Secrets never reach a
// recording: tokens, client secrets, assertions, certificates and Authorization headers are
// replaced by REDACTED before a line is written, and the replay refuses a line that still holds
// something shaped like one.

export const RECORDING_FORMAT = "entra-mto-recording";
/** The format's version: a reader refuses a newer one rather than misread it. */
export const RECORDING_VERSION = 1;
/** What stands in for a removed secret. */
export const REDACTED = "[REDACTED]";

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** When the process began recording (ISO 8601). */
  startedAt: string;
  /** The package and version that recorded, e.g. "pulumi-entra-mto 0.3.0". */
  recordedBy: string;
  /** Whether tenant ids, object ids and names were replaced by stable pseudonyms. */
  pseudonyms: boolean;
  /** Graph's host as configured ("graph.microsoft.com", or the emulator's). */
  graphHost: string;
  /** The configured tenants: alias and id (pseudonyms when `pseudonyms`). */
  tenants: { alias: string; tenantId: string }[];
}

export type Channel = "graph" | "identity";

export interface RecordedExchange {
  /** Position in the process's recording, from 1. */
  seq: number;
  /** When the request was sent (ISO 8601, milliseconds). */
  at: string;
  /** How long the answer took, in milliseconds. */
  ms: number;
  /** The alias whose credentials sent it. */
  tenant: string;
  channel: Channel;
  method: string;
  /** Path and query, from the host: "/v1.0/tenantRelationships/…", "/<tenant>/oauth2/v2.0/token". */
  path: string;
  /** Request headers that bear on the answer (content type, consistency level, prefer). */
  requestHeaders?: Record<string, string>;
  /** JSON bodies as JSON; form bodies as an object of fields; other text as a string. */
  requestBody?: unknown;
  /** The HTTP status; 0 when no answer came (the error is in `failure`). */
  status: number;
  responseHeaders?: Record<string, string>;
  responseBody?: unknown;
  /** Why no answer came: a network error, a timeout. */
  failure?: string;
}

/** Request and response headers a recording keeps: the ones that describe the exchange, none that authorize it. */
export const RECORDED_HEADERS: ReadonlySet<string> = new Set([
  "content-type",
  "consistencylevel",
  "prefer",
  "retry-after",
  "location",
  "request-id",
  "client-request-id",
  "odata-version",
  "x-ms-ags-diagnostic",
]);
