// End-to-end tests: the release app served by the real reference server on
// a fresh seeded SQLite database, driven in Debian's Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHANNEL_KEY, consolePort, port, secureConsolePort, securePort } from './ports';

const chromium = JSON.parse(readFileSync(join(__dirname, 'chromium.json'), 'utf8'));
const secureSecret = 'e2e-only-secret-0123456789abcdef0123456789';

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromium.executablePath, args: chromium.args },
  },
  webServer: [
    {
      // Open mode, with the demo console on a second origin.
      command:
        `rm -rf target/e2e && mkdir -p target/e2e && ` +
        // Warnings only: a line per request would bury the test report.
        `RUST_LOG=warn target/debug/customer-summary-server --bind 127.0.0.1:${port} ` +
        `--database target/e2e/e2e.db --app-dir dist --channel-keys e2e=${CHANNEL_KEY} ` +
        `--console-bind 127.0.0.1:${consolePort} --console-origins http://127.0.0.1:${consolePort}`,
      cwd: '..',
      url: `http://127.0.0.1:${port}/api/v1/conversations`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      // Secure mode (JWT), logging everything to a file the tests read.
      command:
        `rm -rf target/e2e-secure && mkdir -p target/e2e-secure && ` +
        `RUST_LOG=debug target/debug/customer-summary-server --bind 127.0.0.1:${securePort} ` +
        `--database target/e2e-secure/e2e.db --app-dir dist --auth jwt ` +
        `--jwt-secret ${secureSecret} ` +
        `--console-bind 127.0.0.1:${secureConsolePort} ` +
        `--console-origins http://127.0.0.1:${secureConsolePort} ` +
        `> target/e2e-secure/server.log 2>&1`,
      cwd: '..',
      url: `http://127.0.0.1:${securePort}/api/v1/openapi.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
