// Secret-leak scanning for end-to-end runs. A test registers the secrets it uses (client secrets,
// private keys, federated assertions) and the emulator that issues its tokens; `watch(stack)` then
// captures what every up, preview, refresh and destroy prints (and the error of one that fails),
// `recordState` the exported state, and `assertClean` fails, naming where and which secret (never
// printing it), if any secret, any token the emulator issued, or anything shaped like a token or a
// private key appears in any of it.
import type { Stack } from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

/** A JWT: base64url JSON header and payload ("eyJ…"). Every access token and assertion has this shape. */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
/** A private key in PEM, possibly JSON-escaped. */
const PRIVATE_KEY_SHAPE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** An Authorization header with its value. */
const AUTH_HEADER_SHAPE = /authorization["']?\s*[:=]\s*["']?(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/i;

type Op = "up" | "preview" | "refresh" | "destroy";

export class SecretScan {
  private readonly secrets = new Map<string, string>();
  private readonly texts: { label: string; text: string }[] = [];
  private readonly allowed: { pattern: RegExp; why: string; lines: number }[] = [];
  private seq = 0;

  /** `emulator`: where the access tokens and assertions of the run come from. */
  constructor(private readonly emulator?: { issuedTokens(): string[] }) {}

  /** Registers secret values under a label ("client secret", "certificate key"...). */
  add(label: string, ...values: (string | undefined)[]): this {
    for (const v of values) {
      if (!v) continue;
      this.secrets.set(v, label);
      // A multi-line secret (a PEM) may appear re-wrapped or JSON-escaped: its lines count too.
      for (const line of v.split(/\r?\n/)) if (line.length >= 24 && !line.startsWith("-----")) this.secrets.set(line, `${label} (a line of it)`);
      const escaped = JSON.stringify(v).slice(1, -1);
      if (escaped !== v) this.secrets.set(escaped, `${label} (JSON-escaped)`);
    }
    return this;
  }

  /**
   * Lines of other programs known to print secrets, left out of the scan and counted (see
   * `excluded`). Give a pattern precise enough that no line of ours can match it.
   */
  allow(pattern: RegExp, why: string): this {
    this.allowed.push({ pattern, why, lines: 0 });
    return this;
  }

  /** How many lines each allowance left out. */
  excluded(): { why: string; lines: number }[] {
    return this.allowed.map(({ why, lines }) => ({ why, lines }));
  }

  /** Adds a text to scan, e.g. an error message or a log. */
  record(label: string, text: string): void {
    if (this.allowed.length) {
      text = text
        .split("\n")
        .filter((line) => {
          const rule = this.allowed.find((a) => a.pattern.test(line));
          if (rule) rule.lines++;
          return !rule;
        })
        .join("\n");
    }
    this.texts.push({ label, text });
  }

  /** The texts recorded so far (labels and sizes), for a test's own assertions. */
  recorded(): { label: string; length: number }[] {
    return this.texts.map((t) => ({ label: t.label, length: t.text.length }));
  }

  /**
   * Captures the output of every operation of the stack from now on: stdout and stderr through
   * onOutput/onError, the result's stdout and stderr, and the error of a failed operation.
   * Options the test passes (its own onOutput, onEvent, logging flags) are kept.
   */
  watch(stack: Stack): Stack {
    for (const op of ["up", "preview", "refresh", "destroy"] as Op[]) {
      const original = (stack[op] as (opts?: Record<string, unknown>) => Promise<{ stdout: string; stderr: string }>).bind(stack);
      (stack as unknown as Record<Op, unknown>)[op] = async (opts: Record<string, unknown> = {}) => {
        const label = `${op} #${++this.seq}`;
        const out: string[] = [];
        const err: string[] = [];
        const own = opts as { onOutput?: (s: string) => void; onError?: (s: string) => void };
        const captured = {
          ...opts,
          onOutput: (s: string) => (out.push(s), own.onOutput?.(s)),
          onError: (s: string) => (err.push(s), own.onError?.(s)),
        };
        try {
          const result = await original(captured);
          this.record(`${label} output`, out.join(""));
          this.record(`${label} stderr`, err.join("") + (result.stderr ?? ""));
          this.record(`${label} result`, result.stdout ?? "");
          return result;
        } catch (e) {
          const failure = e as Error & { stdout?: string; stderr?: string };
          this.record(`${label} output`, out.join(""));
          this.record(`${label} stderr`, err.join(""));
          this.record(`${label} error`, `${failure.message}\n${failure.stdout ?? ""}\n${failure.stderr ?? ""}\n${failure.stack ?? ""}`);
          throw e;
        }
      };
    }
    return stack;
  }

  /**
   * Records the stack's state as `pulumi stack export` writes it (what a user would share), and as
   * the Automation API's exportStack returns it (secrets decrypted: `--show-secrets`).
   */
  async recordState(stack: Stack, label = "state"): Promise<void> {
    const ws = stack.workspace as unknown as { envVars: Record<string, string>; pulumiHome?: string; workDir: string; pulumiCommand: { command: string } };
    const { stdout } = await promisify(execFile)(ws.pulumiCommand.command, ["stack", "export", "--stack", stack.name], {
      cwd: ws.workDir,
      env: { ...process.env, ...ws.envVars, ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}) },
      maxBuffer: 64 * 1024 * 1024,
    });
    this.record(`${label} (pulumi stack export)`, stdout);
    // With secrets shown, the engine's own copy of the stack configuration (the default provider's
    // inputs and outputs) holds configured secrets in plain text by request; everything else is scanned.
    const shown = await stack.exportStack();
    for (const r of (shown.deployment?.resources ?? []) as { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[]) {
      if (!r.type.startsWith("pulumi:providers:")) continue;
      for (const props of [r.inputs, r.outputs]) for (const key of Object.keys(props ?? {})) if (key.startsWith("entra-mto:")) delete props![key];
    }
    this.record(`${label} (exportStack, secrets shown, but the engine's copy of the configuration)`, JSON.stringify(shown));
  }

  /** Every secret to look for: the registered ones and every token the emulator issued. */
  private all(): Map<string, string> {
    const all = new Map(this.secrets);
    for (const t of this.emulator?.issuedTokens() ?? []) all.set(t, "a token the emulator issued");
    return all;
  }

  /** The text around a finding, with every secret in it replaced, so the report can be printed. */
  private context(text: string, at: number, length: number, all: Map<string, string>): string {
    let snippet = JSON.stringify(text.slice(Math.max(0, at - 100), at + length + 60));
    for (const value of all.keys()) snippet = snippet.split(value).join("<secret>");
    return snippet.replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_.-]+/g, "<token>");
  }

  /** What leaked where: "<text label>: <secret label>" lines; empty when clean. */
  findings(): string[] {
    const found: string[] = [];
    const all = this.all();
    for (const { label, text } of this.texts) {
      for (const [value, what] of all) {
        const at = text.indexOf(value);
        if (at >= 0) found.push(`${label}: ${what}, in: ${this.context(text, at, value.length, all)}`);
      }
      if (JWT_SHAPE.test(text)) found.push(`${label}: something shaped like a token (JWT)`);
      if (PRIVATE_KEY_SHAPE.test(text)) found.push(`${label}: a PEM private key`);
      if (AUTH_HEADER_SHAPE.test(text)) found.push(`${label}: an Authorization header with its value`);
    }
    return [...new Set(found)];
  }

  /** Fails, naming each finding, if anything leaked; returns how much was scanned. */
  assertClean(): { texts: number; bytes: number; secrets: number; tokens: number } {
    const findings = this.findings();
    // ENTRA_MTO_SCAN_DUMP=<dir>: every scanned text written there, secrets replaced, to see a leak in context.
    const dump = process.env.ENTRA_MTO_SCAN_DUMP;
    if (dump) {
      fs.mkdirSync(dump, { recursive: true });
      this.texts.forEach(({ label, text }, i) => {
        let safe = text;
        for (const value of this.all().keys()) safe = safe.split(value).join("<secret>");
        fs.writeFileSync(path.join(dump, `${String(i).padStart(3, "0")}-${label.replace(/[^A-Za-z0-9#-]+/g, "_")}.txt`), safe);
      });
    }
    if (findings.length) throw new Error(`secrets found in the output of the run:\n  ${findings.join("\n  ")}`);
    return {
      texts: this.texts.length,
      bytes: this.texts.reduce((n, t) => n + t.text.length, 0),
      secrets: this.secrets.size,
      tokens: this.emulator?.issuedTokens().length ?? 0,
    };
  }
}
