import { request as playwrightRequest, test as setup } from "@playwright/test";
import { E2E_BASE_URL } from "./support/e2e-server";
import { ROLES, signInAs, storageStateOf } from "./support/auth";

// Once per run, after the web server is up: one session per demo role, kept as
// storage state. Specs run as admin by default (playwright.config.ts) and pick
// another role with test.use({ storageState: storageStateOf(role) }). One
// sign-in per role keeps far below the sign-in rate limit (30 a minute).
for (const role of ROLES) {
  setup(`sign in as the demo ${role}`, async () => {
    const request = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
    try {
      await signInAs(request, role);
      await request.storageState({ path: storageStateOf(role) });
    } finally {
      await request.dispose();
    }
  });
}
