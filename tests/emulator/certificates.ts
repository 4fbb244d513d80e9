// A self-signed certificate and its private key (PEM), for the certificate credential's tests: the
// world registers `certPem` for an app, the tenant's configuration holds `keyPem + certPem`.
import forge from "node-forge";

const HOUR = 3600_000;

export function selfSignedCertificate(notBefore = new Date(Date.now() - HOUR), notAfter = new Date(Date.now() + 24 * HOUR)): { certPem: string; keyPem: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "01";
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: "commonName", value: "pipeline" }]);
  cert.setIssuer([{ name: "commonName", value: "pipeline" }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}
