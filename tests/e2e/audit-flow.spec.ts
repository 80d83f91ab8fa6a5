import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { tabTo } from "./support/keyboard";

// The auditor's path on the demo warehouse: from the home page to a point of
// Orders, to the run that wrote it, to the source rows behind it, to a verify
// that recomputes it from those rows and matches; by mouse and by keyboard.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const ORDERS_TILE = 'a[href="/metrics/orders?grain=week"]';

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const count = (text: string | null) => Number((text ?? "").replace(/[^0-9]/g, ""));

/** The point page's facts: its stored value and the number of source rows behind it, which for a count are equal. */
async function expectRowsMatchThePoint(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Orders,");
  const facts = page.locator("section", { has: page.getByRole("heading", { name: "The point" }) });
  const stored = count(await facts.locator("dt:has-text('Stored value') + dd").textContent());
  const rows = count(await facts.locator("dt:has-text('Source rows') + dd").textContent());
  expect(stored).toBeGreaterThan(0);
  expect(rows).toBe(stored);
  const shown = await page.locator("section", { has: page.getByRole("heading", { name: "Source rows" }) }).locator("tbody tr").count();
  expect(shown).toBe(Math.min(rows, 50));
  return { stored, runHref: await facts.locator('a[href^="/runs/"]').getAttribute("href") };
}

async function expectRunPage(page: Page, runHref: string | null) {
  expect(runHref).toBeTruthy();
  await expect(page).toHaveURL(new RegExp(`${runHref!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Run of orders");
  await expect(page.locator("dt:has-text('Status') + dd")).toContainText("Succeeded");
  const checks = page.locator("#quality-checks");
  await expect(checks.getByRole("row", { name: /Failed.*public\.orders.*Duplicate keys/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "SQL executed" })).toBeVisible();
  await expectNoAxeViolations(page);
}

test("home -> point -> run -> source rows -> verify, by mouse", async ({ page }) => {
  await page.goto("/");
  await page.locator(ORDERS_TILE).click();
  await expect(page).toHaveURL(/\/metrics\/orders\?grain=week/);

  // A click anywhere on the chart opens the period under the pointer.
  const chart = page.locator("figure .recharts-surface").first();
  await expect(chart).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page.getByText("Click for the run, source rows and verify")).toBeVisible();
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page).toHaveURL(/\/metrics\/orders\/points\?grain=week&period=\d{4}-\d{2}-\d{2}/);

  const { runHref } = await expectRowsMatchThePoint(page);
  await page.locator(`main a[href="${runHref}"]`).first().click();
  await expectRunPage(page, runHref);

  await page.goBack();
  await page.getByRole("button", { name: "Verify: recompute from source rows" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Match" })).toContainText(/Match: stored [\d,]+, recomputed [\d,]+ \(exact\)/);
  await expectNoAxeViolations(page);
});

test("home -> point -> run -> source rows -> verify, by keyboard alone", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, ORDERS_TILE, { limit: 80 });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/metrics\/orders\?grain=week/);

  // The table view holds the same points, each with a link to its source rows.
  await tabTo(page, 'nav[aria-label="Show as"] a[href*="view=table"]', { limit: 80 });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/view=table/);
  await tabTo(page, 'table a[href^="/metrics/orders/points?"]', { limit: 80 });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/metrics\/orders\/points\?grain=week&period=/);

  const { runHref } = await expectRowsMatchThePoint(page);
  await tabTo(page, "main button");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Match" })).toContainText(/Match: stored [\d,]+, recomputed [\d,]+ \(exact\)/);

  // The run's link comes before the button: back with Shift+Tab.
  await tabTo(page, `main a[href="${runHref}"]`, { key: "Shift+Tab" });
  await page.keyboard.press("Enter");
  await expectRunPage(page, runHref);
});
