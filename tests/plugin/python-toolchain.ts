// Pulumi's Python toolchain, offline: the language host (scripts/ensure-language-hosts.sh python,
// which runs scripts/ensure-python-host.sh), a cached venv with the pinned `pulumi` Python SDK
// (scripts/ensure-pulumi-python.sh), throwaway venvs layered over it for one test's packages, and
// the Python SDK of a Pulumi package generated from its schema.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";
import { languageHostDirs } from "./engine";

export interface PythonToolchain {
  /** Directory holding pulumi-language-python and its exec shim: put it on PATH. */
  hostDir: string;
  /** The cached venv's python, with `pulumi` of the pinned version. Never install into it. */
  basePython: string;
  /** Pulumi's Python code generator as a command, when the host cannot generate SDKs itself. */
  sdkgen?: string;
}

let cached: PythonToolchain | undefined;
let venv: { python?: string; why?: string } | undefined;

/**
 * The cached venv's python (scripts/ensure-pulumi-python.sh), or why there is none: no python3 of
 * 3.9 or later, no venv module, or no package index. Tests skip on `why`, except under CI=true.
 */
export function findPulumiPython(): { python?: string; why?: string } {
  if (venv) return venv;
  const r = spawnSync("bash", [path.join(repoRoot, "scripts", "ensure-pulumi-python.sh")], { encoding: "utf8", timeout: 600_000 });
  if (r.status === 0) venv = { python: r.stdout.trim().split("\n").pop() };
  else venv = { why: /FAILED at step "[^"]*": .*/.exec(r.stderr ?? "")?.[0] ?? r.error?.message ?? `exit ${r.status}` };
  return venv;
}

export function pythonToolchain(): PythonToolchain {
  if (cached) return cached;
  const { python: basePython, why } = findPulumiPython();
  if (!basePython) throw new Error(`no venv with the pulumi Python SDK: ${why}`);
  const [hostDir] = languageHostDirs(["python"]); // scripts/ensure-language-hosts.sh python
  const sdkgen = path.join(hostDir, "pulumi-sdkgen-python");
  cached = { hostDir, basePython, sdkgen: fs.existsSync(sdkgen) ? sdkgen : undefined };
  return cached;
}

const py = (python: string, code: string) => execFileSync(python, ["-c", code], { encoding: "utf8" }).trim();

/**
 * A venv in `dir` that sees the cached venv's packages (a .pth file naming its site-packages) and
 * gets its own on top, so a test installs what it generated without touching the shared cache.
 * Returns its python.
 */
export function layeredVenv(dir: string): string {
  const { basePython } = pythonToolchain();
  const base = py(basePython, "import sys; print(sys._base_executable)");
  execFileSync(base, ["-m", "venv", "--without-pip", dir], { stdio: "inherit" });
  const python = path.join(dir, "bin", "python");
  const purelib = (p: string) => py(p, "import sysconfig; print(sysconfig.get_paths()['purelib'])");
  fs.writeFileSync(path.join(purelib(python), "_entra_mto_base_venv.pth"), `${purelib(basePython)}\n`);
  return python;
}

/**
 * pip-installs a package directory into a layered venv, offline: the cached venv's pip (seen through
 * the .pth) installs into the venv it runs in, and builds with the cached setuptools; every
 * dependency must already be in the cached venv, so a missing one fails here, not at import.
 */
export function pipInstall(python: string, packageDir: string): void {
  execFileSync(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-cache-dir", "--no-index", "--no-build-isolation", "--quiet", packageDir], {
    stdio: ["ignore", "inherit", "inherit"],
  });
}

/**
 * The Python SDK of the package whose schema is `schemaPath`, written to `outDir`: with
 * `pulumi package gen-sdk --language python` when the host can, else with the release's code
 * generator (the same one that command runs). `env` is the offline Pulumi environment.
 */
export function generatePythonSdk(opts: { schemaPath: string; outDir: string; env: Record<string, string> }): string {
  const { sdkgen } = pythonToolchain();
  if (sdkgen) {
    execFileSync(sdkgen, ["-schema", opts.schemaPath, "-out", opts.outDir], { stdio: ["ignore", "inherit", "inherit"] });
    return opts.outDir;
  }
  // gen-sdk writes <out>/python.
  execFileSync("pulumi", ["package", "gen-sdk", opts.schemaPath, "--language", "python", "--out", opts.outDir], {
    env: opts.env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return path.join(opts.outDir, "python");
}
