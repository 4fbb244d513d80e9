// HTTPS material: a local CA and a server certificate for 127.0.0.1 and localhost, created on first
// start in the data directory. Clients trust the CA through NODE_EXTRA_CA_CERTS (MSAL refuses plain
// HTTP and the Graph client only sends tokens to https hosts).
import * as fs from "node:fs";
import * as path from "node:path";
import forge from "node-forge";

export interface TlsMaterial {
  caPath: string;
  key: string;
  cert: string;
}

function newCertificate(publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], years: number) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3600_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  return cert;
}

export function ensureTls(dataDir: string): TlsMaterial {
  const caPath = path.join(dataDir, "ca.pem");
  const keyPath = path.join(dataDir, "server-key.pem");
  const certPath = path.join(dataDir, "server-cert.pem");
  if (![caPath, keyPath, certPath].every((p) => fs.existsSync(p))) {
    const caKeys = forge.pki.rsa.generateKeyPair(2048);
    // A unique name per CA: TLS libraries pick the issuer by name, so two emulator CAs trusted at
    // once must not share one.
    const caName = [{ name: "commonName", value: `pulumi-entra-mto emulator CA ${forge.util.bytesToHex(forge.random.getBytesSync(6))}` }];
    const ca = newCertificate(caKeys.publicKey, caName, caName, 10);
    ca.setExtensions([
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
    ]);
    ca.sign(caKeys.privateKey, forge.md.sha256.create());

    const serverKeys = forge.pki.rsa.generateKeyPair(2048);
    const server = newCertificate(serverKeys.publicKey, [{ name: "commonName", value: "localhost" }], caName, 5);
    server.setExtensions([
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ]);
    server.sign(caKeys.privateKey, forge.md.sha256.create());

    fs.writeFileSync(caPath, forge.pki.certificateToPem(ca));
    fs.writeFileSync(keyPath, forge.pki.privateKeyToPem(serverKeys.privateKey), { mode: 0o600 });
    fs.writeFileSync(certPath, forge.pki.certificateToPem(server));
  }
  return { caPath, key: fs.readFileSync(keyPath, "utf8"), cert: fs.readFileSync(certPath, "utf8") };
}
