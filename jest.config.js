/**
 * Jest runs against a real PostgreSQL: test/global-setup.ts starts an embedded cluster and seeds template
 * databases once; each test file clones them (test/helpers/test-hub.ts) so files never see each other's writes.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // ESM-only packages (jose; content-disposition, which @fastify/static requires): jest's module system needs them
  // compiled to CommonJS like our own code. Node itself loads them with require(esm).
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 60_000,
};
