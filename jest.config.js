/** Unit tests run in parallel; end-to-end tests (real Pulumi engine) are slower and get a long timeout. */
// p-retry, jose and cookie (under Fastify's inject) ship only ES modules: ts-jest turns them into CommonJS for jest's module loader.
const esmOnly = ["p-retry", "is-network-error", "jose", "cookie"];
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join("|")})/)`],
  testTimeout: 30000,
  // Fails the run when tests leave folders of their own in the temp directory (tests/temp-dirs.ts).
  globalSetup: "<rootDir>/tests/global-setup.ts",
  globalTeardown: "<rootDir>/tests/global-teardown.ts",
  // Provider progress lines go to stdout in the dynamic-provider process; in tests they are noise.
  silent: true,
};
