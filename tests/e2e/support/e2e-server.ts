// Where the e2e run serves the app: a production build on its own port, over
// its own embedded warehouse, so it never touches .data/ or a running `npm start`.
export const E2E_PORT = Number(process.env.TRIAD_E2E_PORT || 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export const E2E_SERVER_ENV = {
  PORT: String(E2E_PORT),
  TRIAD_DATA_DIR: ".tmp/e2e-warehouse",
  // Distinct from the default 54329, so a developer's `npm start` can run alongside.
  TRIAD_PGLITE_PORT: process.env.TRIAD_E2E_PGLITE_PORT || "54339",
  // Always the embedded warehouse: e2e never writes to a DATABASE_URL.
  DATABASE_URL: "",
} as const;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];
