// One line of what a partner configuration puts in effect, in the words an administrator uses:
// the claims accepted from the partner, automatic consent, and whether users may be synchronized in
// (a policy only: whether anyone is, the configurations in the source say).
import type { PartnerConfiguration } from "../contract/wire";

const CLAIMS: [keyof NonNullable<PartnerConfiguration["inboundTrust"]>, string][] = [
  ["isMfaAccepted", "MFA"],
  ["isCompliantDeviceAccepted", "compliant devices"],
  ["isHybridAzureADJoinedDeviceAccepted", "hybrid joined devices"],
];

export function trustSummary(p: PartnerConfiguration): string {
  const parts: string[] = [];
  const claims = CLAIMS.filter(([k]) => p.inboundTrust?.[k] === true).map(([, name]) => name);
  if (claims.length) parts.push(`accepts ${claims.join(", ")}`);
  const consent = p.automaticUserConsentSettings;
  const directions = [consent?.inboundAllowed && "in", consent?.outboundAllowed && "out"].filter(Boolean);
  if (directions.length) parts.push(`auto-consent ${directions.join("/")}`);
  if (p.identitySynchronization?.userSyncInbound?.isSyncAllowed) parts.push("allows users in (synchronization)");
  return parts.length ? parts.join("; ") : "no trust beyond the defaults";
}
