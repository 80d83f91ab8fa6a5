import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { ANONYMOUS, type Role, storageStateOf } from "./support/auth";

// axe-core on every page of the app, in the light and the dark theme: zero
// violations of WCAG 2.0, 2.1 and 2.2 A and AA. Pages are found by walking
// app/ for page.tsx, so a new page is checked without editing this file; a
// new kind of dynamic segment fails until it is given sample values below.
// Pages are seen as the admin (the default session) unless a visit names
// another identity: the sign-in page anonymously, the 403 page as a viewer.

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

/** Concrete addresses for each dynamic segment (keyed "[segment]", or "parent/[segment]" where one name means different things): real keys, and the states worth checking. */
const SAMPLES: Record<string, (request: APIRequestContext) => Promise<string[]>> = {
  "[key]": async () => ["revenue", "mau", "refund_rate"],
  "users/[id]": async (request) => {
    const response = await request.get("/api/users");
    expect(response.ok(), "GET /api/users").toBe(true);
    const body = (await response.json()) as { users: { id: string }[] };
    return body.users.slice(0, 1).map((u) => u.id);
  },
  "[slug]": async (request) => {
    const response = await request.get("/api/dashboards");
    expect(response.ok(), "GET /api/dashboards").toBe(true);
    const { dashboards } = (await response.json()) as { dashboards: { slug: string }[] };
    expect(dashboards.length, "the demo dashboards exist").toBeGreaterThan(0);
    return dashboards.map((d) => d.slug);
  },
  "runs/[id]": async (request) => {
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

/** A page address and whose eyes it is seen through; `as` defaults to the admin's session, `status` to 200 (404 for NOT_FOUND). */
interface Visit {
  url: string;
  as?: Role | "anonymous";
  status?: number;
}

/** Pages only an anonymous visitor sees (a signed-in one is sent on). */
const SEEN_AS: Record<string, Visit["as"]> = { "/sign-in": "anonymous" };

/** More states of some pages: a search, an empty search, breakdown and comparison, the table view, a missing metric, the way back after signing in, the 403 page. */
const EXTRA_STATES: Record<string, (string | Visit)[]> = {
  "/sign-in": [{ url: "/sign-in?next=%2Fmetrics%2Frevenue%3Fgrain%3Dweek", as: "anonymous" }],
  "/metrics": ["/metrics?q=gmv", "/metrics?q=no-such-metric-anywhere"],
  "/audit": ["/audit?action=run.succeeded&pageSize=5", "/audit?action=no.such.action", "/audit?from=not-a-date", { url: "/audit", as: "viewer", status: 403 }],
  "/admin/users": [{ url: "/admin/users", as: "analyst", status: 403 }],
  "/metrics/[key]": ["/metrics/mau?by=country&compare=previous", "/metrics/revenue?grain=month&view=table", "/metrics/no_such_metric"],
  "/metrics/[key]/points": ["/metrics/orders/points?grain=day&period=2026-06-18", "/metrics/revenue/points?grain=month&period=2026-03-01&dimension=country&value=DE"],
};

async function visitsOf(route: string, request: APIRequestContext): Promise<Visit[]> {
  let urls = [""];
  const segments = route.split("/").filter(Boolean);
  for (const [i, segment] of segments.entries()) {
    if (!segment.startsWith("[")) {
      urls = urls.map((u) => `${u}/${segment}`);
      continue;
    }
    const sample = SAMPLES[`${segments[i - 1]}/${segment}`] ?? SAMPLES[segment];
    if (!sample) throw new Error(`No sample values for the dynamic segment ${segment} of ${route}: add them to SAMPLES in tests/e2e/a11y.spec.ts.`);
    const values = await sample(request);
    urls = urls.flatMap((u) => values.map((v) => `${u}/${v}`));
  }
  const extra = (EXTRA_STATES[route] ?? []).map((v) => (typeof v === "string" ? { url: v } : v));
  return [...urls.map((u) => ({ url: u || "/", as: SEEN_AS[route] })), ...extra];
}

/** A page in a fresh context signed in as `as` (or anonymous), in the theme under test. */
async function pageAs(browser: Browser, as: NonNullable<Visit["as"]>, theme: string, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, colorScheme: theme as "light" | "dark", reducedMotion: "reduce", storageState: as === "anonymous" ? ANONYMOUS : storageStateOf(as) });
  await context.addCookies([{ name: "triad-theme", value: theme, url: baseURL }]);
  return context.newPage();
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
      test(`${route} has no axe violations`, async ({ page: adminPage, request, browser, baseURL }) => {
        const problems: string[] = [];
        for (const { url, as, status } of await visitsOf(route, request)) {
          const page = as ? await pageAs(browser, as, theme, baseURL!) : adminPage;
          const seen = `${url}${as ? ` (as ${as})` : ""}`;
          try {
            const response = await page.goto(url);
            expect(response?.status(), `GET ${seen}`).toBe(status ?? (NOT_FOUND.has(url) ? 404 : 200));
            // A signed-out visitor sent to the sign-in page would be checked instead of the page.
            if (as !== "anonymous") expect(new URL(page.url()).pathname, `GET ${seen} stayed signed in`).not.toBe("/sign-in");
            await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
            await settle(page);
            // An error boundary would be checked instead of the page.
            await expect(page.locator('[data-state="error"]'), `${seen} rendered its error state`).toHaveCount(0);
            problems.push(await axe(page, seen));
          } finally {
            if (page !== adminPage) await page.context().close();
          }
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
