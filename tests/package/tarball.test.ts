// The package as users install it: `npm pack` of this clone, installed by name into a scratch
// project beside @pulumi/pulumi at the lower and the upper end of the peer range; a plain
// JavaScript program there declares an organization and runs `up` and `destroy` against the
// emulator; the installed commands answer `--help`; the provider plugin's reliance on the SDK's
// internals still holds with that SDK. The tarball carries no tests or sources.
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { offlineEnv, pulumiCliDir, repoRoot } from "../../scripts/pulumi-env";
import { ADMIN_APP, BERLIN, CAIRO, type TestEmulator, testEmulator } from "../emulator/harness";

jest.setTimeout(600_000);
const run = promisify(execFile);
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const PEER = pkg.peerDependencies["@pulumi/pulumi"] as string;
const LOWEST = /^>=(\S+)/.exec(PEER)![1];
const HIGHEST = pkg.devDependencies["@pulumi/pulumi"] as string;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-package-"));
// Node 22 first, as in the npm scripts.
const env = { ...process.env, PATH: [path.join(repoRoot, "node_modules", ".bin"), process.env.PATH].join(path.delimiter) };
let tarball: string;
let em: TestEmulator;

beforeAll(async () => {
  // dist/ is built by the bootstrap already; packing must not rebuild it under running tests.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], { cwd: repoRoot, env });
  tarball = path.join(scratch, JSON.parse(stdout)[0].filename);
  em = await testEmulator({ manualClock: false, profile: "fast" });
});
afterAll(async () => {
  await em?.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test("the tarball holds compiled code, declarations, README, LICENSE and CHANGELOG; no tests, sources or fixtures", async () => {
  const { stdout } = await run("tar", ["-tzf", tarball]);
  const files = stdout
    .trim()
    .split("\n")
    .map((f) => f.replace(/^package\//, ""));
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/cli/drift.js",
      "dist/emulator/cli.js",
    ]),
  );
  const unexpected = files.filter(
    (f) => !/^dist\/(contract|provider|cli|emulator)\/.*\.js$|\.d\.ts$/.test(f) && !["package.json", "README.md", "LICENSE", "CHANGELOG.md"].includes(f),
  );
  expect(unexpected).toEqual([]);
  expect(files.some((f) => /^(tests|examples|scripts|bench)\/|\.test\.|\.ts$(?<!\.d\.ts$)|\.map$/.test(f))).toBe(false);
});

test.each([
  ["the lowest", LOWEST],
  ["the highest", HIGHEST],
])("installed beside %s @pulumi/pulumi of the peer range (%s): a program that requires it by name runs up and destroy", async (_which, sdk) => {
  const project = path.join(scratch, `project-${sdk}`);
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "mto-consumer", private: true, dependencies: { "@pulumi/pulumi": sdk, "pulumi-entra-mto": `file:${tarball}` } }),
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, env, maxBuffer: 16 << 20 });
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: mto-consumer\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(
    path.join(project, "index.js"),
    [
      'const { MultiTenantOrganizationTopology } = require("pulumi-entra-mto");',
      'const org = new MultiTenantOrganizationTopology("consumer", { displayName: "Cairo", owner: "cairo", tenants: { cairo: { displayName: "Cairo" }, berlin: { displayName: "Berlin" } } });',
      "exports.tenants = org.tenants;",
    ].join("\n"),
  );

  // The installed commands work from the project.
  for (const bin of ["entra-mto-emulator", "entra-mto-drift", "entra-mto-organization"]) {
    const help = await run(path.join(project, "node_modules", ".bin", bin), ["--help"], { cwd: project, env });
    expect(help.stdout).toMatch(new RegExp(`^Usage: ${bin} \\[options\\]`));
  }

  // The provider plugin for other languages is linked where the engine finds it on PATH.
  fs.accessSync(path.join(project, "node_modules", ".bin", "pulumi-resource-entra-mto"), fs.constants.X_OK);
  // Its reliance on the SDK's internals still holds with this SDK (provider/plugin/sdk-seams.ts).
  const seams = path.join(project, "node_modules", "pulumi-entra-mto", "dist", "provider", "plugin", "sdk-seams.js");
  const checked = await run(process.execPath, ["-e", `require(${JSON.stringify(seams)}).sdkSeamProblems().then((p) => console.log(JSON.stringify(p)))`], { cwd: project, env });
  expect(JSON.parse(checked.stdout)).toEqual([]);

  const state = path.join(project, ".state");
  fs.mkdirSync(state);
  const secret = "ENTRA_MTO_PACKAGE_SECRET";
  const pulumiHome = path.join(state, "home");
  fs.mkdirSync(pulumiHome);
  const stack = await LocalWorkspace.createStack(
    { stackName: "dev", workDir: project },
    {
      pulumiCommand: await PulumiCommand.get({ root: path.dirname(pulumiCliDir()) }),
      pulumiHome,
      secretsProvider: "passphrase",
      envVars: offlineEnv({ stateDir: state, pulumiHome, extra: { NODE_EXTRA_CA_CERTS: em.caPath, ENTRA_MTO_POLL_INITIAL_MS: "100", [secret]: ADMIN_APP.secrets![0] } }),
    },
  );
  const tenant = (tenantId: string) => ({ tenantId, auth: "clientSecret", clientId: ADMIN_APP.clientId, clientSecretEnv: secret });
  await stack.setAllConfig({
    "entra-mto:tenants": { value: JSON.stringify({ cairo: tenant(CAIRO), berlin: tenant(BERLIN) }) },
    "entra-mto:graphEndpoint": { value: em.url },
    "entra-mto:authorityHost": { value: em.url },
  });
  em.emulator.reset();
  const up = await stack.up();
  expect(up.outputs.tenants.value).toMatchObject({ berlin: { role: "member", state: "active" }, cairo: { role: "owner", state: "active" } });
  // The engine ran the dynamic provider from the consumer's own copy of the package.
  const exported = await stack.exportStack();
  const membership = exported.deployment.resources.find((r: { type: string }) => r.type.endsWith("entra-mto:MultiTenantOrganizationMembership"));
  expect(membership.outputs.__provider).toContain("pulumi-entra-mto/handlers");
  await stack.preview({ refresh: true, expectNoChanges: true });
  await stack.destroy();
  expect((await em.call(CAIRO, "GET", "/tenantRelationships/multiTenantOrganization/tenants")).body.value ?? []).toEqual([]);
});
