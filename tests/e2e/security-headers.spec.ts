import { expect, test } from "@playwright/test";

// Every rendered page and API answer carries the security headers; pages run
// under a nonce-based Content-Security-Policy without a single violation, so
// charts, the lineage graph and PNG export work with it.

const PAGES = ["/", "/metrics", "/metrics/revenue?range=12m&grain=week&by=country", "/dashboards/executive", "/runs", "/audit"];

test("pages and API answers carry the security headers", async ({ request }) => {
  for (const path of [...PAGES, "/api/metrics", "/api/metrics/nope"]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toContain("unsafe-eval");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("no page breaks the policy: scripts run, charts draw, PNG export works", async ({ page }) => {
  test.setTimeout(180_000);
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy|violates the following/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  for (const path of PAGES) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // Hydrated under the policy: the chart drew and the PNG button makes an image.
  await page.goto("/metrics/revenue?range=12m&grain=week");
  await expect(page.locator("figure .recharts-surface").first()).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: /Download PNG/ }).click();
  expect((await download).suggestedFilename()).toMatch(/\.png$/);
  // Each response has its own nonce.
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const res = await page.request.get("/metrics");
    nonces.add(/'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1] ?? "");
  }
  expect(nonces.size).toBe(3);
  expect(violations).toEqual([]);
});
