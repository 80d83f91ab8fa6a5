import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

// The executive's path on the demo warehouse: from the brief to a flagged
// point on its chart, then to what drove the change and the playbook; axe on
// the brief and on the metric page with its drivers shown.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("brief -> flagged point -> drivers -> playbook", async ({ page }) => {
  await page.goto("/brief");
  await expect(page.getByRole("heading", { level: 1, name: "Executive brief" })).toBeVisible();
  const orders = page.locator("article[data-metric=orders]");
  // Status in words and icon, never colour alone.
  const badge = orders.locator("header [data-status]");
  await expect(badge).toHaveText(/^Status: (On track|At risk|Off track)$/);
  await expect(badge.locator("svg")).toBeVisible();
  await expectNoAxeViolations(page);

  // The anomaly sentence leads to the daily chart around the flagged day.
  const anomaly = orders.locator("li[data-kind=anomaly] a");
  const sentence = (await anomaly.textContent()) ?? "";
  expect(sentence).toMatch(/(spike|dip) on \w{3}, \w{3} \d{1,2}, \d{4}/);
  await anomaly.click();
  await expect(page).toHaveURL(/\/metrics\/orders\?range=custom&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&grain=day$/);
  const flagged = new Date(`${sentence.match(/on (\w{3}, \w{3} \d{1,2}, \d{4})/)![1]} UTC`).toISOString().slice(0, 10);
  // Marked on the chart, and named in its table view.
  await expect(page.locator("figure .recharts-surface").first()).toBeVisible();
  await page.getByRole("link", { name: "Table", exact: true }).click();
  await expect(page).toHaveURL(/view=table/);
  await expect(page.locator("tbody th", { has: page.locator(`time[datetime="${flagged}"]`) })).toContainText(/Unusual (spike|dip)/);

  // The driver sentence leads to the drivers of the same two periods.
  await page.goto("/brief");
  const driver = page.locator("article[data-metric=orders] li[data-kind=driver] a");
  const driverText = (await driver.textContent()) ?? "";
  expect(driverText).toMatch(/^Orders [+-][\d.]+% week over week: \S+ [+-][\d.]+% explains [\d.]+%\.$/);
  await driver.click();
  await expect(page).toHaveURL(/\/metrics\/orders\?.*driversGrain=week&driversFrom=\d{4}-\d{2}-\d{2}&driversTo=\d{4}-\d{2}-\d{2}#drivers$/);
  const drivers = page.locator("#drivers");
  await expect(drivers.getByRole("heading", { name: "What drove the change" })).toBeVisible();
  await expect(drivers.getByText(driverText, { exact: true })).toBeVisible();
  const byCountry = drivers.getByRole("table", { name: /Orders by country/ });
  await expect(byCountry.locator("tbody tr").first()).toBeVisible();

  // Another pair of periods, picked in the form, stays in the URL.
  await drivers.getByLabel("Compared with").fill("2026-08-03");
  await drivers.getByRole("button", { name: "Show drivers" }).click();
  await expect(page).toHaveURL(/driversFrom=2026-08-03/);
  await expect(page.locator("#drivers").getByText(/^Orders [+-][\d.]+% vs Week of Aug 3, 2026/).first()).toBeVisible();

  const playbook = page.locator("#playbook");
  await expect(playbook.getByRole("heading", { name: "Playbook" })).toBeVisible();
  await expect(playbook.getByRole("heading", { name: "If Orders moves, check" })).toBeVisible();
  await expect(playbook.getByRole("heading", { name: "Whom to call" })).toBeVisible();
  await expect(playbook.getByRole("link", { name: /Orders runbook/ })).toHaveAttribute("href", /^https:\/\//);
  await expectNoAxeViolations(page);
});
