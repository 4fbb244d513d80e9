// Reading a recording (contract/recording.ts): a file, or a folder of the files one run wrote (one
// per process, merged in the order their requests were sent). Anything that is not a recording,
// a newer format, a cut-off line or a line still holding something shaped like a secret is refused
// with the file and the line, before the emulator is started.
import * as fs from "node:fs";
import * as path from "node:path";
import { RECORDING_FORMAT, RECORDING_VERSION, REDACTED, type RecordedExchange, type RecordingHeader } from "../../contract/recording";
import { secretKind } from "../../contract/secret-shapes";

export class RecordingError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "RecordingError";
  }
}

/** An exchange and where it was read. */
export interface ReadExchange extends RecordedExchange {
  file: string;
  line: number;
}

export interface Recording {
  files: string[];
  headers: RecordingHeader[];
  /** The configured tenants of every file, by alias. */
  tenants: Map<string, string>;
  exchanges: ReadExchange[];
}

/** The recording files a path names: the file itself, or the folder's `.jsonl` files. */
function filesOf(target: string): string[] {
  if (!fs.existsSync(target)) throw new RecordingError(target, 0, "no such file or folder");
  if (!fs.statSync(target).isDirectory()) return [target];
  const files = fs
    .readdirSync(target)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => path.join(target, f));
  if (!files.length) throw new RecordingError(target, 0, "the folder holds no recording (no .jsonl file)");
  return files;
}

const EXCHANGE_FIELDS: [keyof RecordedExchange, string][] = [
  ["seq", "number"],
  ["at", "string"],
  ["ms", "number"],
  ["tenant", "string"],
  ["channel", "string"],
  ["method", "string"],
  ["path", "string"],
  ["status", "number"],
];

/** Where in a value something shaped like a secret sits ("responseBody.access_token"), and what it looks like. */
export function secretIn(value: unknown, at = ""): { at: string; kind: string } | undefined {
  if (typeof value === "string") {
    const kind = value === REDACTED ? undefined : secretKind(value);
    return kind ? { at: at || "(the line)", kind } : undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = secretIn(v, Array.isArray(value) ? `${at}[${k}]` : at ? `${at}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

function readHeader(file: string, first: string | undefined): RecordingHeader {
  let header: Partial<RecordingHeader>;
  try {
    header = JSON.parse(first ?? "") as Partial<RecordingHeader>;
  } catch {
    throw new RecordingError(file, 1, `not an entra-mto recording: the first line is not JSON (a recording starts with {"format":"${RECORDING_FORMAT}",…})`);
  }
  if (header?.format !== RECORDING_FORMAT) throw new RecordingError(file, 1, `not an entra-mto recording: the first line has no "format": "${RECORDING_FORMAT}"`);
  if (typeof header.version !== "number") throw new RecordingError(file, 1, "the header has no format version");
  if (header.version > RECORDING_VERSION) {
    throw new RecordingError(
      file,
      1,
      `format version ${header.version} is newer than this tool reads (${RECORDING_VERSION}): check it with the pulumi-entra-mto that recorded it (${header.recordedBy ?? "unknown"}) or a later one`,
    );
  }
  if (!Array.isArray(header.tenants)) throw new RecordingError(file, 1, "the header lists no tenants");
  return header as RecordingHeader;
}

function readFile(file: string): { header: RecordingHeader; exchanges: ReadExchange[] } {
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n");
  const complete = text.endsWith("\n");
  if (complete) lines.pop();
  const header = readHeader(file, lines[0]);
  const exchanges: ReadExchange[] = [];
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    if (lines[i].trim() === "") continue;
    let e: RecordedExchange;
    try {
      e = JSON.parse(lines[i]) as RecordedExchange;
    } catch {
      const last = i === lines.length - 1;
      throw new RecordingError(file, n, last && !complete ? "truncated: the last line was cut off (the recording process stopped while writing it)" : "not JSON");
    }
    for (const [field, type] of EXCHANGE_FIELDS) {
      if (typeof e?.[field] !== type) throw new RecordingError(file, n, `the exchange has no ${field} (${type})`);
    }
    if (e.channel !== "graph" && e.channel !== "identity") throw new RecordingError(file, n, `unknown channel '${e.channel}': expected graph or identity`);
    if (Number.isNaN(Date.parse(e.at))) throw new RecordingError(file, n, `'at' is not a date: ${e.at}`);
    const secret = secretIn(e);
    if (secret) {
      throw new RecordingError(file, n, `${secret.at} looks like ${secret.kind}; a recording must hold no secret. Record again with this version, or remove the line.`);
    }
    exchanges.push({ ...e, file, line: n });
  }
  return { header, exchanges };
}

/** Reads and checks a recording file or folder; exchanges in the order they were sent. */
export function readRecording(target: string): Recording {
  const files = filesOf(target);
  const read = files.map(readFile);
  const pseudonyms = new Set(read.map((r) => r.header.pseudonyms));
  if (pseudonyms.size > 1) throw new RecordingError(target, 0, "the folder mixes recordings with and without pseudonyms: check them apart");
  const tenants = new Map<string, string>();
  for (const r of read) for (const t of r.header.tenants) tenants.set(t.alias, t.tenantId.toLowerCase());
  const exchanges = read.flatMap((r) => r.exchanges).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.file === b.file ? a.seq - b.seq : 0));
  return { files, headers: read.map((r) => r.header), tenants, exchanges };
}
