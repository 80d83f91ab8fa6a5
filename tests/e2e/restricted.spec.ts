import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { ANONYMOUS, signIn, storageStateOf, type Role } from "./support/auth";
import { E2E_BASE_URL } from "./support/e2e-server";

// What the demo restricts (metrics/largest_order.yaml `access: { groups:
// [finance] }`; metrics/sources/shop.yaml: users.email a sensitive column,
// refunds for the finance group): Largest order does not exist for anyone
// outside finance, anywhere it could show (catalog, palette, API, its page,
// series and export, other metrics' lineage), while the auditor (in finance)
// sees it; signup emails are masked in drill-through for everyone but the
// admin; refund rows are for finance only.

const HIDDEN = "largest_order";
const SIGNUPS_POINT = "grain=month&period=2026-03-01";
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

async function asRole<T>(browser: Browser, role: Role, visit: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, storageState: storageStateOf(role) });
  try {
    return await visit(await context.newPage());
  } finally {
    await context.close();
  }
}

async function openPalette(page: Page) {
  const palette = page.getByRole("dialog", { name: "Search metrics and dashboards" });
  await expect(async () => {
    if (!(await palette.isVisible())) await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  return palette;
}

const metricKeys = async (request: APIRequestContext) => {
  const response = await request.get("/api/metrics");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { metrics: { key: string }[] }).metrics.map((m) => m.key);
};

test.describe("as the analyst (not in finance)", () => {
  test.use({ storageState: storageStateOf("analyst") });

  test("Largest order appears nowhere: catalog, search, palette, API, its page, series, export", async ({ page }) => {
    const keys = await metricKeys(page.request);
    expect(keys).toContain("revenue");
    expect(keys).not.toContain(HIDDEN);

    await page.goto("/metrics");
    await expect(page.getByRole("link", { name: "Revenue", exact: true })).toBeVisible();
    await expect(page.locator(`a[href^="/metrics/${HIDDEN}"]`)).toHaveCount(0);
    await expect(page.getByRole("main")).not.toContainText("Largest order");
    // Its name and its synonyms find nothing.
    for (const q of ["largest", "biggest order"]) {
      await page.goto(`/metrics?q=${encodeURIComponent(q)}`);
      await expect(page.getByRole("main")).not.toContainText("Largest order");
    }

    const palette = await openPalette(page);
    await page.keyboard.type("largest");
    await expect(palette.getByRole("status")).toContainText("No metric or dashboard matches");
    await expect(palette.getByRole("option", { name: /Largest order/ })).toHaveCount(0);
    await page.keyboard.press("Escape");

    // Answered as if it did not exist, so its key is not even confirmed.
    expect((await page.goto(`/metrics/${HIDDEN}`))?.status()).toBe(404);
    expect((await page.goto(`/metrics/${HIDDEN}/definition`))?.status()).toBe(404);
    for (const url of [`/api/metrics/${HIDDEN}`, `/api/metrics/${HIDDEN}/series?grain=week`, `/api/metrics/${HIDDEN}/export?grain=week`, `/api/metrics/${HIDDEN}/versions`])
      expect((await page.request.get(url)).status(), url).toBe(404);
  });

  test("signup emails are masked in the drill-through page, JSON and CSV, where the admin sees them", async ({ page, browser }) => {
    const admin = await asRole(browser, "admin", async (p) => ({
      json: await (await p.request.get(`/api/metrics/signups/points/rows?${SIGNUPS_POINT}`)).text(),
      csv: await (await p.request.get(`/api/metrics/signups/points/rows.csv?${SIGNUPS_POINT}`)).text(),
      page: await (async () => {
        await p.goto(`/metrics/signups/points?${SIGNUPS_POINT}`);
        return (await p.getByRole("main").textContent()) ?? "";
      })(),
    }));
    // The admin's answers hold the raw addresses (owners' contact addresses in the page aside).
    const emails = new Set([...admin.json.matchAll(EMAIL)].map((m) => m[0]).filter((e) => !e.endsWith(".example")));
    expect(emails.size, "the admin sees signup emails").toBeGreaterThan(0);
    expect([...admin.csv.matchAll(EMAIL)].length).toBeGreaterThan(0);
    expect([...emails].some((e) => admin.page.includes(e)), "the admin's page shows them").toBe(true);

    const json = await page.request.get(`/api/metrics/signups/points/rows?${SIGNUPS_POINT}`);
    expect(json.status()).toBe(200);
    const csv = await page.request.get(`/api/metrics/signups/points/rows.csv?${SIGNUPS_POINT}`);
    expect(csv.status()).toBe(200);
    await page.goto(`/metrics/signups/points?${SIGNUPS_POINT}`);
    const shown = (await page.getByRole("main").textContent()) ?? "";
    const texts = { json: await json.text(), csv: await csv.text(), page: shown };
    for (const [where, text] of Object.entries(texts)) {
      const leaked = [...emails].filter((e) => text.includes(e));
      expect(leaked, `signup emails in the analyst's ${where}`).toEqual([]);
      expect(text, `the analyst's ${where} says the column is masked`).toContain("masked");
    }
    // The same rows, only the column masked: as many rows for both.
    const count = (body: string) => (JSON.parse(body) as { rows: unknown[] }).rows.length;
    expect(count(texts.json)).toBe(count(admin.json));
  });

  test("refund rows are refused: drill-through JSON and CSV answer 403, the page shows why and no rows", async ({ page }) => {
    const point = "grain=month&period=2026-03-01";
    for (const url of [`/api/metrics/refunds/points/rows?${point}`, `/api/metrics/refunds/points/rows.csv?${point}`]) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(403);
      expect(await response.text(), url).toContain("finance");
    }
    await page.goto(`/metrics/refunds/points?${point}`);
    await expect(page.getByRole("main")).toContainText('restricted to the group "finance"');
    await expect(page.getByRole("heading", { name: "Source rows" })).toHaveCount(0);
    await expect(page.locator("main tbody tr")).toHaveCount(0);
  });
});

