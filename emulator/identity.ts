// Entra identity endpoints, enough for real @azure/identity credentials pointed at the emulator:
// per-tenant OpenID configuration, a client-credentials token endpoint (secret, certificate
// assertion, federated assertion), signed JWT access tokens, and their verification for Graph.
import { createHash, randomUUID, type webcrypto, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as jose from "jose";
import type { World, WorldApp } from "./model/world";
import type { Principal } from "./graph/dispatch";

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
export const FEDERATION_AUDIENCE = "api://AzureADTokenExchange";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const TOKEN_LIFETIME_S = 3600;

export interface TokenError {
  status: number;
  body: Record<string, unknown>;
}

/** Entra's error body: an OAuth error plus AADSTS code, trace and correlation ids. */
function entraError(status: number, error: string, aadsts: number, message: string, correlationId: string): TokenError {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace("Z", "Z");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

export class IdentityService {
  /** Verified Graph tokens, so the hot path verifies each token's signature once. */
  private readonly verified = new Map<string, Principal & { exp: number }>();
  /** Tokens this emulator signed (access tokens and federated assertions), newest last, for leak scans. */
  private readonly issuedTokens: string[] = [];

  /** Every token issued since start (the last 10,000): tests check none of them leaks into output. */
  issued(): string[] {
    return [...this.issuedTokens];
  }

  private remember(token: string): string {
    this.issuedTokens.push(token);
    if (this.issuedTokens.length > 10_000) this.issuedTokens.splice(0, this.issuedTokens.length - 10_000);
    return token;
  }

  private constructor(
    private readonly privateKey: webcrypto.CryptoKey,
    private readonly publicKey: webcrypto.CryptoKey,
    readonly publicJwk: jose.JWK,
    private readonly baseUrl: () => string,
  ) {}

  /** Loads the signing key from the data directory, creating it on first start. */
  static async open(dataDir: string, baseUrl: () => string): Promise<IdentityService> {
    const file = path.join(dataDir, "signing-key.json");
    let jwk: jose.JWK;
    if (fs.existsSync(file)) {
      jwk = JSON.parse(fs.readFileSync(file, "utf8"));
    } else {
      const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
      jwk = { ...(await jose.exportJWK(privateKey)), kid: randomUUID(), alg: "RS256", use: "sig" };
      fs.writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
    }
    const privateKey = (await jose.importJWK(jwk, "RS256")) as webcrypto.CryptoKey;
    const { kty, n, e, kid, alg, use } = jwk;
    const publicJwk = { kty, n, e, kid, alg, use };
    const publicKey = (await jose.importJWK(publicJwk, "RS256")) as webcrypto.CryptoKey;
    return new IdentityService(privateKey, publicKey, publicJwk, baseUrl);
  }

  issuer(tenantId: string): string {
    return `${this.baseUrl()}/${tenantId}/v2.0`;
  }

  federationIssuer(): string {
    return `${this.baseUrl()}/federation`;
  }

  openIdConfiguration(tenantId: string): Record<string, unknown> {
    const base = this.baseUrl();
    return {
      issuer: this.issuer(tenantId),
      authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
      jwks_uri: `${base}/common/discovery/v2.0/keys`,
      response_types_supported: ["code", "id_token", "token"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      tenant_region_scope: "WW",
      cloud_instance_name: "microsoftonline.com",
    };
  }

  jwks(): { keys: jose.JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** A token from the emulator's own OIDC issuer, standing in for GitHub / Azure Pipelines / Kubernetes. */
  async federatedToken(subject: string, audience = FEDERATION_AUDIENCE, lifetimeSeconds = 600): Promise<string> {
    return this.remember(
      await new jose.SignJWT({})
        .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid })
        .setIssuer(this.federationIssuer())
        .setSubject(subject)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
        .sign(this.privateKey),
    );
  }

  /** The token endpoint: client credentials grant, returning a token or Entra's error. */
  async token(world: World, tenantId: string, form: Record<string, string>, correlationId: string): Promise<{ status: 200; body: Record<string, unknown> } | TokenError> {
    const tenant = world.tenants.find((t) => t.id.toLowerCase() === tenantId.toLowerCase() || t.defaultDomain.toLowerCase() === tenantId.toLowerCase());
    if (!tenant) return entraError(400, "invalid_request", 90002, `Tenant '${tenantId}' not found.`, correlationId);
    if (form.grant_type !== "client_credentials") {
      return entraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.", correlationId);
    }
    if (!form.scope || !/\/\.default$/.test(form.scope.split(" ")[0])) {
      return entraError(
        400,
        "invalid_scope",
        1002012,
        "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        correlationId,
      );
    }
    const app = world.apps.find((a) => a.clientId.toLowerCase() === (form.client_id ?? "").toLowerCase());
    if (!app) {
      return entraError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${form.client_id}' was not found in the directory '${tenant.displayName}'.`,
        correlationId,
      );
    }
    const authError = await this.authenticateClient(app, form, tenant.id, correlationId);
    if (authError) return authError;
    const roles = Object.entries(app.grants).find(([k]) => k.toLowerCase() === tenant.id.toLowerCase())?.[1];
    if (!roles) {
      return entraError(400, "invalid_client", 7000229, `The client application ${app.clientId} is missing service principal in the tenant ${tenant.id}.`, correlationId);
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new jose.SignJWT({ tid: tenant.id, appid: app.clientId, azp: app.clientId, roles, idtyp: "app", ver: "1.0", oid: app.clientId })
      .setProtectedHeader({ alg: "RS256", kid: this.publicJwk.kid, typ: "JWT" })
      .setIssuer(this.issuer(tenant.id))
      .setSubject(app.clientId)
      .setAudience(GRAPH_AUDIENCE)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + TOKEN_LIFETIME_S)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { status: 200, body: { token_type: "Bearer", expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: this.remember(accessToken) } };
  }

  private async authenticateClient(app: WorldApp, form: Record<string, string>, tenantId: string, correlationId: string): Promise<TokenError | null> {
    if (form.client_secret !== undefined) {
      if ((app.secrets ?? []).includes(form.client_secret)) return null;
      return entraError(
        401,
        "invalid_client",
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        correlationId,
      );
    }
    if (form.client_assertion_type !== ASSERTION_TYPE || !form.client_assertion) {
      return entraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", correlationId);
    }
    let claims: jose.JWTPayload;
    try {
      claims = jose.decodeJwt(form.client_assertion);
    } catch {
      return entraError(401, "invalid_client", 50027, "JWT token is invalid or malformed.", correlationId);
    }
    if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) {
      return entraError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.", correlationId);
    }
    return claims.iss === app.clientId
      ? this.verifyCertificateAssertion(app, form.client_assertion, tenantId, correlationId)
      : this.verifyFederatedAssertion(app, form.client_assertion, claims, correlationId);
  }

  private async verifyCertificateAssertion(app: WorldApp, assertion: string, tenantId: string, correlationId: string): Promise<TokenError | null> {
    const header = jose.decodeProtectedHeader(assertion);
    for (const pem of app.certificates ?? []) {
      const cert = new X509Certificate(pem);
      const thumbprints = [Buffer.from(cert.fingerprint.replace(/:/g, ""), "hex").toString("base64url"), createHash("sha256").update(cert.raw).digest("base64url")];
      if (![header.x5t, header["x5t#S256"]].some((t) => typeof t === "string" && thumbprints.includes(t))) continue;
      try {
        const key = await jose.importX509(pem, String(header.alg ?? "RS256"));
        await jose.jwtVerify(assertion, key, { issuer: app.clientId, subject: app.clientId, audience: `${this.baseUrl()}/${tenantId}/oauth2/v2.0/token`, clockTolerance: 300 });
        return null;
      } catch (err) {
        return entraError(401, "invalid_client", 700027, `Client assertion failed signature validation: ${(err as Error).message}`, correlationId);
      }
    }
    return entraError(401, "invalid_client", 700027, "The certificate with the thumbprint in the client assertion is not registered for the application.", correlationId);
  }

  private async verifyFederatedAssertion(app: WorldApp, assertion: string, claims: jose.JWTPayload, correlationId: string): Promise<TokenError | null> {
    const issuer = claims.iss === this.federationIssuer() ? "emulator" : claims.iss;
    const credential = (app.federated ?? []).find((f) => f.issuer === issuer && f.subject === claims.sub);
    if (!credential) {
      return entraError(
        400,
        "invalid_client",
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'.`,
        correlationId,
      );
    }
    try {
      await jose.jwtVerify(assertion, this.publicKey, { issuer: this.federationIssuer(), audience: credential.audience ?? FEDERATION_AUDIENCE });
      return null;
    } catch (err) {
      return entraError(400, "invalid_client", 700211, `The federated assertion could not be validated: ${(err as Error).message}`, correlationId);
    }
  }

  /** Verifies a Graph bearer token; null when it is missing, forged, expired or not for Graph. */
  async principal(authorization: string | undefined): Promise<Principal | null> {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1];
    if (!token) return null;
    const known = this.verified.get(token);
    if (known && known.exp > Date.now()) return known;
    try {
      const { payload } = await jose.jwtVerify(token, this.publicKey, { audience: GRAPH_AUDIENCE });
      const tid = String(payload.tid);
      if (payload.iss !== this.issuer(tid)) return null;
      const principal = { tenantId: tid.toLowerCase(), appId: String(payload.appid), roles: (payload.roles as string[]) ?? [], exp: payload.exp! * 1000 };
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, principal);
      return principal;
    } catch {
      return null;
    }
  }
}
