import { expect, test } from "@playwright/test";

// From the catalog to a metric's chart on the demo warehouse, and the chart's
// numbers against the series API.
test("catalog lists every demo metric and leads to a chart of two years of MAU", async ({ page, request }) => {
  await page.goto("/metrics");
  await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
  for (const name of ["Revenue", "Orders", "Average order value", "Refund rate", "Signups", "Daily active users", "Weekly active users", "Monthly active users", "Conversion rate", "Average revenue per user"]) {
    await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  }

  await page.getByRole("link", { name: "Monthly active users", exact: true }).click();
  await expect(page).toHaveURL(/\/metrics\/mau$/);
  await expect(page.getByRole("heading", { level: 1, name: "Monthly active users" })).toBeVisible();
  // Two years of daily points, drawn as one line.
  await expect(page.locator("#series-summary")).toContainText("730 days from Oct 1, 2024 to Sep 30, 2026");
  const line = page.locator("figure svg .recharts-line-curve");
  await expect(line).toHaveCount(1);
  expect((await line.getAttribute("d"))?.split("L").length).toBeGreaterThan(700);

  // The grain switch writes the URL; reload and back keep the view.
  await page.getByRole("navigation", { name: "Grain" }).getByRole("link", { name: "week" }).click();
  await expect(page).toHaveURL(/grain=week/);
  await expect(page.getByRole("heading", { name: "Monthly active users by week" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Monthly active users by week" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Monthly active users by day" })).toBeVisible();

  // The table view shows the API's numbers.
  await page.goto("/metrics/mau?grain=month&view=table");
  const api = await (await request.get("/api/metrics/mau/series?grain=month")).json();
  expect(api.points).toHaveLength(24);
  const rows = page.getByRole("region", { name: /table/ }).getByRole("row");
  await expect(rows).toHaveCount(25);
  const last = api.points.at(-1);
  await expect(rows.last()).toContainText(new Intl.NumberFormat("en-US").format(last.value));
});

test("an unknown metric gets a page that says so", async ({ page }) => {
  const response = await page.goto("/metrics/no_such_metric");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("main")).toContainText("This page or metric does not exist");
});
