import { expect, type Page, test } from "@playwright/test";

// The frame around every page: search from anywhere, the theme switch, the
// skip link and the landmarks.

const paletteOf = (page: Page) => page.getByRole("dialog", { name: "Search metrics and dashboards" });

/** Presses `key` until the palette opens: the shortcut listens only once the page has hydrated. */
async function openPaletteWith(page: Page, key: string) {
  await expect(async () => {
    if (!(await paletteOf(page).isVisible())) await page.keyboard.press(key);
    await expect(paletteOf(page)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
}

test.describe("command palette", () => {
  test("Ctrl+K on a metric page, a synonym, Enter: the metric it names opens", async ({ page }) => {
    await page.goto("/metrics/mau");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Monthly active users");
    await openPaletteWith(page, "Control+k");

    const palette = paletteOf(page);
    const combobox = palette.getByRole("combobox", { name: "Search metrics and dashboards" });
    await expect(combobox).toBeFocused();
    await expect(combobox).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.type("gmv");

    const first = palette.getByRole("option").first();
    await expect(first).toContainText("Revenue");
    await expect(first).toContainText("also called “gmv”");
    await expect(first).toHaveAttribute("aria-selected", "true");
    await expect(combobox).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id")) ?? "missing id");
    await expect(palette.getByRole("status")).toHaveText("1 match.");

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/metrics\/revenue$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Revenue");
    await expect(palette).toBeHidden();
  });

  test("“/” opens it too; arrows move the selection; Escape closes it and focus returns", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await openPaletteWith(page, "/");

    const palette = paletteOf(page);
    const combobox = palette.getByRole("combobox");
    await expect(combobox).toBeFocused();
    await expect(combobox).toHaveValue("");
    await page.keyboard.type("active users");
    const options = palette.getByRole("option");
    await expect(options.first()).toContainText("Monthly active users");
    await page.keyboard.press("ArrowDown");
    await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
    await expect(options.first()).toHaveAttribute("aria-selected", "false");
    await expect(combobox).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id")) ?? "missing id");
    await page.keyboard.press("ArrowUp");
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Escape");
    await expect(palette).toBeHidden();
    await expect(page).toHaveURL(/\/$/);

    // Opened from the header button, it gives focus back to the button.
    const trigger = page.getByRole("button", { name: /Search metrics/ });
    await trigger.click();
    await expect(palette).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(palette).toBeHidden();
    await expect(trigger).toBeFocused();
  });

  test("lists dashboards, and leads to the catalog's full results", async ({ page }) => {
    await page.goto("/metrics");
    await openPaletteWith(page, "Control+k");
    const palette = paletteOf(page);
    await page.keyboard.type("executive");
    await expect(palette.getByRole("group", { name: "Dashboards" }).getByRole("option").first()).toContainText("Executive");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboards\/executive$/);

    await openPaletteWith(page, "Control+k");
    await page.keyboard.type("finance");
    const catalogOption = palette.getByRole("option", { name: /Search the metric catalog for “finance”/ });
    await catalogOption.click();
    await expect(page).toHaveURL(/\/metrics\?q=finance$/);
    await expect(page.getByRole("table", { name: "Metrics matching “finance”" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Revenue", exact: true })).toBeVisible();
  });

  test("“/” typed in a text field is just a slash", async ({ page }) => {
    await page.goto("/metrics");
    const search = page.getByRole("searchbox", { name: "Search" });
    await search.click();
    await page.keyboard.type("a/b");
    await expect(search).toHaveValue("a/b");
    await expect(paletteOf(page)).toBeHidden();
  });
});

test.describe("theme", () => {
  const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const LIGHT_CANVAS = "rgb(245, 246, 248)";
  const DARK_CANVAS = "rgb(13, 17, 23)";

  test("follows the system until chosen; the choice survives a reload, rendered by the server", async ({ page, browser }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/");
    const html = page.locator("html");
    const themes = page.getByRole("group", { name: "Colour theme" });
    await expect(html).not.toHaveAttribute("data-theme");
    await expect(themes.getByRole("button", { name: "System theme" })).toHaveAttribute("aria-pressed", "true");
    expect(await background(page)).toBe(LIGHT_CANVAS);

    await expect(async () => {
      await themes.getByRole("button", { name: "Dark theme" }).click();
      await expect(html).toHaveAttribute("data-theme", "dark", { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await expect(themes.getByRole("button", { name: "Dark theme" })).toHaveAttribute("aria-pressed", "true");
    expect(await background(page)).toBe(DARK_CANVAS);

    await page.reload();
    await expect(html).toHaveAttribute("data-theme", "dark");
    expect(await background(page)).toBe(DARK_CANVAS);
    await expect(themes.getByRole("button", { name: "Dark theme" })).toHaveAttribute("aria-pressed", "true");
    // No flash: the HTML itself carries the theme, before any script runs.
    const served = await (await page.request.get("/metrics")).text();
    expect(served).toMatch(/<html[^>]*data-theme="dark"/);

    // A page without scripts still gets it.
    const noScript = await browser.newContext({ javaScriptEnabled: false, colorScheme: "light" });
    await noScript.addCookies(await page.context().cookies());
    const bare = await noScript.newPage();
    await bare.goto("/metrics");
    expect(await bare.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_CANVAS);
    await noScript.close();

    await themes.getByRole("button", { name: "Light theme" }).click();
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await expect(html).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(LIGHT_CANVAS);

    await themes.getByRole("button", { name: "System theme" }).click();
    await expect(html).not.toHaveAttribute("data-theme");
    expect(await background(page)).toBe(DARK_CANVAS);
    await page.reload();
    await expect(html).not.toHaveAttribute("data-theme");
    expect((await page.context().cookies()).find((c) => c.name === "triad-theme")).toBeUndefined();
  });
});

test.describe("keyboard and landmarks", () => {
  test("the skip link is the first Tab stop, shows itself and moves focus to the main content", async ({ page }) => {
    await page.goto("/metrics");
    await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    const box = await skip.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(40);
    expect(box?.height ?? 0).toBeGreaterThan(20);

    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
  });

  test("focus is visible on the header's controls", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      const outline = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || !el.closest("header")) return null;
        const style = getComputedStyle(el);
        return { style: style.outlineStyle, width: style.outlineWidth, tag: el.tagName, text: el.textContent };
      });
      if (!outline) break;
      expect(outline.style, `${outline.tag} “${outline.text}” shows no focus outline`).not.toBe("none");
      expect(outline.width).not.toBe("0px");
    }
  });

  test("every page has a banner, a main navigation with a Dashboards link, a main region and one h1", async ({ page }) => {
    for (const url of ["/", "/metrics", "/metrics/revenue"]) {
      await page.goto(url);
      await expect(page.getByRole("banner")).toHaveCount(1);
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link", { name: "Dashboards" })).toHaveAttribute("href", "/dashboards");
      await expect(page.getByRole("main")).toHaveCount(1);
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    }
    await page.goto("/metrics");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" })).toHaveAttribute("aria-current", "page");
  });
});
