import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { focusIsVisible, tabTo } from "./support/keyboard";

// The lineage panel on a metric page over the demo warehouse, where a duplicated
// load of orders fails the duplicate-key check: the graph from source system to
// metric, the failure on the table and on everything it feeds, the details of a
// node by mouse and by keyboard, and the same nodes as a plain list.

const CHAIN = ["system:shop-db", "table:public.orders", "job:compute:revenue", "rollup:metric_value/revenue", "metric:revenue"];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const panel = (page: Page) => page.getByRole("region", { name: "Lineage", exact: true });
const graphNode = (page: Page, id: string) => page.locator(`[data-lineage-node="${id}"]`);
const details = (page: Page) => page.locator("#lineage-details");
// The whole page in its first state is swept by a11y.spec.ts; here, the panel in the states only a click reaches.
const axePanel = (page: Page) => new AxeBuilder({ page }).include('section[aria-labelledby="lineage-heading"]').withTags(TAGS).analyze();

async function openRevenue(page: Page) {
  await page.goto("/metrics/revenue");
  await expect(graphNode(page, "metric:revenue")).toBeVisible();
}

test("the graph runs from source system to the metric, left to right, and shows the failed duplicate check downstream of orders", async ({ page }) => {
  await openRevenue(page);
  let previousX = -Infinity;
  for (const [i, id] of CHAIN.entries()) {
    const box = await graphNode(page, id).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.x, `${id} sits right of the node it reads`).toBeGreaterThan(previousX);
    previousX = box!.x;
    if (i > 0) await expect(page.getByTestId(`rf__edge-${CHAIN[i - 1]}->${id}`)).toHaveCount(1);
  }
  await expect(graphNode(page, "metric:revenue")).toContainText("This metric");
  await expect(graphNode(page, "table:public.orders")).toContainText("Table");
  await expect(graphNode(page, "table:public.orders")).toContainText(/[\d,]+ rows/);
  await expect(graphNode(page, "table:public.orders")).toContainText(/1 of \d+ failed: duplicate keys/);
  // Its accessible name reads the node's facts as one sentence.
  await expect(graphNode(page, "table:public.orders")).toHaveAccessibleName(/^Table public\.orders\. [\d,]+ rows\. newest row .*\. 1 of \d+ checks failed: duplicate keys$/);
  for (const id of ["job:compute:revenue", "rollup:metric_value/revenue"]) await expect(graphNode(page, id)).toContainText("Upstream: duplicate keys failed");
  await expect(graphNode(page, "metric:revenue")).toContainText(/1 of \d+ failed: duplicate keys/);
  // Derived metrics downstream carry the same warning.
  await expect(graphNode(page, "metric:arpu")).toContainText("Upstream: duplicate keys failed");

  await graphNode(page, "job:compute:revenue").click();
  await expect(graphNode(page, "job:compute:revenue")).toHaveAttribute("aria-expanded", "true");
  const sql = details(page).locator("pre");
  await expect(sql).toContainText("FROM");
  await expect(sql).toContainText("orders");
  await expect(details(page).getByRole("link", { name: /^[0-9a-f-]{36}$/ })).toHaveAttribute("href", /^\/runs\//);

  await graphNode(page, "table:public.orders").click();
  await expect(details(page)).toContainText("Columns read, by metric");
  await expect(details(page)).toContainText(/\d+ duplicate rows by order_id in orders, on 2026-06-18/);
  await expect(details(page).getByRole("link", { name: "revenue", exact: true })).toBeVisible();
});

test("keyboard: Tab reaches every node, Enter opens its details, focus stays visible and moves on past the graph", async ({ page }) => {
  await openRevenue(page);
  await panel(page).getByRole("button", { name: "Graph", exact: true }).focus();
  await tabTo(page, '[data-lineage-node="table:public.orders"]');
  expect(await focusIsVisible(page)).toBe(true);
  await page.keyboard.press("Enter");
  await expect(details(page).getByRole("heading", { level: 3 })).toContainText("public.orders");
  await expect(graphNode(page, "table:public.orders")).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await expect(graphNode(page, "job:compute:revenue")).toBeFocused();
  await page.keyboard.press(" ");
  await expect(details(page).locator("pre")).toContainText("FROM");
  // No trap: Tab leaves the canvas for the details pane.
  await tabTo(page, "#lineage-details a, #lineage-details pre");
});

test("the list view gives the same nodes in upstream order, with what each reads", async ({ page }) => {
  await openRevenue(page);
  const graphIds = await page.locator("[data-lineage-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-lineage-node")));
  await panel(page).getByRole("button", { name: "List" }).click();
  await expect(panel(page).getByRole("button", { name: "List" })).toHaveAttribute("aria-pressed", "true");
  const list = panel(page).getByRole("list", { name: "Lineage, upstream first" });
  const listIds = await list.locator("[data-lineage-list-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-lineage-list-node")));
  expect(listIds).toEqual(graphIds);
  const positions = CHAIN.map((id) => listIds.indexOf(id));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(positions.every((p) => p >= 0)).toBe(true);
  await expect(list).toContainText("Reads columns");
  await expect(list).toContainText("from table public.orders");
  await expect(list.locator('[data-lineage-list-node="table:public.orders"]')).toContainText("1 of 4 checks failed: duplicate keys");
  await list.locator('[data-lineage-list-node="job:compute:revenue"]').click();
  await expect(details(page).locator("pre")).toContainText("FROM");
});

for (const theme of ["light", "dark"] as const) {
  test(`the panel with a node open, as graph and as list, has no axe violations (${theme})`, async ({ page, context, baseURL }) => {
    test.setTimeout(180_000);
    await context.addCookies([{ name: "triad-theme", value: theme, url: baseURL ?? "http://127.0.0.1" }]);
    await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
    for (const [metric, node] of [
      ["revenue", "table:public.orders"],
      ["arpu", "metric:revenue"],
    ] as const) {
      await page.goto(`/metrics/${metric}`);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await graphNode(page, node).click();
      await expect(details(page).getByRole("heading", { level: 3 })).toBeVisible();
      const graph = await axePanel(page);
      expect(graph.violations.map((v) => `${metric} graph: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      await panel(page).getByRole("button", { name: "List" }).click();
      const list = await axePanel(page);
      expect(list.violations.map((v) => `${metric} list: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }
  });
}
