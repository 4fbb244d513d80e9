// Stable pseudonyms for a recording that leaves the organization: every id (a GUID anywhere in a
// path or a value) and every name (display names, user principal names, domains) is replaced by
// one derived from it with a key kept beside the recording, never in it. The same id gets the
// same pseudonym in every file of the folder, so the processes of one `pulumi up` agree and a
// replay still follows each object; without the key nobody can go back. Ids the service defines
// for everyone (the synchronization template's, the empty tenant) are kept: they name no one.
import { createHmac, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordedExchange } from "../../contract/recording";
import { CTS_APPLICATION_TEMPLATE_ID } from "../../contract/sync";
import { ZERO_TENANT_ID } from "../../contract/wire";

/** The key file in the recording folder: not a recording (its name does not end in .jsonl), not to be shared. */
export const KEY_FILE = ".pseudonym-key";
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A GUID written without its dashes, as in a synchronization job's id ("Azure2Azure.<tenant>.<guid>"). */
const BARE_GUID = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;
const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
/** Microsoft Graph's own application id, and the other ids every tenant shares. */
const SHARED_IDS: ReadonlySet<string> = new Set([CTS_APPLICATION_TEMPLATE_ID, ZERO_TENANT_ID, "00000003-0000-0000-c000-000000000000"]);
/** Properties holding a name of a person, a group, a tenant or a domain. */
const NAME_KEYS: ReadonlySet<string> = new Set([
  "displayName",
  "userPrincipalName",
  "mail",
  "mailNickname",
  "givenName",
  "surname",
  "defaultDomainName",
  "federationBrandName",
  "domainName",
  "description",
]);
/** Names the service gives (the admin center's configuration name holds only an id, pseudonymised inside). */
const SERVICE_NAME = /^MTO_Sync_[0-9a-f-]{36}$/i;

export class Pseudonyms {
  constructor(private readonly key: Buffer) {}

  /** The folder's key: read, or created (readable by its owner only) by the first process. */
  static forFolder(folder: string): Pseudonyms {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, KEY_FILE);
    try {
      fs.writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
    } catch {
      // Another process of the run created it first.
    }
    return new Pseudonyms(Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex"));
  }

  private digest(text: string): string {
    return createHmac("sha256", this.key).update(text).digest("hex");
  }

  /** A GUID's pseudonym: a version-4-shaped GUID, lower case. */
  id(guid: string): string {
    const g = guid.toLowerCase();
    if (SHARED_IDS.has(g)) return g;
    const h = this.digest(`id:${g}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A name's pseudonym; a domain stays a domain, a user principal name stays one. */
  name(text: string): string {
    if (SERVICE_NAME.test(text)) return this.ids(text);
    const h = this.digest(`name:${text.toLowerCase()}`).slice(0, 10);
    if (/^[^@\s]+@[^@\s]+$/.test(text)) return `user-${h}@example.invalid`;
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(text)) return `domain-${h}.example.invalid`;
    return `name-${h}`;
  }

  /** Every GUID inside a text replaced, with or without its dashes. */
  ids(text: string): string {
    return text.replace(GUID, (g) => this.id(g)).replace(BARE_GUID, (h) => this.id(dashed(h)).replace(/-/g, ""));
  }

  private value(v: unknown, key = ""): unknown {
    if (typeof v === "string") return NAME_KEYS.has(key) && v !== "" ? this.name(v) : this.ids(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x, key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(x, k)]));
    return v;
  }

  /** A path: ids replaced, and a domain looked up by name (findTenantInformationByDomainName). */
  private path(p: string): string {
    return this.ids(p).replace(/(domainName=')([^']*)(')/, (_m, a: string, d: string, b: string) => `${a}${this.name(decodeURIComponent(d))}${b}`);
  }

  private headers(h: Record<string, string> | undefined): Record<string, string> | undefined {
    return h && Object.fromEntries(Object.entries(h).map(([k, v]) => [k, this.ids(v)]));
  }

  exchange(e: RecordedExchange): RecordedExchange {
    return {
      ...e,
      path: this.path(e.path),
      requestHeaders: this.headers(e.requestHeaders),
      requestBody: this.value(e.requestBody),
      responseHeaders: this.headers(e.responseHeaders),
      responseBody: this.value(e.responseBody),
    };
  }
}
