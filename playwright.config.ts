// End-to-end tests in Debian's Chromium against the production build, started
// the way users start it (`npm start`: build if stale, bootstrap, serve).
import { defineConfig, devices } from "@playwright/test";
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  E2E_BASE_URL,
  E2E_SERVER_ENV,
} from "./tests/e2e/support/e2e-server";
import { storageStateOf } from "./tests/e2e/support/auth";

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: ".tmp/e2e-results",
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    // Every page needs a session: sign in each demo role once, after the server is up (tests/e2e/auth.setup.ts).
    { name: "setup", testMatch: "auth.setup.ts" },
    {
      name: "chromium",
      testMatch: "**/*.spec.ts",
      dependencies: ["setup"],
      // Specs run as the admin unless they pick another role (storageStateOf) or none.
      use: { ...devices["Desktop Chrome"], storageState: storageStateOf("admin") },
    },
  ],
  webServer: {
    command: "node lib/cli/start.mjs",
    url: E2E_BASE_URL,
    env: E2E_SERVER_ENV,
    // The first start builds, migrates, seeds ~1.5M rows and computes every metric.
    timeout: 10 * 60_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM first, so the app closes its embedded warehouse cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
