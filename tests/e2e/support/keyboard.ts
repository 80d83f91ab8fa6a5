import type { Page } from "@playwright/test";

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`, failing after `limit` presses. */
export async function tabTo(page: Page, selector: string, { key = "Tab", limit = 60 } = {}): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${selector}`);
}

/** Whether the focused element shows a focus outline. */
export const focusIsVisible = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el !== null && el !== document.body && getComputedStyle(el).outlineStyle !== "none" && getComputedStyle(el).outlineWidth !== "0px";
  });
