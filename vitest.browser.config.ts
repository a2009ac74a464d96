import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests start the real server (build + demo load on a fresh database), so they get long
// timeouts and run one file at a time in a single fork.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
