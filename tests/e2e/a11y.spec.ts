import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";

// axe-core on every page of the app, in the light and the dark theme: zero
// violations of WCAG 2.0, 2.1 and 2.2 A and AA. Pages are found by walking
// app/ for page.tsx, so a new page is checked without editing this file; a
// new kind of dynamic segment fails until it is given sample values below.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const THEMES = ["light", "dark"] as const;
const APP_DIR = path.resolve("app");

/** Route patterns, e.g. "/metrics/[key]", of every page.tsx under app/. */
function pageRoutes(dir = APP_DIR, route = ""): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const routes = entries.some((e) => e.isFile() && /^page\.(tsx|ts|jsx|js)$/.test(e.name)) ? [route || "/"] : [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const name = entry.name;
    // Private folders, route handlers and parallel-route slots are not pages of their own.
    if (name.startsWith("_") || name.startsWith("@") || (route === "" && name === "api")) continue;
    const segment = /^\(.*\)$/.test(name) ? "" : `/${name}`;
    routes.push(...pageRoutes(path.join(dir, name), route + segment));
  }
  return routes.sort();
}

/** Concrete addresses for each dynamic segment: real keys, and the states worth checking. */
const SAMPLES: Record<string, (request: APIRequestContext) => Promise<string[]>> = {
  "[key]": async () => ["revenue", "mau", "refund_rate"],
  "[slug]": async (request) => {
    const response = await request.get("/api/dashboards");
    expect(response.ok(), "GET /api/dashboards").toBe(true);
    const { dashboards } = (await response.json()) as { dashboards: { slug: string }[] };
    expect(dashboards.length, "the demo dashboards exist").toBeGreaterThan(0);
    return dashboards.map((d) => d.slug);
  },
  "[id]": async (request) => {
    const ok = await request.get("/api/runs?status=succeeded&metric=revenue");
    const failed = await request.get("/api/runs?status=failed");
    expect(ok.ok(), "GET /api/runs").toBe(true);
    const runs = [...((await ok.json()) as { runs: { id: string }[] }).runs.slice(0, 1), ...(failed.ok() ? ((await failed.json()) as { runs: { id: string }[] }).runs.slice(0, 1) : [])];
    expect(runs.length, "the demo has runs").toBeGreaterThan(0);
    return runs.map((r) => r.id);
  },
};

/** Addresses that must answer 404; every other one must render without error. */
const NOT_FOUND = new Set(["/metrics/no_such_metric", "/no-such-page"]);

/** More states of some pages: a search, an empty search, breakdown and comparison, the table view, a missing metric. */
const EXTRA_STATES: Record<string, string[]> = {
  "/metrics": ["/metrics?q=gmv", "/metrics?q=no-such-metric-anywhere"],
  "/audit": ["/audit?action=run.succeeded&pageSize=5", "/audit?action=no.such.action", "/audit?from=not-a-date"],
  "/metrics/[key]": ["/metrics/mau?by=country&compare=previous", "/metrics/revenue?grain=month&view=table", "/metrics/no_such_metric"],
  "/metrics/[key]/points": ["/metrics/orders/points?grain=day&period=2026-06-18", "/metrics/revenue/points?grain=month&period=2026-03-01&dimension=country&value=DE"],
};

async function urlsOf(route: string, request: APIRequestContext): Promise<string[]> {
  let urls = [""];
  for (const segment of route.split("/").filter(Boolean)) {
    if (!segment.startsWith("[")) {
      urls = urls.map((u) => `${u}/${segment}`);
      continue;
    }
    const sample = SAMPLES[segment];
    if (!sample) throw new Error(`No sample values for the dynamic segment ${segment} of ${route}: add them to SAMPLES in tests/e2e/a11y.spec.ts.`);
    const values = await sample(request);
    urls = urls.flatMap((u) => values.map((v) => `${u}/${v}`));
  }
  return [...urls.map((u) => u || "/"), ...(EXTRA_STATES[route] ?? [])];
}

/** The page once its charts have drawn and nothing is loading. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator('[role="status"] .motion-safe\\:animate-spin')).toHaveCount(0);
  await page.waitForTimeout(250);
}

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function report(url: string, violations: Violation[]): string {
  return violations
    .map((v) => `${url}: ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`).join("\n")}`)
    .join("\n");
}

async function axe(page: Page, url: string): Promise<string> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return report(url, violations);
}

const ROUTES = pageRoutes();

test("the page walk finds the app's pages", () => {
  expect(ROUTES).toEqual(expect.arrayContaining(["/", "/metrics", "/metrics/[key]"]));
});

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme, reducedMotion: "reduce" });

    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([{ name: "triad-theme", value: theme, url: baseURL ?? "http://127.0.0.1" }]);
    });

    for (const route of ROUTES) {
      test(`${route} has no axe violations`, async ({ page, request }) => {
        const problems: string[] = [];
        for (const url of await urlsOf(route, request)) {
          const response = await page.goto(url);
          expect(response?.status(), `GET ${url}`).toBe(NOT_FOUND.has(url) ? 404 : 200);
          await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
          await settle(page);
          // An error boundary would be checked instead of the page.
          await expect(page.locator('[data-state="error"]'), `${url} rendered its error state`).toHaveCount(0);
          problems.push(await axe(page, url));
        }
        expect(problems.filter(Boolean).join("\n"), "axe violations").toBe("");
      });
    }

    test("the not-found page has no axe violations", async ({ page }) => {
      const response = await page.goto("/no-such-page");
      expect(response?.status()).toBe(404);
      await settle(page);
      expect(await axe(page, "/no-such-page"), "axe violations").toBe("");
    });

    test("the open command palette has no axe violations", async ({ page }) => {
      await page.goto("/metrics");
      await settle(page);
      const palette = page.getByRole("dialog", { name: "Search metrics and dashboards" });
      await expect(async () => {
        if (!(await palette.isVisible())) await page.keyboard.press("Control+k");
        await expect(palette).toBeVisible({ timeout: 500 });
      }).toPass({ timeout: 15_000 });
      const problems = [await axe(page, "palette, nothing typed")];
      await page.keyboard.type("sales");
      await expect(palette.getByRole("option").first()).toContainText("Revenue");
      problems.push(await axe(page, "palette, “sales”"));
      await page.keyboard.type("zzzz");
      await expect(palette.getByRole("status")).toContainText("No metric or dashboard matches");
      problems.push(await axe(page, "palette, no match"));
      expect(problems.filter(Boolean).join("\n"), "axe violations").toBe("");
    });
  });
}
