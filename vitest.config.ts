import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end suite runs dist/index.js in child processes; two cores are all CI has.
    testTimeout: 30_000,
  },
});
