import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Two cores: two test files at a time; CLI and worker tests start real processes and threads.
    maxWorkers: 2,
    // Generous: a CLI test runs a dozen processes, which on a loaded two-core machine took 45 s where it
    // takes 10 s alone (a CI run failed on that). A hung test still fails, two minutes later.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})
