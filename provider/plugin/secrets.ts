// Secrets in resource properties. The plugin accepts secrets (constructing components requires it),
// so the engine sends them marked, where the dynamic provider got plain values and the engine kept
// the marks itself. The handlers take plain values: marks are removed on the way in and put back
// on the same top-level properties on the way out, as the engine does for dynamic resources.
import * as pulumi from "@pulumi/pulumi";
import { isObject } from "../../contract/json";

/** How the engine marks a secret value: the SDK's own constants. */
const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

const isSecret = (v: unknown): v is { value: unknown } => isObject(v) && v[SIG_KEY] === SECRET_SIG;

function reveal(value: unknown): { value: unknown; secret: boolean } {
  if (isSecret(value)) return { value: reveal(value.value).value, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(reveal);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, reveal(v)] as const);
    return { value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])), secret: entries.some(([, r]) => r.secret) };
  }
  return { value, secret: false };
}

/** The properties without secret marks, and the top-level keys that held a secret. */
export function revealed(props: Record<string, unknown> | undefined): { plain: Record<string, any>; secretKeys: Set<string> } {
  const plain: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries(props ?? {})) {
    const r = reveal(v);
    plain[k] = r.value;
    if (r.secret) secretKeys.add(k);
  }
  return { plain, secretKeys };
}

/** The properties with the given top-level keys marked secret again. */
export function concealed<T>(props: T, keys: Set<string>): T {
  if (!isObject(props) || keys.size === 0) return props;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, keys.has(k) && v !== undefined ? { [SIG_KEY]: SECRET_SIG, value: v } : v])) as T;
}
