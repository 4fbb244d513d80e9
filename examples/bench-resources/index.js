// `count` partner configurations (CrossTenantAccessPartner) in the tenant `cairo` toward the first
// `count` of `partnerTenantIds`: real entra-mto resources that need no organization and no joins,
// so the benchmarks build hundreds in seconds on the emulator. Plain JavaScript, like
// examples/bench-floor, so the two differ only in their resources. Stack configuration:
//   entra-mto:tenants   { cairo: { tenantId, auth, clientId, clientSecretEnv } }
//   partnerTenantIds    JSON array of tenant ids
//   count               how many of them (default: all)
const pulumi = require("@pulumi/pulumi");
const { CrossTenantAccessPartner } = require("pulumi-entra-mto");

const config = new pulumi.Config();
const partners = config.requireObject("partnerTenantIds");
const count = config.getNumber("count") ?? partners.length;
partners.slice(0, count).forEach((partnerTenantId, i) => {
  new CrossTenantAccessPartner(`partner-${i}`, {
    tenant: "cairo",
    partnerTenantId,
    inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
  });
});
