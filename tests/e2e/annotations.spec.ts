import { expect, type APIRequestContext, test } from "@playwright/test";
import { tabTo } from "./support/keyboard";

// An analyst annotates the Orders chart from the keyboard: the form refuses
// an empty annotation field by field, then the new one is drawn on the chart
// ("i", its sentence in the tooltip) and listed under it, and is deleted again.

// April 2026 of the demo holds no other annotation, so the only "i" on the chart is the new one.
const PAGE = "/metrics/orders?range=custom&from=2026-04-01&to=2026-04-30&grain=day";
const TITLE = `E2E price test ${Date.now()}`;

async function deleteLeftovers(request: APIRequestContext) {
  const res = await request.get("/api/annotations?metric=orders&from=2026-04-01&to=2026-04-30");
  const { annotations } = (await res.json()) as { annotations: { id: string; title: string }[] };
  for (const a of annotations.filter((a) => a.title === TITLE))
    await request.delete(`/api/annotations/${a.id}`);
}

test.afterEach(async ({ request }) => deleteLeftovers(request));

test("an annotation added by keyboard is drawn on the chart, listed, and deleted", async ({
  page,
}) => {
  // The dev server renders the metric page in seconds, twice here (load and refresh after the save).
  test.setTimeout(180_000);
  await page.goto(PAGE);
  const section = page.getByRole("region", { name: "Annotations" });
  await expect(section).toBeVisible();
  const chart = page.getByRole("figure", { name: "Orders by day" });
  await expect(chart.locator(".recharts-line-curve")).toBeVisible({ timeout: 45_000 });
  const symbols = chart.locator("g[aria-hidden] text", { hasText: /^i$/ });
  await expect(symbols).toHaveCount(0);

  // Submitting nothing names each missing field next to it and focuses the first.
  const date = section.getByLabel("Date", { exact: true });
  await date.focus();
  await tabTo(page, "button[type=submit]");
  await expect(page.locator(":focus")).toHaveText("Add annotation");
  await page.keyboard.press("Enter");
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await expect(date).toBeFocused();
  await expect(section.getByText("Date must be a date as YYYY-MM-DD.")).toBeVisible();
  await expect(section.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(section.getByText("Title must not be empty.")).toBeVisible();
  await expect(section.getByRole("status")).toHaveText(
    "Nothing was saved; fix the fields marked ×.",
  );

  // The date input reads mm/dd/yyyy in the test's en-US locale.
  await page.keyboard.type("04152026");
  await tabTo(page, "input[name=title]");
  await page.keyboard.type(TITLE);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Prices rose 5% for a test week.");
  await page.keyboard.press("Tab");
  await expect(section.getByRole("radio", { name: "This metric (Orders)" })).toBeFocused();
  await expect(section.getByRole("radio", { name: "This metric (Orders)" })).toBeChecked();
  await tabTo(page, "button[type=submit]");
  await page.keyboard.press("Enter");

  await expect(section.getByRole("status")).toHaveText(`Added “${TITLE}”.`);
  const item = section.getByRole("listitem").filter({ hasText: TITLE });
  // The page re-renders on the server after the save; the dev server can take a while.
  await expect(item).toContainText("Wed, 15 Apr 2026", { timeout: 45_000 });
  await expect(item).toContainText("Prices rose 5% for a test week.");
  await expect(item).toContainText("Shown on: Orders");
  await expect(date).toHaveValue("");

  // On the chart: one "i" on its day, and its sentence in that day's tooltip.
  await expect(symbols).toHaveCount(1);
  await chart.scrollIntoViewIfNeeded();
  const symbol = await symbols.first().boundingBox();
  const plot = await chart.locator(".recharts-surface").first().boundingBox();
  if (!symbol || !plot) throw new Error("the chart is not laid out");
  const tooltip = chart.getByRole("status");
  // Hover the rule's day; moved again if a late re-render dropped the tooltip.
  await expect(async () => {
    await page.mouse.move(plot.x + 5, plot.y + 5);
    await page.mouse.move(symbol.x + symbol.width / 2, plot.y + plot.height * 0.6, { steps: 4 });
    await expect(tooltip).toContainText("Apr 15, 2026", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(tooltip).toContainText(TITLE);
  await expect(tooltip).toContainText("Wed, 15 Apr 2026: Prices rose 5% for a test week.");

  // Deleted after confirming: gone from the list and the chart.
  await page.keyboard.press("Escape");
  await item.getByRole("button", { name: `Delete annotation “${TITLE}”` }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Delete “${TITLE}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep it" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  // The dialog closes once the server answers, which a busy dev server may take a while to do.
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(item.getByRole("status")).toHaveText("Deleted");
  await expect(section.getByRole("listitem").filter({ hasText: TITLE })).toHaveCount(0, {
    timeout: 45_000,
  });
  await expect(symbols).toHaveCount(0);
});
