// What a secret looks like: a PEM block, a token (JWT), an Entra client secret, an Authorization
// header or a secret form field. The provider refuses such a value in an input that is not secret
// and redacts it from every line it writes; a recording is scrubbed of it before it is written, and
// the emulator's replay refuses a recording that still holds one.

/** A PEM block (private key or certificate). */
const PEM = /-----BEGIN [A-Z0-9 ]+-----/;
/** A JWT (access token, federated assertion): header and payload are base64url JSON, "eyJ…". */
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/;
/** Entra client secrets since 2021: three characters, a digit, "Q~", then 31 to 37 more (40 in all). */
const ENTRA_SECRET = /(^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,37}($|[^A-Za-z0-9_~.-])/;
/**
 * An Authorization header value (a scheme, then a token of 16 or more characters with a digit and
 * an upper-case letter, so "Basic collaboration-agreement" is prose) or a form field carrying a
 * credential.
 */
const CREDENTIAL_FIELD =
  /\b(Bearer|Basic) +(?=[A-Za-z0-9._~+/=-]*\d)(?=[A-Za-z0-9._~+/=-]*[A-Z])[A-Za-z0-9._~+/=-]{16,}|\b(client_secret|client_assertion|access_token|refresh_token)=[^&\s"']+/;

/** Why a value looks like a secret, or undefined. `known` are the secrets actually configured. */
export function secretKind(value: unknown, known: readonly string[] = []): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (PEM.test(value)) return "a PEM block (a private key or certificate)";
  if (JWT.test(value)) return "a token (JWT)";
  if (ENTRA_SECRET.test(value)) return "an Entra client secret";
  if (CREDENTIAL_FIELD.test(value)) return "a credential (an Authorization header or secret field)";
  if (known.some((s) => s.length >= 8 && value.includes(s))) return "a secret configured under entra-mto:tenants";
  return undefined;
}

const REDACTIONS: [RegExp, string | ((m: string, ...g: string[]) => string)][] = [
  [/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(-----END \1-----|$)/g, "[REDACTED PEM]"],
  [/\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:[A-Za-z]+\s+)?[^\s"',;}]+/gi, (_m, name: string, sep: string) => `${name}${sep}[REDACTED]`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, scheme: string) => `${scheme} [REDACTED]`],
  [
    /\b(client_secret|client_assertion|access_token|refresh_token|id_token|assertion)(["']?\s*[:=]\s*["']?)[^&\s"',}]+/gi,
    (_m, name: string, sep: string) => `${name}${sep}[REDACTED]`,
  ],
  [/eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[REDACTED JWT]"],
];

/** The text with authorization headers, tokens, PEM blocks, secret form fields and `known` secrets redacted. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement as string);
  for (const s of known) if (s.length >= 8) out = out.split(s).join("[REDACTED]");
  return out;
}