test.describe("as the auditor (in finance)", () => {
  test.use({ storageState: storageStateOf("auditor") });

  test("Largest order is in the catalog, the palette, the API, its page, series, export and lineage", async ({ page }) => {
    expect(await metricKeys(page.request)).toContain(HIDDEN);
    await page.goto("/metrics");
    await expect(page.getByRole("link", { name: "Largest order", exact: true })).toBeVisible();
    const palette = await openPalette(page);
    await page.keyboard.type("largest");
    await expect(palette.getByRole("option").first()).toContainText("Largest order");
    await page.keyboard.press("Escape");
    expect((await page.goto(`/metrics/${HIDDEN}`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Largest order");
    for (const url of [`/api/metrics/${HIDDEN}`, `/api/metrics/${HIDDEN}/series?grain=week`, `/api/metrics/${HIDDEN}/export?grain=week`, `/api/metrics/${HIDDEN}/lineage`, `/api/metrics/${HIDDEN}/lineage/openlineage`])
      expect((await page.request.get(url)).status(), url).toBe(200);
    expect((await page.request.get(`/api/metrics/refunds/points/rows?grain=month&period=2026-03-01`)).status()).toBe(200);
  });
});

// No demo role has lineage without being in finance, so an admin makes one for
// this test (an auditor with no groups) and deletes it afterwards.
test("an auditor outside finance finds no Largest order node in any metric's lineage or OpenLineage", async ({ request, playwright }) => {
  test.setTimeout(120_000);
  const email = `e2e-auditor-${Date.now()}@triad.local`;
  const password = `E2e-${Date.now()}-not-a-demo`;
  const made = await request.post("/api/users", { headers: { Origin: E2E_BASE_URL }, data: { email, name: "E2E auditor outside finance", role: "auditor", groups: [], password } });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = ((await made.json()) as { user: { id: string } }).user;
  const outsider = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: ANONYMOUS });
  try {
    expect((await signIn(outsider, email, password)).status()).toBe(200);
    const keys = await metricKeys(outsider);
    expect(keys).not.toContain(HIDDEN);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      for (const url of [`/api/metrics/${key}/lineage`, `/api/metrics/${key}/lineage/openlineage`]) {
        const response = await outsider.get(url);
        expect(response.status(), url).toBe(200);
        expect(await response.text(), `${url} names ${HIDDEN}`).not.toContain(HIDDEN);
      }
    }
    for (const url of [`/api/metrics/${HIDDEN}/lineage`, `/api/metrics/${HIDDEN}/lineage/openlineage`]) expect((await outsider.get(url)).status(), url).toBe(404);
  } finally {
    await outsider.dispose();
    expect((await request.delete(`/api/users/${id}`, { headers: { Origin: E2E_BASE_URL } })).status()).toBe(204);
  }
});
