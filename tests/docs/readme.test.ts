// The documentation's commands are real: the README, CONTRIBUTING.md and every page under docs/.
// Every command in their shell blocks (```sh, ```bash) is one this clone can run: an npm script that
// package.json defines, a file under scripts/ or examples/ that exists, a `pulumi` subcommand the
// pinned CLI knows, with flags that subcommand's --help lists. Every path they name in code
// (`scripts/…`, `provider/…`, `dist/…` by its source, …) exists, the Layout table lists real folders
// and files, and every link finds its file and, with an anchor, its heading. The README stays a
// front door: short.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiCliDir, repoRoot } from "../../scripts/pulumi-env";

/** The documents, by repository path: the README, CONTRIBUTING.md and docs/ (the generated API reference aside). */
function documents(): Record<string, string> {
  const found = ["README.md", "CONTRIBUTING.md"];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory() && rel !== "docs/api") walk(rel);
      else if (e.isFile() && e.name.endsWith(".md")) found.push(rel);
    }
  };
  walk("docs");
  return Object.fromEntries(found.map((f) => [f, fs.readFileSync(path.join(repoRoot, f), "utf8")]));
}
const docs = documents();
const readme = docs["README.md"];
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string>; bin?: Record<string, string> };

/** Lines outside fenced code blocks, and the fenced blocks with their language. */
function parse(md: string): { prose: string[]; blocks: { lang: string; lines: string[] }[] } {
  const prose: string[] = [];
  const blocks: { lang: string; lines: string[] }[] = [];
  let block: { lang: string; lines: string[] } | undefined;
  for (const line of md.split("\n")) {
    const fence = /^```(\S*)/.exec(line);
    if (fence && !block) block = { lang: fence[1], lines: [] };
    else if (fence && block) {
      blocks.push(block);
      block = undefined;
    } else if (block) block.lines.push(line);
    else prose.push(line);
  }
  return { prose, blocks };
}

const parsed = Object.fromEntries(Object.entries(docs).map(([f, text]) => [f, parse(text)]));
const prose = Object.values(parsed).flatMap((p) => p.prose);
const shellBlocks = Object.values(parsed)
  .flatMap((p) => p.blocks)
  .filter((b) => b.lang === "sh" || b.lang === "bash");

/**
 * Splits shell text into words: quotes respected (a quoted word may span lines), a `#` that starts
 * a word comments out the rest of its line, an unquoted line break ends a command (reported as ";").
 */
function words(text: string): string[] {
  const out: string[] = [];
  let word = "";
  let quote: string | undefined;
  let started = false;
  let comment = false;
  const end = () => {
    if (started) out.push(word);
    word = "";
    started = false;
  };
  for (const ch of text.replace(/\\\n/g, " ")) {
    if (comment) {
      if (ch === "\n") {
        comment = false;
        out.push(";");
      }
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (ch === "\n") {
      end();
      out.push(";");
    } else if (/\s/.test(ch)) {
      end();
    } else if (ch === "#" && !started) {
      comment = true;
    } else {
      word += ch;
      started = true;
    }
  }
  end();
  return out;
}

/** Every simple command of the README's shell blocks, split at line ends, &&, ||, ; and |. */
function shellCommands(): string[][] {
  const commands: string[][] = [];
  for (const block of shellBlocks) {
    let current: string[] = [];
    for (const w of [...words(block.lines.join("\n")), ";"]) {
      if (["&&", "||", "|", ";"].includes(w)) {
        if (current.length) commands.push(current);
        current = [];
      } else current.push(w);
    }
  }
  return commands;
}

const commands = shellCommands();
/** A command without its leading VAR=value assignments. */
const program = (argv: string[]) => argv.slice(argv.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)));

/** Where tsc writes (`dist/`): it comes and goes with each bootstrap, so it is checked by its sources. */
const outDir = (JSON.parse(fs.readFileSync(path.join(repoRoot, "tsconfig.json"), "utf8")) as { compilerOptions: { outDir: string } }).compilerOptions.outDir;

/** A repository path as the README gives it exists; `dist/x.js` is checked by its source `x.ts`. */
function exists(p: string): boolean {
  const clean = p.replace(/[),.:;]+$/, "").replace(/^\.\//, "");
  if (clean.replace(/\/$/, "") === outDir) return true;
  const built = new RegExp(`^${outDir}/(.+)\\.js$`).exec(clean);
  return fs.existsSync(path.join(repoRoot, built ? `${built[1]}.ts` : clean));
}

const REPO_PATH = /^(?:\.\/)?(scripts|examples|tests|provider|emulator|contract|cli|bench|dist)\/[\w./-]*$/;

describe("shell blocks", () => {
  test("the README has shell blocks with npm start and npm test, and stays a front door of about 150 lines", () => {
    const lines = commands.map((c) => program(c).join(" "));
    expect(lines).toEqual(expect.arrayContaining(["npm start", "npm test", "npm ci"]));
    expect(readme.split("\n").length).toBeLessThanOrEqual(160);
  });

  test("every command is one this checker knows", () => {
    const known = ["npm", "npx", "pulumi", "node", "bash", "git", "cd", "export"];
    const unknown = commands.map(program).filter((c) => !known.includes(c[0]));
    expect(unknown).toEqual([]);
  });

  test("every npm command names a script of package.json", () => {
    const problems: string[] = [];
    for (const c of commands.map(program).filter((c) => c[0] === "npm")) {
      const [, sub, name] = c;
      if (sub === "run" || sub === "run-script") {
        if (!pkg.scripts[name]) problems.push(`npm run ${name}: no such script`);
      } else if (sub === "start" || sub === "test") {
        if (!pkg.scripts[sub]) problems.push(`npm ${sub}: no such script`);
      } else if (sub === "ci") {
        if (!fs.existsSync(path.join(repoRoot, "package-lock.json"))) problems.push("npm ci: no package-lock.json");
      } else if (sub === "pack" || sub === "install") {
        // Packing and installing the tarball into another project is what tests/package does.
        if (!/"pack"[\s\S]*"install"/.test(fs.readFileSync(path.join(repoRoot, "tests", "package", "tarball.test.ts"), "utf8")))
          problems.push(`npm ${sub}: tests/package does not exercise it`);
      } else problems.push(`npm ${sub}: not checked by this test`);
    }
    expect(problems).toEqual([]);
  });

  test("every npx command names a binary the clone has or the package installs", () => {
    const problems = commands
      .map(program)
      .filter((c) => c[0] === "npx")
      .map((c) => c[1])
      .filter((bin) => !pkg.bin?.[bin] && !fs.existsSync(path.join(repoRoot, "node_modules", ".bin", bin)));
    expect(problems).toEqual([]);
  });

  test("every repository path in a command exists", () => {
    const paths = commands.flat().filter((w) => REPO_PATH.test(w));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !exists(p))).toEqual([]);
  });

  describe("pulumi commands", () => {
    let home: string;
    beforeAll(() => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), "readme-pulumi-"));
    });
    afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

    /** The help of `pulumi <sub…>`, when that is a subcommand the CLI knows (its Usage line names it). */
    function help(sub: string[]): string | undefined {
      const r = spawnSync(path.join(pulumiCliDir(), "pulumi"), [...sub, "--help"], {
        encoding: "utf8",
        env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_BACKEND_URL: `file://${home}` },
        timeout: 15_000,
      });
      if (r.status !== 0) return undefined;
      const usage = /Usage:\s*\n\s*(pulumi[^\n]*)/.exec(r.stdout)?.[1] ?? "";
      return usage === `pulumi ${sub.join(" ")}` || usage.startsWith(`pulumi ${sub.join(" ")} `) ? r.stdout : undefined;
    }

    test("each is a subcommand of the pinned CLI, with flags its --help lists", () => {
      const pulumiCommands = commands.map(program).filter((c) => c[0] === "pulumi");
      expect(pulumiCommands.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const c of pulumiCommands) {
        const args = c.slice(1);
        const positional = args.slice(0, args.findIndex((a) => a.startsWith("-")) === -1 ? args.length : args.findIndex((a) => a.startsWith("-")));
        // The longest leading run of words that the CLI knows as a subcommand.
        let found: { sub: string[]; text: string } | undefined;
        for (let k = positional.length; k >= 1 && !found; k--) {
          const text = help(positional.slice(0, k));
          if (text) found = { sub: positional.slice(0, k), text };
        }
        if (!found) {
          problems.push(`${c.join(" ")}: '${positional[0]}' is not a pulumi subcommand`);
          continue;
        }
        for (const flag of args.filter((a) => /^--?[A-Za-z]/.test(a)).map((a) => a.split("=")[0])) {
          const listed = flag.startsWith("--") ? new RegExp(`(^|[\\s,])${flag}([\\s=,]|$)`, "m") : new RegExp(`(^|\\s)${flag},`, "m");
          if (!listed.test(found.text)) problems.push(`${c.join(" ")}: pulumi ${found.sub.join(" ")} has no flag ${flag}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});

describe("prose", () => {
  const spans = prose.join("\n").match(/`[^`\n]+`/g) ?? [];
  const code = spans.map((s) => s.slice(1, -1).trim());

  test("every repository path in inline code exists", () => {
    const paths = code.flatMap((c) => c.split(/\s+/)).filter((w) => REPO_PATH.test(w));
    expect(paths.length).toBeGreaterThan(10);
    expect([...new Set(paths.filter((p) => !exists(p)))]).toEqual([]);
  });

  test("every npm run in inline code names a script of package.json", () => {
    const names = code.map((c) => /^npm run (\S+)/.exec(c)?.[1]).filter((n): n is string => !!n);
    expect(names.filter((n) => !pkg.scripts[n])).toEqual([]);
  });

  test("the Layout table lists folders and files that exist", () => {
    const section = /\n## Layout\n([\s\S]*?)\n## /.exec(docs["CONTRIBUTING.md"])?.[1] ?? "";
    const rows = section.split("\n").filter((l) => /^\| `/.test(l));
    expect(rows.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const row of rows) {
      const [, first, what] = row.split("|").map((c) => c.trim());
      const top = first.replace(/`/g, "");
      if (!fs.existsSync(path.join(repoRoot, top))) problems.push(`${top} does not exist`);
      if (!top.endsWith("/")) continue;
      // Names the row gives inside that folder: `graph/`, `mto-api.ts`, `resources/trust/` …
      for (const name of (what.match(/`[^`\s]+`/g) ?? []).map((s) => s.slice(1, -1)).filter((n) => /^[\w.-]+(\/[\w.-]+)*\/?$/.test(n) && (n.includes("/") || /\.\w+$/.test(n)))) {
        const inside = (dir: string): boolean =>
          fs.existsSync(path.join(dir, name)) ||
          fs.readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && e.name !== "node_modules" && inside(path.join(dir, e.name)));
        if (!inside(path.join(repoRoot, top)) && !fs.existsSync(path.join(repoRoot, name))) problems.push(`${top}: ${name} does not exist`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("every link finds its file and, with an anchor, its heading", () => {
    // GitHub's anchors: lower case, punctuation dropped, spaces as hyphens.
    const slug = (h: string) =>
      h
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
    const anchors = Object.fromEntries(Object.entries(parsed).map(([f, p]) => [f, new Set(p.prose.filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ""))))]));
    const problems: string[] = [];
    let count = 0;
    for (const [file, text] of Object.entries(docs)) {
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // a URL
        count += 1;
        const [to, anchor] = target.split("#");
        const resolved = to ? path.posix.normalize(path.posix.join(path.posix.dirname(file), to)) : file;
        if (!fs.existsSync(path.join(repoRoot, resolved))) problems.push(`${file}: ${target}: no such file`);
        else if (anchor && !anchors[resolved]?.has(anchor)) problems.push(`${file}: ${target}: no such heading in ${resolved}`);
      }
    }
    expect(count).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
