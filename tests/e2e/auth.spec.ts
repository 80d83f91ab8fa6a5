import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { ANONYMOUS, demoAccount, SESSION_COOKIE, storageStateOf } from "./support/auth";
import { E2E_BASE_URL } from "./support/e2e-server";
import { tabTo } from "./support/keyboard";

// Signing in and out as the demo accounts: the way back to the page asked for,
// what a role's navigation leaves out, the 403 page, a wrong password, a
// sign-out that ends the session on the server, and a viewer whose writes the
// API refuses whatever the UI shows. Each test here signs in at most once (the
// sign-in rate limit is shared), and fails the demo analyst's password once
// per run (the per-account lockout is 5 failures in 15 minutes).

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const THEMES = ["light", "dark"] as const;
const ASKED_FOR = "/metrics/revenue?grain=week";

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.map((v) => `${page.url()}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const sessionCookies = async (page: Page) => (await page.context().cookies()).filter((c) => SESSION_COOKIE.test(c.name));

test.describe("anonymous", () => {
  test.use({ storageState: ANONYMOUS });

  test("a page asked for anonymously leads to sign-in by keyboard and back; the analyst's nav, 403 page and sign-out", async ({ page, playwright, browser }) => {
    const response = await page.goto(ASKED_FOR);
    expect(response?.ok()).toBe(true);
    await expect(page).toHaveURL(`/sign-in?next=${encodeURIComponent(ASKED_FOR)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to Triad" })).toBeVisible();
    // An anonymous visitor is shown no section of the app.
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

    await test.step("sign in by keyboard alone", async () => {
      const { email, password } = demoAccount("analyst");
      await tabTo(page, "input[name=email]");
      await page.keyboard.type(email);
      await page.keyboard.press("Tab");
      await expect(page.getByLabel("Password")).toBeFocused();
      await page.keyboard.type(password);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(ASKED_FOR);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Revenue");
      expect(await sessionCookies(page)).toHaveLength(1);
    });

    await test.step("the analyst's navigation leaves out Runs, Audit and Users", async () => {
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Dashboards" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Metrics" })).toBeVisible();
      for (const name of ["Runs", "Audit", "Users"]) await expect(nav.getByRole("link", { name })).toHaveCount(0);
    });

    await test.step("the audit log answers the analyst with the 403 page naming the role", async () => {
      const denied = await page.goto("/audit");
      expect(denied?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "Your role cannot open this page" })).toBeVisible();
      await expect(page.getByRole("main")).toContainText(`signed in as ${demoAccount("analyst").email}, a analyst`);
      expect((await page.request.get("/api/audit")).status()).toBe(403);
    });

    await test.step("sign-out ends the session on the server, not just in this browser", async () => {
      await page.goto("/");
      const before = await page.context().storageState();
      expect(before.cookies.filter((c) => SESSION_COOKIE.test(c.name))).toHaveLength(1);
      const old = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: before });
      try {
        expect((await old.get("/api/metrics")).status(), "the saved cookie works before sign-out").toBe(200);
        await page.getByRole("button", { name: "Sign out" }).click();
        await expect(page).toHaveURL(/\/sign-in/);
        await expect(page.getByRole("heading", { level: 1, name: "Sign in to Triad" })).toBeVisible();
        // The cookie saved before signing out names a session that no longer exists.
        expect((await old.get("/api/metrics")).status(), "the saved cookie after sign-out").toBe(401);
        // Pages too: a browser still holding it is sent to sign in.
        const stale = await browser.newContext({ baseURL: E2E_BASE_URL, storageState: before });
        const stalePage = await stale.newPage();
        await stalePage.goto("/alerts");
        await expect(stalePage).toHaveURL("/sign-in?next=%2Falerts");
        await stale.close();
      } finally {
        await old.dispose();
      }
      // And this browser is anonymous again.
      await page.goto("/metrics");
      await expect(page).toHaveURL("/sign-in?next=%2Fmetrics");
    });
  });

  test("a wrong password shows an alert and does not sign in", async ({ page }) => {
    await page.goto("/sign-in?next=%2Fmetrics");
    const { email } = demoAccount("analyst");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not-the-password-0");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Within main: Next.js's route announcer is an alert of its own.
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password do not match an account.");
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL("/sign-in?next=%2Fmetrics");
    expect(await sessionCookies(page)).toEqual([]);
    const session = await page.request.get("/api/auth/get-session");
    expect(await session.json()).toBeNull();
    expect((await page.request.get("/api/metrics")).status()).toBe(401);
  });

  for (const theme of THEMES) {
    test(`the sign-in page, with and without an error, has no axe violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
      await page.context().addCookies([{ name: "triad-theme", value: theme, url: E2E_BASE_URL }]);
      await page.goto(`/sign-in?next=${encodeURIComponent(ASKED_FOR)}`);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      const problems = await axeViolations(page);
      // An address no account has: the error state without touching a demo account's lockout.
      await page.getByLabel("Email").fill("nobody@triad.local");
      await page.getByLabel("Password").fill("not-a-password-0");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      problems.push(...(await axeViolations(page)));
      expect(problems).toEqual([]);
    });
  }
});

test.describe("viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  for (const theme of THEMES) {
    test(`the 403 page has no axe violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
      await page.context().addCookies([{ name: "triad-theme", value: theme, url: E2E_BASE_URL }]);
      const response = await page.goto("/audit");
      expect(response?.status()).toBe(403);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.getByRole("main")).toContainText("a viewer");
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test("the API refuses a viewer's writes and breakdowns, and nothing is stored", async ({ page }) => {
    const request = page.request;
    const write = { headers: { Origin: E2E_BASE_URL } };
    const before = (await (await request.get("/api/annotations?metric=orders")).json()) as { annotations: unknown[] };
    const title = `E2E viewer may not annotate ${Date.now()}`;
    // A valid annotation: only the role stands between it and the warehouse.
    const annotate = await request.post("/api/annotations", { ...write, data: { title, startsOn: "2026-04-15", metricKeys: ["orders"] } });
    expect(annotate.status(), await annotate.text()).toBe(403);
    expect((await annotate.json()).error.code).toBe("forbidden");
    const after = (await (await request.get("/api/annotations?metric=orders")).json()) as { annotations: { title: string }[] };
    expect(after.annotations).toHaveLength(before.annotations.length);
    expect(after.annotations.map((a) => a.title)).not.toContain(title);

    const board = await request.post("/api/dashboards", { ...write, data: { name: `E2E viewer board ${Date.now()}` } });
    expect(board.status(), await board.text()).toBe(403);
    // Reading is the viewer's; exploring (a breakdown) is not.
    expect((await request.get("/api/metrics/revenue/series?grain=week")).status()).toBe(200);
    expect((await request.get("/api/metrics/revenue/series?grain=week&by=country")).status()).toBe(403);
    expect((await request.get("/api/metrics/revenue/export?grain=week&by=country")).status()).toBe(403);
  });
});
