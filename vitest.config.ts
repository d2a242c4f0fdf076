import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 has no `exports` map: without this alias Vite and Node load two copies of it
  // ("Cannot use GraphQLScalarType from another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
