// Why a connection test failed, judged by the tenants' policies rather than by Graph's sentence
// (documented texts have changed over the years): the source must allow automatic redemption
// outbound toward the target; the target must allow it inbound from the source and allow users to
// be synchronized in. The target's side is read when this program has its credentials; otherwise
// the error says what the target's administrator must check.
import { SYNC_POLICY_CHECK_FAILURE } from "../../contract/sync";
import type { ProviderContext } from "../context";
import { GraphRequestError } from "../graph/errors";
import * as xtap from "../graph/xtap-api";

/** Graph's codes for a failed policy check: the current one and the one older pages show. */
const POLICY_CHECK_CODES = [SYNC_POLICY_CHECK_FAILURE, "AzureDirectoryB2BManagementPolicyCheckFailure"];

export const isPolicyCheckFailure = (err: unknown): boolean => err instanceof GraphRequestError && POLICY_CHECK_CODES.includes(err.code);

interface PolicyGaps {
  /** What each tenant lacks, as the property to set; undefined when that side could not be read. */
  source: string[];
  target: string[] | undefined;
}

/** What each side lacks for synchronization from source into target. */
async function policyGaps(ctx: ProviderContext, source: string, targetTenantId: string, sourceTenantId: string): Promise<PolicyGaps> {
  const outward = await xtap.getPartner(ctx.graph(source), targetTenantId).catch(() => undefined);
  const sourceGaps =
    outward?.automaticUserConsentSettings?.outboundAllowed === true
      ? []
      : ["automaticUserConsentSettings.outboundAllowed = true (CrossTenantAccessPartner, or the topology's trust)"];
  const targetAlias = ctx.aliasOf(targetTenantId);
  if (!targetAlias) return { source: sourceGaps, target: undefined };
  const g = ctx.graph(targetAlias);
  const inward = await xtap.getPartner(g, sourceTenantId).catch(() => undefined);
  const sync = await xtap.getIdentitySync(g, sourceTenantId).catch(() => undefined);
  const targetGaps = [
    ...(inward?.automaticUserConsentSettings?.inboundAllowed === true ? [] : ["automaticUserConsentSettings.inboundAllowed = true (CrossTenantAccessPartner)"]),
    ...(sync?.userSyncInbound?.isSyncAllowed === true ? [] : ["userSyncInbound.isSyncAllowed = true (CrossTenantIdentitySync, or the topology's syncUsersFrom)"]),
  ];
  return { source: sourceGaps, target: targetGaps };
}

/** The error text of a failed policy check: which tenant must allow what, then Graph's own words. */
export async function explainPolicyCheck(ctx: ProviderContext, source: string, targetTenantId: string, err: GraphRequestError): Promise<string> {
  const sourceTenantId = ctx.tenantIdOf(source) ?? "";
  const gaps = await policyGaps(ctx, source, targetTenantId, sourceTenantId);
  const lines: string[] = [];
  const from = ctx.tenantName(source);
  const into = ctx.tenantName(targetTenantId);
  for (const g of gaps.source) lines.push(`${from} must allow, in its partner configuration for ${into}: ${g}`);
  if (gaps.target === undefined) {
    lines.push(
      `${into} (no credentials here to read it) must allow, in its partner configuration for ${from}: automatic redemption inbound and users synchronized in (identitySynchronization.userSyncInbound)`,
    );
  } else {
    for (const g of gaps.target) lines.push(`${into} must allow, in its partner configuration for ${from}: ${g}`);
  }
  if (lines.length === 0) lines.push("both tenants' policies read as allowing it now: Graph may not have seen a recent change yet (`pulumi up` again in a few minutes)");
  return `the connection test from ${from} into ${into} failed (${err.code}; nothing else was written):\n  ${lines.join("\n  ")}\n  Graph said: ${err.graphMessage}`;
}
