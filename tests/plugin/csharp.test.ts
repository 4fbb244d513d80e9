// A C# consumer of the provider plugin: the C# SDK generated from the schema the plugin serves
// (`pulumi package gen-sdk --language dotnet`) compiles with `dotnet build`. Needs the .NET SDK and
// Pulumi's .NET language host (pulumi-language-dotnet, shipped with a normal Pulumi install; this
// project cannot build it offline: its Go module is not served here), and NuGet for the `Pulumi`
// package the SDK references. Where they are missing the test is skipped, its name saying why.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { offlineEnv, pulumiCliDir } from "../../scripts/pulumi-env";
import { pluginDir, pluginPath } from "./engine";

jest.setTimeout(900_000);

const dotnetVersion = (() => {
  const r = spawnSync("dotnet", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
})();

/** Pulumi's .NET host: on PATH, or beside the CLI. Only looked for when dotnet is there. */
function dotnetHost(): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), pulumiCliDir()]) {
    const candidate = path.join(dir, "pulumi-language-dotnet");
    if (dir && fs.existsSync(candidate)) return path.dirname(candidate);
  }
  return undefined;
}

const hostDir = dotnetVersion ? dotnetHost() : undefined;
const why = !dotnetVersion ? "`dotnet` is not installed on this machine" : !hostDir ? "no pulumi-language-dotnet on PATH or beside the CLI" : undefined;

if (why) {
  test.skip(`C# SDK generated from the plugin's schema compiles with dotnet build (skipped: ${why})`, () => undefined);
} else {
  test(`C# SDK generated from the plugin's schema compiles with dotnet build (dotnet ${dotnetVersion})`, () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-mto-csharp-"));
    try {
      for (const dir of ["state", "home"]) fs.mkdirSync(path.join(scratch, dir));
      const env = offlineEnv({
        stateDir: path.join(scratch, "state"),
        pulumiHome: path.join(scratch, "home"),
        extra: { PATH: [hostDir!, pluginPath([])].join(path.delimiter), DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" },
      });
      const out = path.join(scratch, "sdk");
      execFileSync("pulumi", ["package", "gen-sdk", path.join(pluginDir(), "pulumi-resource-entra-mto"), "--language", "dotnet", "--out", out], {
        env,
        stdio: ["ignore", "inherit", "inherit"],
      });
      const project = path.join(out, "dotnet");
      expect(fs.readdirSync(project).some((f) => f.endsWith(".csproj"))).toBe(true);
      expect(fs.existsSync(path.join(project, "MultiTenantOrganizationTopology.cs"))).toBe(true);
      execFileSync("dotnet", ["build", "--nologo", "-v", "quiet", project], { env, stdio: ["ignore", "inherit", "inherit"] });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
}
