import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests drive Debian's Chromium (the bundled browsers cannot be downloaded on these machines).
 * Each test starts its own browser shell on its own archive, so tests never share state.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Two cores: one worker per core, since each test also runs a server with its own engine worker.
  workers: 2,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
