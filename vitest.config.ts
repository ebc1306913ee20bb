import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    env: { TZ: 'UTC', NO_COLOR: '1', LLMCOST_DB: '/nonexistent/llmcost-tests-must-pass-a-db/usage.db' },
    testTimeout: 30_000,
    pool: 'forks',
  },
});
