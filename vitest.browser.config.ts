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
    // The fake Jira/Linear/GitHub servers listen on loopback, which the SSRF guard refuses unless allowed.
    env: { TOILSCOPE_ALLOWED_HOSTS: '127.0.0.1' },
    maxWorkers: 1,
    fileParallelism: false,
  },
});
