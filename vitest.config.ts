import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // mem0ai phones home at import unless told not to; tests reach nothing but loopback.
    env: { MEM0_TELEMETRY: 'false' },
  },
});
