import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run test:mutation` runs against each mutant: the unit tests, which exercise src/domain,
 * src/http, src/auth and the provider maps through their exported functions in milliseconds. The
 * integration suite starts billgraph and the sandbox per file: run against each of ~1,800 mutants it
 * would take hours on two cores, so the gate asks the fast tests to catch every broken line.
 */
export default defineConfig({
  // As in vitest.config.ts: one copy of graphql for Vite and Node.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    pool: 'forks',
    include: ['test/unit/**/*.test.ts', 'test/budget/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
