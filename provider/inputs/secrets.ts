// Secrets out of place. A client secret, a private key or a token pasted into a field that is not
// secret (a client id, a tenant id, a display name, a description) would be stored in plain text in
// state and shown in every preview; check refuses it, and says so without repeating the value. The
// same patterns (contract/secret-shapes.ts) are redacted from any text of ours that could carry one
// (logs, wrapped errors).
import { secretKind } from "../../contract/secret-shapes";

export { redact, secretKind } from "../../contract/secret-shapes";

/** The value quoted for a message, unless it looks like a secret. */
export function shown(value: unknown, known: readonly string[] = []): string {
  if (secretKind(value, known)) return "(a value that looks like a secret, not repeated here)";
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return `'${text.length > 80 ? `${text.slice(0, 77)}...` : text}'`;
}

/** The check failure for a secret in a field that is not secret; never contains the value. */
export function misplacedSecret(kind: string, where = "this field"): string {
  return (
    `looks like ${kind}; ${where} is not secret and would be stored and shown in plain text. ` +
    "Remove it (rotate it if it was shared), and give credentials only in entra-mto:tenants.<alias> " +
    "(clientSecret with `pulumi config set --secret`, clientSecretEnv, certificatePath or certificatePem)"
  );
}
