import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { tabTo } from "./support/keyboard";

// The on-call path on the demo warehouse: open the inbox from the navigation,
// acknowledge an open alert and then resolve it, by keyboard only; the
// changes show in the inbox and in the audit log.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("acknowledges and resolves an alert by keyboard", async ({ page }) => {
  // The inbox, the audit log and two API calls on a dev server shared with other work.
  test.setTimeout(180_000);
  await page.goto("/");
  await tabTo(page, 'nav[aria-label="Main"] a[href="/alerts"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/alerts$/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The demo's evaluation fires alerts: take the newest still open.
  const first = page.getByRole("article").filter({ has: page.getByRole("button", { name: /^Acknowledge:/ }) }).first();
  const message = (await first.getByRole("heading", { level: 3 }).textContent()) ?? "";
  expect(message.length).toBeGreaterThan(10);
  const alertId = ((await first.getAttribute("aria-labelledby")) ?? "").replace(/^alert-/, "");
  expect(alertId).toMatch(/^[0-9a-f-]{36}$/);
  const openBefore = Number((await page.getByRole("option", { name: /^Open \(/ }).textContent())?.replace(/\D/g, ""));

  const acknowledge = `button[aria-label="Acknowledge: ${message.replace(/"/g, '\\"')}"]`;
  await tabTo(page, acknowledge, { limit: 120 });
  await page.keyboard.press("Enter");
  // Focus moves on to Resolve, the next step.
  const resolve = `button[aria-label="Resolve: ${message.replace(/"/g, '\\"')}"]`;
  await expect(page.locator(resolve)).toBeFocused();
  const article = page.locator(`article[aria-labelledby="alert-${alertId}"]`);
  await expect(article.getByRole("status")).toHaveText("Acknowledged.", { timeout: 30_000 });
  await expect(article).toContainText("Acknowledged");
  await expect(article.getByRole("button", { name: /^Acknowledge:/ })).toHaveCount(0);

  await page.keyboard.press("Enter");
  await expect(article.getByRole("status")).toHaveText("Resolved.", { timeout: 30_000 });
  await expect(article.getByRole("status")).toBeFocused();
  await page.goto("/alerts?status=open");
  await expect(page.getByRole("heading", { name: "Open alerts" })).toBeVisible();
  await expect(page.locator(`article[aria-labelledby="alert-${alertId}"]`)).toHaveCount(0);
  const openAfter = Number((await page.getByRole("option", { name: /^Open \(/ }).textContent())?.replace(/\D/g, ""));
  expect(openAfter).toBe(openBefore - 1);

  // Resolving it again is refused.
  const again = await page.request.post(`/api/alerts/${alertId}/resolve`);
  expect(again.status()).toBe(409);

  await page.goto(`/alerts?status=resolved`);
  await expect(page.locator(`article[aria-labelledby="alert-${alertId}"]`)).toContainText("Resolved");
  await expectNoAxeViolations(page);

  await page.goto(`/audit?entityType=alert&entityId=${alertId}`);
  const entries = page.locator("section", { has: page.getByRole("heading", { name: "Entries" }) }).locator("tbody tr");
  await expect(entries.filter({ hasText: "alert.acknowledged" })).toHaveCount(1);
  await expect(entries.filter({ hasText: "alert.resolved" })).toHaveCount(1);
});
