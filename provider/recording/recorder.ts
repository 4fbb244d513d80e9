// Recording what Graph and Entra answer (contract/recording.ts): with ENTRA_MTO_RECORD=<folder>,
// every exchange a context's clients and credentials make is appended, as it happened, to one file
// per process in that folder. Each line is made safe before it is written: only descriptive
// headers are kept, secret fields and secret-shaped text become REDACTED (the same patterns the
// provider redacts from its logs, and the configured secrets), and anything still shaped like a
// secret after that is dropped whole. With ENTRA_MTO_RECORD_PSEUDONYMS=1, ids and names are
// replaced by stable pseudonyms (pseudonyms.ts).
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { RECORDED_HEADERS, RECORDING_FORMAT, RECORDING_VERSION, REDACTED, type RecordedExchange, type RecordingHeader } from "../../contract/recording";
import type { PipelinePolicy } from "../credentials";
import { redact, secretKind } from "../inputs/secrets";
import { Pseudonyms } from "./pseudonyms";

/** Names whose string values are secrets wherever they appear (bodies, forms). */
const SECRET_NAME = /secret|password|passwd|assertion|^access_token$|^refresh_token$|^id_token$|^token$|privatekey|private_key|client_info/i;
/** Synchronization secrets travel as { key, value }: these keys' values are credentials. */
const SECRET_KEY_NAME = /password|secret|token|key$|credential|certificate/i;

export interface RecorderOptions {
  folder: string;
  pseudonyms: boolean;
  recordedBy: string;
  graphHost: string;
  tenants: { alias: string; tenantId: string }[];
  /** The secrets configured now, redacted wherever they appear. */
  known: () => readonly string[];
}

export class Recorder {
  private file: string | undefined;
  private seq = 0;
  private readonly names: Pseudonyms | undefined;

  constructor(private readonly opts: RecorderOptions) {
    this.names = opts.pseudonyms ? Pseudonyms.forFolder(opts.folder) : undefined;
  }

  /** The recording from the environment (ENTRA_MTO_RECORD, ENTRA_MTO_RECORD_PSEUDONYMS), if asked for. */
  static fromEnv(opts: Omit<RecorderOptions, "folder" | "pseudonyms">, env: NodeJS.ProcessEnv = process.env): Recorder | undefined {
    const folder = env.ENTRA_MTO_RECORD?.trim();
    if (!folder || folder === "off") return undefined;
    return new Recorder({ ...opts, folder: path.resolve(folder), pseudonyms: /^(1|true|yes)$/i.test(env.ENTRA_MTO_RECORD_PSEUDONYMS ?? "") });
  }

  /** The file this process writes, once it has written one exchange. */
  get path(): string | undefined {
    return this.file;
  }

  /** Appends one exchange, made safe. A recording that cannot be written never fails the operation. */
  record(exchange: Omit<RecordedExchange, "seq">): void {
    try {
      if (!this.file) this.file = this.open();
      const line = this.safe({ seq: ++this.seq, ...exchange });
      fs.appendFileSync(this.file, `${JSON.stringify(line)}\n`);
    } catch {
      // A full disk or a removed folder loses the recording, not the deployment.
    }
  }

