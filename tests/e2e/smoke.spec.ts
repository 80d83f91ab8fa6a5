import { expect, test } from "@playwright/test";

test("the home page answers with a main landmark", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.ok(), `GET / answered ${response?.status()}`).toBe(true);
  await expect(page.getByRole("main")).toBeVisible();
});
