// The plugin's reliance on the SDK's internals is in one file (provider/plugin/sdk-seams.ts), each
// seam with a check of what it assumes. Here against the SDK this clone builds with; the package
// test runs the same checks against the lowest and the highest SDK of the peer range.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../scripts/pulumi-env";
import { sdkSeamProblems } from "../../provider/plugin/sdk-seams";

test("every seam holds for this SDK", async () => {
  expect(await sdkSeamProblems()).toEqual([]);
});

test("no other file of the plugin reaches into the SDK's internals", () => {
  const dir = path.join(repoRoot, "provider", "plugin");
  const internals = /prototype\.addService|\.isKnown\b|\.promise\(\)|console\.log\s*=|4dabf18193072939515e22adb298388d|1b47061264138c4ac30d75fd1eb44270/;
  const offenders = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "sdk-seams.ts")
    .filter((f) => internals.test(fs.readFileSync(path.join(dir, f), "utf8")));
  expect(offenders).toEqual([]);
});