  private open(): string {
    fs.mkdirSync(this.opts.folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
    // Several contexts of one process may record at once (a change of configuration builds a new one).
    const file = path.join(this.opts.folder, `${stamp}-${process.pid}-${randomBytes(3).toString("hex")}.jsonl`);
    const header: RecordingHeader = {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      startedAt: new Date().toISOString(),
      recordedBy: this.opts.recordedBy,
      pseudonyms: !!this.names,
      graphHost: this.opts.graphHost,
      tenants: this.opts.tenants.map((t) => ({ alias: t.alias, tenantId: this.names?.id(t.tenantId) ?? t.tenantId })),
    };
    fs.writeFileSync(file, `${JSON.stringify(header)}\n`, { mode: 0o600 });
    return file;
  }

  /** The exchange with secrets removed (and pseudonyms applied): what a recording may hold. */
  private safe(e: RecordedExchange): RecordedExchange {
    const known = this.opts.known();
    const clean = (v: unknown): unknown => scrub(v, known);
    let out: RecordedExchange = {
      ...e,
      path: String(clean(e.path)),
      requestHeaders: kept(e.requestHeaders),
      requestBody: clean(e.requestBody),
      responseHeaders: kept(e.responseHeaders),
      responseBody: clean(e.responseBody),
      ...(e.failure ? { failure: String(clean(e.failure)) } : {}),
    };
    if (this.names) out = this.names.exchange(out);
    return JSON.parse(JSON.stringify(out)) as RecordedExchange;
  }

  /** A Graph client middleware recording each request it passes on (insert it just before the HTTP handler). */
  graphMiddleware(alias: string): Middleware {
    let next: Middleware | undefined;
    const recorder = this;
    return {
      setNext(m: Middleware) {
        next = m;
      },
      async execute(context: Context) {
        const started = Date.now();
        const url = new URL(typeof context.request === "string" ? context.request : context.request.url);
        const options = context.options ?? {};
        const base = {
          at: new Date(started).toISOString(),
          tenant: alias,
          channel: "graph" as const,
          method: (options.method ?? "GET").toUpperCase(),
          path: url.pathname + url.search,
        };
        const requestHeaders = headersOf(options.headers);
        const requestBody = bodyOf(typeof options.body === "string" ? options.body : undefined, requestHeaders["content-type"]);
        try {
          await next!.execute(context);
        } catch (err) {
          recorder.record({ ...base, ms: Date.now() - started, requestHeaders, requestBody, status: 0, failure: (err as Error)?.message ?? String(err) });
          throw err;
        }
        const response = context.response!;
        const responseHeaders = headersOf(response.headers);
        const text = await response.clone().text();
        recorder.record({
          ...base,
          ms: Date.now() - started,
          requestHeaders,
          requestBody,
          status: response.status,
          responseHeaders,
          responseBody: bodyOf(text, responseHeaders["content-type"]),
        });
      },
    };
  }

  /** An @azure/identity pipeline policy recording each token and discovery request of a credential. */
  identityPolicy(alias: string): PipelinePolicy {
    return {
      name: "entra-mto-recording",
      sendRequest: async (request, next) => {
        const started = Date.now();
        const url = new URL(request.url);
        const requestHeaders = headersOf(request.headers.toJSON());
        const base = {
          at: new Date(started).toISOString(),
          tenant: alias,
          channel: "identity" as const,
          method: request.method,
          path: url.pathname + url.search,
          requestHeaders,
          requestBody: bodyOf(typeof request.body === "string" ? request.body : undefined, requestHeaders["content-type"]),
        };
        try {
          const response = await next(request);
          const responseHeaders = headersOf(response.headers.toJSON());
          this.record({
            ...base,
            ms: Date.now() - started,
            status: response.status,
            responseHeaders,
            responseBody: bodyOf(response.bodyAsText ?? undefined, responseHeaders["content-type"]),
          });
          return response;
        } catch (err) {
          this.record({ ...base, ms: Date.now() - started, status: 0, failure: (err as Error)?.message ?? String(err) });
          throw err;
        }
      },
    };
  }
}

/** Header names lower-cased, values as text, from whichever form a library keeps them in. */
function headersOf(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (typeof (headers as Headers).forEach === "function" && !Array.isArray(headers)) {
    (headers as Headers).forEach((v, k) => {
      out[k.toLowerCase()] = String(v);
    });
  } else {
    for (const [k, v] of Object.entries(headers as Record<string, string>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** Only the headers that describe the exchange. */
function kept(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out = Object.fromEntries(Object.entries(headers).filter(([k]) => RECORDED_HEADERS.has(k)));
  return Object.keys(out).length ? out : undefined;
}

/** JSON as JSON, a form as its fields, other text as text; nothing as undefined. */
function bodyOf(text: string | undefined, contentType = ""): unknown {
  if (text === undefined || text === "") return undefined;
  if (contentType.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A value with every secret removed: by name, by the shape of its text, and the configured ones. */
export function scrub(value: unknown, known: readonly string[], name = ""): unknown {
  if (typeof value === "string") {
    if (SECRET_NAME.test(name) && value !== "") return REDACTED;
    const text = redact(value, known);
    return secretKind(text, known) ? REDACTED : text;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, known, name));
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    // A synchronization secret: { key: "SecretToken", value: "…" }.
    const keyed = typeof o.key === "string" && SECRET_KEY_NAME.test(o.key) && typeof o.value === "string";
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, keyed && k === "value" && v !== "" ? REDACTED : scrub(v, known, k)]));
  }
  return value;
}
