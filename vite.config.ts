import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// One config for the editor build (Vite) and the test runner (vitest).
export default defineConfig({
  root: 'editor',
  plugins: [react()],
  build: {
    outDir: '../dist/editor',
    emptyOutDir: true,
    // The budget that matters is 400 KB gzip for all editor JS, checked by `npm run bench`;
    // one ~700 KB minified chunk (React, React Flow, zod, the engine) is expected.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:7870' },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'tests/bench/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // In CI only, a failed test is run once more: a few real-process and timing tests (backend
    // kill, cancel while queued in the WebUI) have timed out under heavy load on 2 cores. A test
    // that fails twice still fails the run; locally every failure shows at once.
    retry: process.env.CI ? 1 : 0,
    // The reliability suite's summary table after the last test file (tests/server/reliability/);
    // then one temp folder per test run, removed at the end (TMPDIR points into it for every
    // worker). In this order, the summary's own file stays outside the folder that is removed.
    globalSetup: ['tests/reliability-summary.setup.ts', 'tests/temp-root.setup.ts'],
  },
})
