import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { focusIsVisible, tabTo } from "./support/keyboard";

// The metric page on the demo warehouse (data through 2026-09-30): every
// setting lives in the URL, Back walks through changes, the CSV holds the
// API's numbers, and all of it works from the keyboard alone.

type Point = { period: string; value: number | null; runId: string; dimension?: string };

const csvRecords = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => line.split(","));

async function seriesPoints(page: Page, query: string): Promise<Point[]> {
  const res = await page.request.get(`/api/metrics/revenue/series?${query}`);
  expect(res.ok(), `series ${query} answered ${res.status()}`).toBe(true);
  return (await res.json()).points;
}

const heading = (page: Page) => page.locator("#series-heading");

test("explore a metric: range, grain, comparison and breakdown in the URL; reload, Back, CSV and PNG", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("main").locator('a[href^="/metrics/revenue"]').first().click();
  await expect(page).toHaveURL(/\/metrics\/revenue(\?|$)/);
  await expect(page.getByRole("heading", { level: 1, name: "Revenue" })).toBeVisible();
  await expect(page.locator("h1")).toHaveCount(1);

  await page.getByRole("navigation", { name: "Range" }).getByRole("link", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/range=90d/);
  await page.getByRole("navigation", { name: "Grain" }).getByRole("link", { name: "month" }).click();
  await expect(page).toHaveURL(/range=90d&grain=month$/);
  await expect(heading(page)).toHaveText("Revenue by month");
  await expect(page.getByText("Last 90 days: Jul 1, 2026 – Sep 30, 2026")).toBeVisible();

  await page.getByRole("navigation", { name: "Compare" }).getByRole("link", { name: "Previous period" }).click();
  await expect(page).toHaveURL(/compare=previous/);
  await expect(page.getByText("compared with the previous period, Apr 1, 2026 – Jun 30, 2026")).toBeVisible();
  await expect(page.locator('figure .recharts-line-curve[stroke-dasharray="5 4"]')).toHaveCount(1);

  await page.getByLabel("Break down by").selectOption("country");
  await expect(page).toHaveURL(/by=country/);
  await expect(heading(page)).toHaveText("Revenue by month and country");
  await expect(page.getByRole("list", { name: "Legend" })).toContainText("Other");
  // Five countries and Other, each with its dashed comparison.
  await expect(page.locator("figure .recharts-line-curve")).toHaveCount(12);
  const url = page.url();
  const summary = await page.locator("#series-summary").textContent();

  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(heading(page)).toHaveText("Revenue by month and country");
  await expect(page.locator("#series-summary")).toHaveText(summary ?? "");
  await expect(page.getByLabel("Break down by")).toHaveValue("country");
  await expect(page.getByRole("navigation", { name: "Compare" }).getByRole("link", { name: "Previous period" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("figure .recharts-line-curve")).toHaveCount(12);

  // The CSV holds the chart's rows: the API's points for the same range and grain, Other the rest of the total.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download CSV/ }).click()]);
  expect(csv.suggestedFilename()).toBe("revenue_2026-07-01_2026-09-30_month_by-country_vs-previous.csv");
  const records = csvRecords(fs.readFileSync(await csv.path(), "utf8"));
  expect(records[0]).toEqual(["period", "country", "value", "run_id", "comparison_period", "comparison_value", "comparison_run_id"]);
  const rows = records.slice(1);
  expect(rows).toHaveLength(3 * 6);
  const byCountry = await seriesPoints(page, "from=2026-07-01&to=2026-09-30&grain=month&by=country");
  const totals = await seriesPoints(page, "from=2026-07-01&to=2026-09-30&grain=month");
  const previous = await seriesPoints(page, "from=2026-04-01&to=2026-06-30&grain=month&by=country");
  const find = (points: Point[], period: string, country?: string) => points.find((p) => p.period === period && p.dimension === country);
  for (const [period = "", country = "", value, runId, comparisonPeriod = "", comparisonValue] of rows) {
    if (country === "(other)") {
      const top = rows.filter((r) => r[0] === period && r[1] !== "(other)").reduce((sum, r) => sum + Number(r[2]), 0);
      expect(Number(value)).toBeCloseTo((find(totals, period)?.value ?? 0) - top, 6);
      continue;
    }
    const point = find(byCountry, period, country);
    expect(Number(value), `${period} ${country}`).toBe(point?.value);
    expect(runId).toBe(point?.runId);
    expect(Number(comparisonValue), `${comparisonPeriod} ${country}`).toBe(find(previous, comparisonPeriod, country)?.value);
  }

  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Download PNG/ }).click()]);
  expect(png.suggestedFilename()).toBe("revenue_2026-07-01_2026-09-30_month_by-country_vs-previous.png");
  const image = fs.readFileSync(await png.path());
  expect(image.subarray(1, 4).toString()).toBe("PNG");
  expect(image.length).toBeGreaterThan(10_000);

  await page.goBack();
  await expect(page).toHaveURL(/range=90d&grain=month&compare=previous$/);
  await expect(heading(page)).toHaveText("Revenue by month");
  await page.goBack();
  await expect(page).toHaveURL(/range=90d&grain=month$/);
  await expect(page.locator('figure .recharts-line-curve[stroke-dasharray="5 4"]')).toHaveCount(0);
});

