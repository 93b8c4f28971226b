import { defineConfig } from 'vitest/config';

/** Browser tests against the built app: `npm run build` first. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
