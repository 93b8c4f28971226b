/// <reference types="vitest/config" />
import { vitePlugin as remix } from '@remix-run/dev';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vite';
import remixConfig from './remix.config.js';

// The DuckDB bindings are a native addon: bundling or pre-optimising them breaks the .node load.
const nativeDeps = ['@duckdb/node-api', '@duckdb/node-bindings'];

export default defineConfig({
  plugins: process.env.VITEST ? [] : [remix(remixConfig)],
  resolve: { alias: { '~': new URL('./app', import.meta.url).pathname } },
  ssr: { external: nativeDeps },
  optimizeDeps: { exclude: nativeDeps },
  server: { port: 3000 },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Files attached to cases in tests go to a temporary folder, never the checkout's data/.
    env: { CASE_FILES_DIR: join(tmpdir(), `oversight-test-case-files-${process.pid}`) },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
