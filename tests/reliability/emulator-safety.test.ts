// The emulator is safe to run on a workstation: it binds to loopback unless told otherwise, its
// admin API answers loopback callers only and refuses Graph tokens, Graph tokens are checked for
// signature, audience, expiry and tenant, and its state file survives a kill in the middle of a write.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as jose from "jose";
import { IdentityService } from "../../emulator/identity";
import { buildServer } from "../../emulator/server";
import { StateFile } from "../../emulator/store";
import { ensureTls } from "../../emulator/tls";
import { CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";

const MTO = "/tenantRelationships/multiTenantOrganization";
let em: TestEmulator;
beforeAll(async () => {
  em = await testEmulator();
});
afterAll(async () => em?.dispose());

test("binds to loopback by default", () => {
  expect(new URL(em.url).hostname).toBe("127.0.0.1");
});

test("the admin API refuses callers that are not on loopback, and Graph tokens", async () => {
  // Fastify's inject sets the caller's address without any network traffic.
  const identity = await IdentityService.open(em.dataDir, () => em.url);
  const server = buildServer(em.emulator, identity, ensureTls(em.dataDir));
  try {
    const remote = await server.inject({ method: "GET", url: "/_emulator/state", remoteAddress: "192.0.2.10" });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).toMatch(/loopback clients only/);
    expect((await server.inject({ method: "GET", url: "/_emulator/clock", remoteAddress: "127.0.0.1" })).statusCode).toBe(200);
  } finally {
    await server.close();
  }
  const token = (await em.credential(CAIRO).getToken("https://graph.microsoft.com/.default"))!.token;
  const withToken = await fetch(`${em.url}/_emulator/state`, { headers: { authorization: `Bearer ${token}` } });
  expect(withToken.status).toBe(403);
  expect(await withToken.text()).toMatch(/does not accept Graph tokens/);
});

describe("Graph tokens are checked for signature, audience, expiry and tenant", () => {
  const sign = async (claims: jose.JWTPayload, key?: jose.CryptoKey | Uint8Array) => {
    const jwk = JSON.parse(fs.readFileSync(path.join(em.dataDir, "signing-key.json"), "utf8"));
    const signingKey = key ?? (await jose.importJWK(jwk, "RS256"));
    const now = Math.floor(Date.now() / 1000);
    return new jose.SignJWT({ tid: CAIRO, appid: "a", roles: ["MultiTenantOrganization.Read.All"], ...claims })
      .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
      .setIssuer((claims.iss as string) ?? `${em.url}/${CAIRO}/v2.0`)
      .setAudience((claims.aud as string) ?? "https://graph.microsoft.com")
      .setIssuedAt(now - 60)
      .setExpirationTime((claims.exp as number) ?? now + 600)
      .sign(signingKey);
  };
  const status = async (token: string) => (await fetch(`${em.url}/v1.0${MTO}`, { headers: { authorization: `Bearer ${token}` } })).status;

  test("a well-formed token signed by the emulator passes (the control)", async () => {
    expect(await status(await sign({}))).toBe(200);
  });
  test("signed by another key: 401", async () => {
    const { privateKey } = await jose.generateKeyPair("RS256");
    expect(await status(await sign({}, privateKey))).toBe(401);
  });
  test("for another audience: 401", async () => {
    expect(await status(await sign({ aud: "https://management.azure.com" }))).toBe(401);
  });
  test("expired: 401", async () => {
    expect(await status(await sign({ exp: Math.floor(Date.now() / 1000) - 3600 }))).toBe(401);
  });
  test("issued for one tenant, claiming another: 401", async () => {
    expect(await status(await sign({ iss: `${em.url}/00000be1-0000-4000-8000-000000000be1/v2.0` }))).toBe(401);
  });
});

test("a kill in the middle of state writes loses nothing: the file is always a whole state", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-store-"));
  const store = require.resolve("../../dist/emulator/store.js");
  // A child writes ever larger states as fast as it can; it is killed at varied moments.
  const writer = `const { StateFile } = require(${JSON.stringify(store)}); const f = new StateFile(${JSON.stringify(dir)});
    for (let seq = 1; ; seq++) f.save({ version: 1, seq, padding: "x".repeat(20000 + (seq % 50) * 1000) });`;
  try {
    let lastSeen = 0;
    for (let kill = 0; kill < 12; kill++) {
      const child = spawn(process.execPath, ["-e", writer], { stdio: "ignore" });
      // Killed while it writes: once a first state is there (a loaded machine starts Node slowly),
      // then after a varied moment.
      const file = path.join(dir, "state.json");
      for (let i = 0; i < 500 && !(kill > 0 || fs.existsSync(file)); i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 40 + kill * 15));
      child.kill("SIGKILL");
      await new Promise((r) => child.on("exit", r));
      const state = new StateFile(dir).load() as unknown as { seq: number; padding: string };
      expect(state.padding.length).toBe(20000 + (state.seq % 50) * 1000);
      lastSeen = state.seq;
    }
    expect(lastSeen).toBeGreaterThan(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
