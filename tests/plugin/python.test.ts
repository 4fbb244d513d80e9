// Pulumi Python programs through the engine, offline, with no TypeScript written by the program's
// author: the Python language host built like the CLI (scripts/ensure-python-host.sh), the pinned
// `pulumi` Python SDK from a cached venv (scripts/ensure-pulumi-python.sh), the provider plugin on
// PATH, and its Python SDK generated from the plugin's schema and installed at test time. Without
// python3 (3.9 or later, with venv) or PyPI the suite is skipped under a name saying why, except
// under CI=true, where that is a failure.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { offlineEnv, pulumiCliDir, repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, ATHENS, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";
import { newEngineStack } from "../e2e/engine";
import { SecretScan } from "../e2e/secrets";
import { newPluginStack, pluginDir, pluginPath } from "./engine";
import { findPulumiPython, generatePythonSdk, layeredVenv, pipInstall, pythonToolchain } from "./python-toolchain";

jest.setTimeout(900_000);
const SECRET_ENV = "ENTRA_MTO_E2E_CLIENT_SECRET";
const XTAP = "/policies/crossTenantAccessPolicy";

/** PATH for a program without the plugin: the Python host first, then what offlineEnv puts there. */
function hostOnlyPath(): string {
  return [pythonToolchain().hostDir, pulumiCliDir(), path.join(repoRoot, "node_modules", ".bin"), process.env.PATH ?? ""].join(path.delimiter);
}

/**
 * A scratch copy of a Python project: `files`, and Pulumi.yaml (the given one, or a minimal one)
 * with its `virtualenv` pointed at `venvPython`'s venv. The release host reads that option; the
 * older one this project builds offline runs $PULUMI_PYTHON_CMD instead, which the stack also sets.
 */
function pythonProject(dir: string, venvPython: string, files: Record<string, string>, pulumiYaml?: string): string {
  const venv = path.dirname(path.dirname(venvPython));
  const yaml = pulumiYaml ?? `name: ${path.basename(dir)}\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.replace(/^(\s+virtualenv:).*$/m, `$1 ${venv}`));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

const { python: venvPython, why } = findPulumiPython();
if (!venvPython && process.env.CI === "true") throw new Error(`Python programs cannot run under CI: ${why}`);
const suite = venvPython ? describe : describe.skip;

suite(`Pulumi Python programs${venvPython ? "" : ` (skipped: ${why})`}`, () => {
  let scratch: string;
  beforeAll(() => {
    pythonToolchain(); // builds or finds the host and the venv once, outside the tests' own time
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-python-"));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test("a Python program with no resources runs up and destroy through the Python language host", async () => {
    const python = layeredVenv(path.join(scratch, "venv-trivial"));
    const workDir = pythonProject(path.join(scratch, "python-trivial"), python, {
      "__main__.py": 'import sys\nimport pulumi\npulumi.export("greeting", "hello from Python " + ".".join(map(str, sys.version_info[:2])))\n',
    });
    const engine = await newEngineStack({ workDir, extraEnv: { PATH: hostOnlyPath(), PULUMI_PYTHON_CMD: python } });
    try {
      const up = await engine.stack.up();
      expect(up.outputs.greeting.value).toMatch(/^hello from Python 3\.\d+$/);
      await engine.stack.destroy();
    } finally {
      await engine.dispose();
    }
  });

  describe("examples/python against the emulator", () => {
    let em: TestEmulator;
    beforeAll(async () => {
      em = await testEmulator({ manualClock: false, profile: "fast" });
    });
    afterAll(async () => em?.dispose());

    test("declares the demo topology: up, a clean refresh preview, destroy", async () => {
      const baseEnv = offlineEnv({ stateDir: path.join(scratch, "schema-state"), pulumiHome: path.join(scratch, "schema-home"), extra: { PATH: pluginPath(["python"]) } });
      for (const dir of [path.join(scratch, "schema-state"), baseEnv.PULUMI_HOME]) fs.mkdirSync(dir, { recursive: true });

      // The package's Python SDK, from the schema the plugin serves (GetSchema), into a venv over the
      // cached one. (`get-schema entra-mto`, by name, would ask the registry: the path runs the plugin.)
      const schemaPath = path.join(scratch, "schema.json");
      fs.writeFileSync(
        schemaPath,
        execFileSync("pulumi", ["package", "get-schema", path.join(pluginDir(), "pulumi-resource-entra-mto")], {
          env: baseEnv,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "inherit"],
        }),
      );
      const sdkDir = generatePythonSdk({ schemaPath, outDir: path.join(scratch, "sdk"), env: baseEnv });
      const python = layeredVenv(path.join(scratch, "venv-example"));
      pipInstall(python, sdkDir);
      execFileSync(python, ["-c", "import pulumi_entra_mto"]);

      const example = path.join(repoRoot, "examples", "python");
      const workDir = pythonProject(
        path.join(scratch, "mto-python"),
        python,
        { "__main__.py": fs.readFileSync(path.join(example, "__main__.py"), "utf8") },
        fs.readFileSync(path.join(example, "Pulumi.yaml"), "utf8"),
      );
      const engine = await newPluginStack({
        workDir,
        hosts: ["python"],
        extraEnv: {
          PULUMI_PYTHON_CMD: python,
          NODE_EXTRA_CA_CERTS: em.caPath,
          ENTRA_MTO_POLL_INITIAL_MS: "100",
          ENTRA_MTO_POLL_MAX_MS: "300",
          [SECRET_ENV]: ADMIN_APP.secrets![0],
        },
      });
      const { stack } = engine;
      const scan = new SecretScan(em).add("client secret", ADMIN_APP.secrets![0]);
      scan.watch(stack);
      const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: SECRET_ENV });
      try {
        await stack.setAllConfig({
          "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN), athens: tenant(ATHENS) }) },
          "entra-mto:graphEndpoint": { value: em.url },
          "entra-mto:authorityHost": { value: em.url },
        });

        const up = await stack.up();
        expect(up.outputs.tenantStates.value).toMatchObject({
          cairo: { role: "owner", state: "active" },
          berlin: { role: "member", state: "active" },
          athens: { role: "member", state: "active" },
        });
        // The resources are the plugin's: the component and its children, none dynamic.
        const resources: { type: string }[] = (await stack.exportStack()).deployment.resources;
        const types = new Set(resources.map((r) => r.type));
        expect(types).toContain("entra-mto:index:MultiTenantOrganizationTopology");
        expect([...types].filter((t) => t.startsWith("pulumi-nodejs:dynamic"))).toEqual([]);
        expect(await em.graph(BERLIN).api(`${XTAP}/partners/${CAIRO}/identitySynchronization`).get()).toMatchObject({ userSyncInbound: { isSyncAllowed: true } });
        for (const [from, to] of [
          [CAIRO, ATHENS],
          [ATHENS, BERLIN],
          [BERLIN, CAIRO],
        ]) {
          const partner = await em.graph(from).api(`${XTAP}/partners/${to}`).get();
          expect(partner).toMatchObject({
            inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: true },
            automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
          });
        }

        await stack.preview({ refresh: true, expectNoChanges: true });

        await scan.recordState(stack);
        await stack.destroy();
        expect(em.emulator.state.orgs).toEqual({});
        for (const id of [CAIRO, BERLIN, ATHENS]) expect((await em.graph(id).api(`${XTAP}/partners`).get()).value).toEqual([]);
        expect(scan.assertClean().tokens).toBeGreaterThan(0);
      } finally {
        await engine.dispose();
      }
    });
  });
});
