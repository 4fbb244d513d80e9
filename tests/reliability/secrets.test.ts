// Secrets in text: what the provider redacts from its own output (authorization headers, tokens,
// keys, secret form fields, the configured secrets), what check recognises as a secret pasted into
// a plain field, and that the end-to-end scanner (tests/e2e/secrets.ts) finds every kind of leak it
// is meant to find, so a clean scan means something.
import { ProviderContext } from "../../provider/context";
import { redact, secretKind, shown } from "../../provider/inputs/secrets";
import { SecretScan } from "../e2e/secrets";

const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0aWQiOiIwMDAwMGNhMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";
const ENTRA_SECRET = "Abc8Q~abcdefghijklmnopqrstuvwxyzABCDEFGH";

test.each([
  ["an Authorization header", `GET /v1.0/x\nAuthorization: Bearer ${JWT}\nAccept: */*`, "Authorization: [REDACTED]"],
  ["a JSON header object", JSON.stringify({ headers: { authorization: `Bearer ${JWT}`, accept: "x" } }), '"authorization":"[REDACTED]"'],
  ["a bare bearer token", `token Bearer ${JWT} sent`, "Bearer [REDACTED]"],
  ["a token endpoint form", `client_id=a&client_secret=${ENTRA_SECRET}&scope=x`, "client_secret=[REDACTED]"],
  ["a client assertion", `client_assertion_type=jwt&client_assertion=${JWT}`, "client_assertion=[REDACTED]"],
  ["a JWT anywhere", `the token was ${JWT}.`, "[REDACTED JWT]"],
  ["a PEM block", `key: ${PEM} end`, "[REDACTED PEM]"],
])("redact: %s", (_name, text, marker) => {
  const out = redact(text);
  expect(out).toContain(marker);
  expect(out).not.toContain(JWT);
  expect(out).not.toContain(ENTRA_SECRET);
  expect(out).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
});

test("redact: the configured secrets, whatever their shape; ordinary text is left alone", () => {
  expect(redact("secret is plain-old-secret-1 here", ["plain-old-secret-1"])).toBe("secret is [REDACTED] here");
  const ordinary = "join of tenant 00000be1-0000-4000-8000-000000000be1 into the organization of x: pending (running)";
  expect(redact(ordinary, ["plain-old-secret-1"])).toBe(ordinary);
});

test("the provider's own log lines are redacted", () => {
  const config: Record<string, string> = {
    "entra-mto:tenants": JSON.stringify({
      cairo: { tenantId: "00000ca1-0000-4000-8000-000000000ca1", auth: "clientSecret", clientId: "c", clientSecret: "configured-secret-value" },
    }),
  };
  const ctx = ProviderContext.configure((k) => config[k]);
  const lines: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  try {
    ctx.log(`request failed; Authorization: Bearer ${JWT}; secret configured-secret-value`);
  } finally {
    spy.mockRestore();
  }
  expect(lines).toEqual(["[entra-mto] request failed; Authorization: [REDACTED]; secret [REDACTED]"]);
});

test("secretKind: what check refuses in a plain field, and what it lets through", () => {
  expect(secretKind(ENTRA_SECRET)).toBe("an Entra client secret");
  expect(secretKind(`Cairo ${JWT}`)).toBe("a token (JWT)");
  expect(secretKind(PEM)).toMatch(/PEM/);
  expect(secretKind("Authorization: Bearer 0.AXkAabcDEFghiJKL-mnoPQR")).toMatch(/credential/);
  expect(secretKind("Basic dXNlcjpwYXNzd29yZDEyMw==")).toMatch(/credential/);
  expect(secretKind("client_secret=abc")).toMatch(/credential/);
  expect(secretKind("Basic collaboration-agreement between subsidiaries")).toBeUndefined();
  expect(secretKind("Bearer of the group's shared mailbox")).toBeUndefined();
  expect(secretKind("Contoso, Fabrikam & Woodgrove Holdings (EMEA) - 2026")).toBeUndefined();
  expect(secretKind("00000ca1-0000-4000-8000-000000000ca1")).toBeUndefined();
  expect(secretKind("ContosoLtd-2024-Production-Org")).toBeUndefined();
  expect(shown(ENTRA_SECRET)).not.toContain(ENTRA_SECRET);
  expect(shown("denver")).toBe("'denver'");
});

test("the end-to-end scanner finds each kind of leak, and names it without printing it", () => {
  const scan = new SecretScan({ issuedTokens: () => [JWT] }).add("client secret", "emulator-secret-1").add("certificate key", PEM);
  scan.record("clean output", "Updating (dev)\n  + entra-mto:MultiTenantOrganization cairo created\nResources: 1 created");
  scan.record("a log line", "level=info msg=configured secret=emulator-secret-1");
  scan.record("an error", `failed: ${JWT.slice(0, 30)}...${JWT}`);
  scan.record("state", JSON.stringify({ key: PEM }));
  scan.record("a header", "authorization: Bearer abcdefghijklmnopqrstuvwxyz");
  const findings = scan.findings();
  expect(findings).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^a log line: client secret/),
      expect.stringMatching(/^an error: a token the emulator issued/),
      expect.stringMatching(/^an error: something shaped like a token/),
      expect.stringMatching(/^state: certificate key \((JSON-escaped|a line of it)\)/),
      expect.stringMatching(/^a header: an Authorization header with its value/),
    ]),
  );
  expect(findings.some((f) => f.startsWith("clean output"))).toBe(false);
  for (const f of findings) {
    expect(f).not.toContain("emulator-secret-1");
    expect(f).not.toContain(JWT);
  }
  expect(() => scan.assertClean()).toThrow(/secrets found in the output of the run/);
});

test("the scanner leaves out only the lines an allowance names, and counts them", () => {
  const scan = new SecretScan().add("client secret", "emulator-secret-1").allow(/^ENGINE value=/, "an engine line");
  scan.record("log", "ENGINE value=emulator-secret-1\nours: fine");
  expect(scan.assertClean()).toMatchObject({ texts: 1 });
  expect(scan.excluded()).toEqual([{ why: "an engine line", lines: 1 }]);
  scan.record("log 2", "ours: emulator-secret-1");
  expect(scan.findings()).toEqual([expect.stringMatching(/^log 2: client secret/)]);
});
