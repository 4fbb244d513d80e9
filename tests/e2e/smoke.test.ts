// The engine path end to end: Pulumi CLI built from source, Node 22 language host and dynamic
// provider, a file backend, up / preview / refresh / destroy on the smoke program.
import * as path from "node:path";
import { type EngineStack, newEngineStack } from "./engine";
import { repoRoot, sdkVersion } from "../../scripts/pulumi-env";

jest.setTimeout(300_000);

let engine: EngineStack;
beforeAll(async () => {
  engine = await newEngineStack({ workDir: path.join(repoRoot, "examples", "smoke") });
});
afterAll(async () => {
  await engine?.dispose();
});

test("the CLI is exactly the SDK's version", () => {
  expect(engine.command.version?.toString()).toBe(sdkVersion());
});

test("up, preview, refresh and destroy a dynamic resource on Node 22", async () => {
  const { stack } = engine;
  await stack.setConfig("message", { value: "first" });
  const up = await stack.up();
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
  expect(up.outputs.message.value).toBe("first");
  // The program runs in the language host's Node, the provider in the dynamic-provider process.
  expect(up.outputs.programNodeVersion.value).toMatch(/^v22\./);
  expect(up.outputs.providerNodeVersion.value).toMatch(/^v22\./);

  const exported = await stack.exportStack();
  const probe = exported.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/smoke:RuntimeProbe");
  expect(probe?.outputs).toMatchObject({ message: "first", providerNodeVersion: expect.stringMatching(/^v22\./) });
  expect(typeof probe?.outputs.__provider).toBe("string");

  // Unchanged program: preview must report nothing to do (it throws on any change).
  const preview = await stack.preview({ expectNoChanges: true });
  expect(preview.changeSummary).toEqual({ same: 2 });

  const refresh = await stack.refresh();
  expect(refresh.summary.result).toBe("succeeded");

  await stack.setConfig("message", { value: "second" });
  const update = await stack.up();
  expect(update.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });
  expect(update.outputs.message.value).toBe("second");

  const destroy = await stack.destroy();
  expect(destroy.summary.resourceChanges).toMatchObject({ delete: 2 });
  const after = await stack.exportStack();
  expect(after.deployment.resources ?? []).toHaveLength(0);
});