test("the table view and the CSV of the total match the series API", async ({ page }) => {
  await page.goto("/metrics/revenue?range=12m&grain=month&view=table");
  const api = await seriesPoints(page, "from=2025-10-01&to=2026-09-30&grain=month");
  expect(api).toHaveLength(12);
  const table = page.getByRole("region", { name: /table/ });
  await expect(table.getByRole("row")).toHaveCount(13);
  const last = api.at(-1);
  await expect(table.getByRole("row").last()).toContainText(new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(last?.value ?? 0));
  // The run id appears shortened, linked to the run's page in full.
  await expect(table.getByRole("row").last().getByRole("link", { name: `Run ${last?.runId} that wrote September 2026` })).toHaveAttribute("href", `/runs/${last?.runId}`);

  const res = await page.request.get("/api/metrics/revenue/export?range=12m&grain=month");
  expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const records = csvRecords(await res.text());
  expect(records.slice(1)).toEqual(api.map((p) => [p.period, String(p.value), p.runId]));
});

test("bad settings in a link become visible warnings, and an empty range says what to do", async ({ page }) => {
  await page.goto("/metrics/revenue?grain=hour&by=city&range=90d");
  const warning = page.getByRole("main").getByText(/settings in the link were ignored/);
  await expect(warning).toBeVisible();
  await expect(page.getByRole("main")).toContainText("“grain=hour” is not valid");
  await expect(page.getByRole("main")).toContainText("“city” is not a dimension of Revenue");
  await expect(heading(page)).toHaveText("Revenue by day");

  await page.goto("/metrics/revenue?range=custom&from=2020-01-01&to=2020-03-31");
  await expect(page.getByText("No data in this range")).toBeVisible();
  await page.getByRole("link", { name: "Show all data" }).click();
  await expect(page).toHaveURL(/\/metrics\/revenue$/);
  await expect(page.locator("figure svg.recharts-surface")).toBeVisible();
});

test("the metric page with a breakdown and comparison has no axe violations, as chart and as table", async ({ page }) => {
  for (const view of ["chart", "table"]) {
    await page.goto(`/metrics/revenue?range=90d&grain=week&compare=year&by=country&chart=bar&stacked=1&view=${view}`);
    await expect(heading(page)).toHaveText("Revenue by week and country");
    const results = await new AxeBuilder({ page }).include("main").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
});

test("the whole flow by keyboard alone", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, 'main a[href^="/metrics/revenue"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/metrics\/revenue(\?|$)/);
  await expect(page.getByRole("heading", { level: 1, name: "Revenue" })).toBeVisible();

  await tabTo(page, 'nav[aria-label="Range"] a[href*="range=30d"]');
  expect(await focusIsVisible(page)).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByText(/^Last 30 days: .* – Sep 30, 2026$/)).toBeVisible();
  // The new view keeps focus where it was, so the next Tab goes on from there.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Last 30 days");

  await tabTo(page, 'nav[aria-label="Grain"] a[href*="grain=day"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/grain=day/);
  await expect(heading(page)).toHaveText("Revenue by day");

  await tabTo(page, 'nav[aria-label="Compare"] a[href*="compare=year"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/compare=year/);

  await tabTo(page, 'nav[aria-label="Chart type"] a[href*="chart=area"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/chart=area/);

  await tabTo(page, 'select:has(> option[value="country"])');
  expect(await focusIsVisible(page)).toBe(true);
  await page.keyboard.press("ArrowDown");
  await expect(page).toHaveURL(/by=country/);
  await expect(heading(page)).toHaveText("Revenue by day and country");

  await tabTo(page, 'input[type="checkbox"]');
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/stacked=1/);
  await expect(page.locator("figure .recharts-area")).not.toHaveCount(0);

  // The chart takes focus; the arrow keys move the active day and its tooltip.
  await tabTo(page, 'figure svg[role="application"]');
  expect(await focusIsVisible(page)).toBe(true);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const tooltip = page.locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText("Sep 3, 2026");
  await expect(tooltip).toContainText("vs same period last year: Sep 3, 2025");
  await expect(tooltip).toContainText("Other");
  await page.keyboard.press("ArrowLeft");
  await expect(tooltip).toContainText("Sep 2, 2026");

  await tabTo(page, 'nav[aria-label="Show as"] a[href*="view=table"]', { key: "Shift+Tab", limit: 10 });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/view=table/);
  await expect(page.getByRole("region", { name: /table/ }).getByRole("row")).toHaveCount(31);
});
