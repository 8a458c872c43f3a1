import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";
import { chromiumPath, CHROMIUM_ARGS } from "./e2e/browser";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// The app mails through a local SMTP sink (e2e/mailSink.ts), so tests can follow mailed links.
process.env.E2E_SMTP_PORT ??= String(PORT + 1000);
// One fresh database per run; set once here so the runner and its workers agree.
process.env.E2E_DATABASE_URL ??= path.join(os.tmpdir(), `flowguard-e2e-${Date.now()}`, "flowguard.db");

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  // Whole journeys (sign up, legal details, publish, token, API) on a 2-core machine running two workers.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-GB",
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "npm start",
    url: `http://localhost:${PORT}/signin`,
    // The first run builds the app: minutes on a small, busy machine.
    timeout: 1_200_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      // One JSON line per request would bury the test report; warnings and errors still show.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      // Every test signs up its own users from this one address.
      SIGNUP_LIMIT_PER_HOUR: "100000",
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
      SMTP_FROM: "flowguard@localhost",
    },
  },
});
