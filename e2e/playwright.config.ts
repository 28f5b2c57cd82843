// End-to-end tests: the release app served by the real reference server on
// a fresh seeded SQLite database, driven in Debian's Chromium.
import { defineConfig } from '@playwright/test';

const port = 8090;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command:
      `rm -rf target/e2e && mkdir -p target/e2e && ` +
      `target/debug/customer-summary-server --bind 127.0.0.1:${port} ` +
      `--database target/e2e/e2e.db --app-dir dist`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/v1/conversations`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
