// npm scripts put node_modules/.bin first on PATH, where the `node` package installs Node 22:
// jest (and so every test) must be running on it, whatever Node the machine has.
test("the test runner runs on the project's Node 22", () => {
  expect(process.version).toMatch(/^v22\./);
  expect(process.execPath).toContain(`node_modules`);
});
