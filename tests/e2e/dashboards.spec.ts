import { expect, type Page, test } from "@playwright/test";
import { storageStateOf } from "./support/auth";

// Dashboards on the demo warehouse: the Executive dashboard that bootstrap
// creates, and an analyst building, arranging, saving and sharing a new one.

// In view mode a number tile is an article and a chart tile a metric chart card (a region); in edit mode every tile is an article.
const viewedTiles = (page: Page) => page.getByRole("main").getByRole("heading", { level: 2 });
const editedTiles = (page: Page) => page.locator("article h3");

test("the Executive dashboard opens from the list with its number tiles and chart", async ({
  page,
}) => {
  await page.goto("/dashboards");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboards" })).toBeVisible();
  await page.getByRole("link", { name: "Executive", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboards\/executive$/);
  await expect(page.getByRole("heading", { level: 1, name: "Executive" })).toBeVisible();
  await expect(viewedTiles(page)).toHaveText([
    "Revenue",
    "Monthly active users",
    "Orders",
    "Conversion rate",
    "Average revenue per user",
    "Revenue by country",
  ]);

  const revenue = page.getByRole("article", { name: "Revenue", exact: true });
  await expect(revenue).toContainText(/\$[\d.]+K/);
  await expect(revenue).toContainText("vs previous week");

  const byCountry = page.getByRole("region", { name: "Revenue by country" });
  await expect(byCountry).toContainText("compared with the previous period");
  await expect(byCountry.locator("figure .recharts-line-curve").first()).toBeVisible();
  await expect(
    byCountry.getByRole("link", { name: /^Download CSV of Revenue by country/ }),
  ).toHaveAttribute("href", /^\/api\/metrics\/revenue\/export\?.*by=country/);
  await expect(
    byCountry.getByRole("link", { name: "Revenue by country", exact: true }),
  ).toHaveAttribute("href", /^\/metrics\/revenue\?.*compare=previous/);
});

test.describe("as the analyst", () => {
  test.use({ storageState: storageStateOf("analyst") });

test("an analyst creates a dashboard, arranges two tiles by keyboard, saves it and shares the link", async ({
  page,
  context,
  browser,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `E2E board ${Date.now()}`;
  await page.goto("/dashboards");
  await page.getByLabel("Name of a new dashboard").fill(name);
  await page.getByRole("button", { name: "Create dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboards\/e2e-board-\d+\/edit$/);
  const slug = new URL(page.url()).pathname.match(/^\/dashboards\/([^/]+)\/edit$/)?.[1] ?? "";
  await expect(page.getByRole("heading", { level: 1, name: `Editing ${name}` })).toBeVisible();

  // Two tiles: Orders as a number, then Revenue as a chart.
  const add = page.getByRole("region", { name: "Add a tile" });
  await add.getByLabel("Metric").selectOption({ label: "Orders" });
  await add.getByText("Number", { exact: true }).click();
  await add.getByRole("button", { name: "Add tile" }).click();
  await add.getByLabel("Metric").selectOption({ label: "Revenue" });
  await add.getByText("Chart", { exact: true }).click();
  await add.getByRole("button", { name: "Add tile" }).click();
  await expect(editedTiles(page)).toHaveText(["Orders", "Revenue"]);

  // The move buttons, there and back.
  await page.getByRole("button", { name: "Move Revenue up" }).click();
  await expect(editedTiles(page)).toHaveText(["Revenue", "Orders"]);
  await expect(page.getByRole("button", { name: "Move Revenue up" })).toBeFocused();
  await page.getByRole("button", { name: "Move Revenue down" }).click();
  await expect(editedTiles(page)).toHaveText(["Orders", "Revenue"]);

  // Drag and drop by keyboard: pick Revenue up by its handle, move it before Orders, drop it.
  const handle = page.getByRole("button", { name: /^Drag Revenue/ });
  await handle.focus();
  await page.keyboard.press("Space");
  // dnd-kit marks the handle pressed once it has measured the tiles; a move before that is lost.
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("status").filter({ hasText: /over|moved/i }).first()).toBeAttached();
  await page.keyboard.press("Space");
  await expect(handle).not.toHaveAttribute("aria-pressed", "true");
  await expect(editedTiles(page)).toHaveText(["Revenue", "Orders"]);

  // Resize Revenue to the full width; make it a monthly bar chart.
  const revenue = page.getByRole("article", { name: "Revenue", exact: true });
  await revenue.getByText("Full width", { exact: true }).click();
  await revenue.getByLabel("Chart type").selectOption("bar");
  await revenue.getByLabel("Grain").selectOption("month");
  await expect(revenue).toContainText("Preview after saving");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboards/${slug}$`));

  const expectSavedLayout = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(viewedTiles(p)).toHaveText(["Revenue", "Orders"]);
    const chart = p.getByRole("region", { name: "Revenue", exact: true });
    await expect(chart).toContainText("Revenue by month");
    await expect(chart.locator("figure .recharts-bar-rectangle").first()).toBeVisible();
    const orders = p.getByRole("article", { name: "Orders", exact: true });
    await expect(orders).toContainText("vs previous week");
    const [wide, narrow] = [await chart.boundingBox(), await orders.boundingBox()];
    expect(wide && narrow && wide.width > narrow.width * 2.5).toBe(true);
  };
  await expectSavedLayout(page);
  await page.reload();
  await expectSavedLayout(page);

  const stored = await (await request.get(`/api/dashboards/${slug}`)).json();
  expect(stored.tiles).toMatchObject([
    {
      position: 0,
      metricKey: "revenue",
      kind: "chart",
      width: 3,
      view: { chart: "bar", grain: "month" },
    },
    { position: 1, metricKey: "orders", kind: "number", width: 1 },
  ]);

  // The share link opens the same dashboard for someone else.
  await page.getByRole("button", { name: "Copy link" }).click();
  const shared = page.locator("[data-share-link]");
  await expect(shared).toBeVisible();
  const link = (await shared.getAttribute("href")) ?? (await shared.inputValue());
  expect(link).toMatch(new RegExp(`^http://[^/]+/dashboards/${slug}$`));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  // Someone else: a viewer, who may open a dashboard.
  const other = await browser.newContext({ storageState: storageStateOf("viewer") });
  try {
    const visitor = await other.newPage();
    await visitor.goto(link);
    await expectSavedLayout(visitor);
  } finally {
    await other.close();
  }

  // Delete it, confirming in the dialog.
  await page.getByRole("link", { name: "Edit dashboard" }).click();
  await page.getByRole("button", { name: "Delete dashboard…" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete “${name}”?` });
  await expect(dialog.getByRole("button", { name: "Keep it" })).toBeFocused();
  await dialog.getByRole("button", { name: "Delete dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboards$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  expect((await request.get(`/api/dashboards/${slug}`)).status()).toBe(404);
});

});

test("Cancel discards the edits", async ({ page }) => {
  await page.goto("/dashboards/growth/edit");
  await expect(page.getByRole("heading", { level: 1, name: "Editing Growth" })).toBeVisible();
  await page
    .getByRole("button", { name: /^Remove / })
    .first()
    .click();
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/dashboards\/growth$/);
  await expect(viewedTiles(page)).toHaveCount(6);
});
