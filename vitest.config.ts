import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: [
      'lib/**/*.test.ts',
      'db/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
      'app/**/*.test.ts',
    ],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The fake Jira/Linear/GitHub servers listen on loopback, which the SSRF guard refuses unless allowed.
    env: { TOILSCOPE_ALLOWED_HOSTS: '127.0.0.1' },
  },
});
