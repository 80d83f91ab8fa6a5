import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { ANONYMOUS, ROLES, type Role, storageStateOf } from "./support/auth";
import { E2E_BASE_URL } from "./support/e2e-server";

// Who may call what, as the spec: every route handler (with each method it
// exports) and every page found under app/, called anonymously and as each
// demo role. Anonymous: 401 from the API, 307 to /sign-in from pages. A role
// with the permission the table names: not 401/403 (GETs answer 200; writes
// are sent an invalid body, or an id that does not exist for DELETE, so they
// answer 400/404 and store nothing). A role without it: 403. A route the table
// does not name fails the test, so a new route cannot ship unchecked.

type Permission =
  | "view"
  | "explore"
  | "edit_dashboards"
  | "annotate"
  | "drill"
  | "lineage"
  | "runs"
  | "audit_log"
  | "verify"
  | "sensitive_columns"
  | "manage_users";

/** The roles, written out here rather than imported, so a change to lib/auth/roles.ts has to agree with this spec. */
const ROLE_CAN: Record<Role, readonly Permission[]> = {
  viewer: ["view"],
  analyst: ["view", "explore", "edit_dashboards", "annotate", "drill"],
  auditor: ["view", "explore", "drill", "lineage", "runs", "audit_log", "verify"],
  admin: ["view", "explore", "edit_dashboards", "annotate", "drill", "lineage", "runs", "audit_log", "verify", "sensitive_columns", "manage_users"],
};

/** "METHOD /route/[pattern]" (pages are GET of their path) -> the permission it needs, or "public". */
const SPEC: Record<string, Permission | "public"> = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  "GET /api/auth/[...all]": "public",
  "POST /api/auth/[...all]": "public",
  "GET /sign-in": "public",

  "GET /api/metrics": "view",
  "GET /api/metrics/[key]": "view",
  "GET /api/metrics/[key]/series": "view",
  "GET /api/metrics/[key]/export": "view",
  "GET /api/metrics/[key]/versions": "view",
  "GET /api/metrics/[key]/versions/diff": "view",
  "GET /api/brief": "view",
  "GET /api/dashboards": "view",
  "GET /api/dashboards/[slug]": "view",
  "GET /api/alerts": "view",
  "GET /api/annotations": "view",
  "GET /api/annotations/[id]": "view",
  "GET /": "view",
  "GET /brief": "view",
  "GET /metrics": "view",
  "GET /metrics/[key]": "view",
  "GET /metrics/[key]/definition": "view",
  "GET /dashboards": "view",
  "GET /dashboards/[slug]": "view",
  "GET /alerts": "view",
  "GET /annotations": "view",

  "POST /api/dashboards": "edit_dashboards",
  "PUT /api/dashboards/[slug]": "edit_dashboards",
  "DELETE /api/dashboards/[slug]": "edit_dashboards",
  "GET /dashboards/[slug]/edit": "edit_dashboards",

  "POST /api/annotations": "annotate",
  "PATCH /api/annotations/[id]": "annotate",
  "DELETE /api/annotations/[id]": "annotate",
  "POST /api/alerts/[id]/acknowledge": "annotate",
  "POST /api/alerts/[id]/resolve": "annotate",

  "GET /api/metrics/[key]/points/rows": "drill",
  "GET /api/metrics/[key]/points/rows.csv": "drill",
  "GET /metrics/[key]/points": "drill",

  "GET /api/metrics/[key]/lineage": "lineage",
  "GET /api/metrics/[key]/lineage/openlineage": "lineage",

  "GET /api/runs": "runs",
  "GET /api/runs/[id]": "runs",
  "GET /api/runs/[id]/openlineage": "runs",
  "GET /runs": "runs",
  "GET /runs/[id]": "runs",

  "GET /api/audit": "audit_log",
  "GET /audit": "audit_log",

  "POST /api/metrics/[key]/verify": "verify",

  "GET /api/users": "manage_users",
  "POST /api/users": "manage_users",
  "PATCH /api/users/[id]": "manage_users",
  "DELETE /api/users/[id]": "manage_users",
  "GET /admin/users": "manage_users",
};

/** Checks beyond one per route: the same route asked for more than its permission gives (a breakdown is exploring). */
const EXTRA_CHECKS: { method: string; route: string; query: string; needs: Permission }[] = [
  { method: "GET", route: "/api/metrics/[key]/series", query: "grain=week&by=country", needs: "explore" },
  { method: "GET", route: "/api/metrics/[key]/export", query: "grain=week&by=country", needs: "explore" },
  { method: "GET", route: "/api/metrics/[key]/series", query: "grain=week&filter.country=DE", needs: "explore" },
];

const APP_DIR = path.resolve("app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

interface Route {
  method: string;
  route: string;
  page: boolean;
}

/** The HTTP methods a route.ts exports: `export function GET`, `export const GET`, `export { handle as GET }`. */
function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+(\w+)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/export\s*(?:const|let)?\s*\{([^}]*)\}/g))
    for (const item of m[1]!.split(",")) names.add(item.trim().split(/\s+as\s+/).pop()!.split(/\s*:\s*/).pop()!.trim());
  return METHODS.filter((method) => names.has(method));
}

/** Every page.tsx (GET) and every route.ts method under app/, with route groups left out of the path. */
function discoverRoutes(dir = APP_DIR, route = ""): Route[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const found: Route[] = [];
  for (const entry of entries) {
    if (entry.isFile() && /^page\.(tsx|ts|jsx|js)$/.test(entry.name)) found.push({ method: "GET", route: route || "/", page: true });
    if (entry.isFile() && /^route\.(ts|js)$/.test(entry.name))
      for (const method of exportedMethods(path.join(dir, entry.name))) found.push({ method, route: route || "/", page: false });
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    found.push(...discoverRoutes(path.join(dir, entry.name), route + segment));
  }
  return found;
}

const ROUTES = discoverRoutes().sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`));
const keyOf = (r: { method: string; route: string }) => `${r.method} ${r.route}`;
const isWrite = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);

// Ids that exist nowhere: a DELETE that is let through answers 404 and deletes nothing.
const MISSING_ID = "00000000-0000-4000-8000-00000000e2e0";
const MISSING_SLUG = "e2e-no-such-dashboard";

/** Real values for each dynamic segment (keyed "parent/[segment]" where one name means different things), read as the admin. */
async function samplesFrom(admin: APIRequestContext): Promise<Record<string, string>> {
  const json = async <T>(url: string): Promise<T> => {
    const response = await admin.get(url);
    expect(response.status(), `GET ${url} as admin`).toBe(200);
    return (await response.json()) as T;
  };
  const { runs } = await json<{ runs: { id: string }[] }>("/api/runs?metric=revenue&status=succeeded");
  const { dashboards } = await json<{ dashboards: { slug: string }[] }>("/api/dashboards");
  const { annotations } = await json<{ annotations: { id: string }[] }>("/api/annotations");
  const { alerts } = await json<{ alerts: { id: string }[] }>("/api/alerts");
  const samples: Record<string, string> = {
    "[key]": "revenue",
    "runs/[id]": runs[0]?.id ?? "",
    "[slug]": dashboards[0]?.slug ?? "",
    "annotations/[id]": annotations.find((a) => /^[0-9a-f-]{36}$/.test(a.id))?.id ?? annotations[0]?.id ?? "",
    "alerts/[id]": alerts[0]?.id ?? "",
    "[...all]": "get-session",
  };
  if (ROUTES.some((r) => r.route.startsWith("/api/users"))) {
    const { users } = await json<{ users: { id: string }[] }>("/api/users");
    samples["users/[id]"] = users[0]?.id ?? "";
  }
  for (const [segment, value] of Object.entries(samples)) expect(value, `a sample for ${segment} on the demo warehouse`).not.toBe("");
  return samples;
}

/** Query strings that make a GET of a real sample answer 200 rather than 400. */
function queryFor(route: string, versions: string[]): string {
  switch (route) {
    case "/api/metrics/[key]/points/rows":
    case "/api/metrics/[key]/points/rows.csv":
    case "/metrics/[key]/points":
      return "grain=month&period=2026-03-01";
    case "/api/metrics/[key]/versions/diff":
      return `from=${versions.at(-1)}&to=${versions[0]}`;
    default:
      return "";
  }
}

function urlOf(route: string, method: string, samples: Record<string, string>, query: string): string {
  const segments = route.split("/").filter(Boolean);
  const filled = segments.map((segment, i) => {
    if (!segment.startsWith("[")) return segment;
    if (method === "DELETE") return segment === "[slug]" ? MISSING_SLUG : segment === "[key]" ? "revenue" : MISSING_ID;
    if (method === "POST" && route === "/api/auth/[...all]") return "e2e-no-such-endpoint";
    const value = samples[`${segments[i - 1]}/${segment}`] ?? samples[segment];
    if (!value) throw new Error(`No sample value for ${segment} in ${route}: add one to samplesFrom in tests/e2e/permission-matrix.spec.ts.`);
    return encodeURIComponent(value);
  });
  return `/${filled.join("/")}${query ? `?${query}` : ""}`;
}

async function call(request: APIRequestContext, method: string, url: string): Promise<APIResponse> {
  // Writes come from this app's origin, as its pages send them, with a body no schema accepts.
  const options = isWrite(method) ? { headers: { Origin: E2E_BASE_URL, "Content-Type": "application/json" }, data: "[]", maxRedirects: 0 } : { maxRedirects: 0 };
  return request.fetch(url, { method, ...options });
}

type Identity = Role | "anonymous";

/** What `who` must get from one call, or null when it did; in words. */
function mismatch(who: Identity, needs: Permission | "public", page: boolean, method: string, response: APIResponse): string | null {
  const status = response.status();
  const location = response.headers().location ?? "";
  if (needs === "public") return status === 401 || status === 403 || status >= 500 ? `expected a public answer, got ${status}` : null;
  if (who === "anonymous") {
    if (page) return status === 307 && /^(https?:\/\/[^/]+)?\/sign-in\?next=/.test(location) ? null : `expected 307 to /sign-in, got ${status} ${location}`;
    return status === 401 ? null : `expected 401, got ${status}`;
  }
  if (!ROLE_CAN[who].includes(needs)) return status === 403 ? null : `expected 403 (lacks ${needs}), got ${status}`;
  if (isWrite(method)) return [400, 404].includes(status) ? null : `expected 400/404 (allowed, invalid write), got ${status}`;
  return status === 200 ? null : `expected 200 (has ${needs}), got ${status}`;
}


const contexts = {} as Record<Identity, APIRequestContext>;
let samples: Record<string, string> = {};
let versions: string[] = [];

test.beforeAll(async ({ playwright }) => {
  for (const who of ["anonymous", ...ROLES] as Identity[])
    contexts[who] = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: who === "anonymous" ? ANONYMOUS : storageStateOf(who) });
  samples = await samplesFrom(contexts.admin);
  const listed = (await (await contexts.admin.get("/api/metrics/revenue/versions")).json()) as { versions: { id: string }[] };
  versions = listed.versions.map((v) => v.id);
  expect(versions.length, "revenue has a version").toBeGreaterThan(0);
});

test.afterAll(async () => {
  for (const context of Object.values(contexts)) await context.dispose();
});

test("the route walk finds the app's routes and pages", () => {
  expect(ROUTES.map(keyOf)).toEqual(expect.arrayContaining(["GET /api/metrics", "GET /api/auth/[...all]", "POST /api/auth/[...all]", "POST /api/dashboards", "GET /", "GET /metrics/[key]"]));
});

test("every route and method the app has is in the spec table", () => {
  const missing = ROUTES.map(keyOf).filter((key) => !(key in SPEC));
  expect(missing, `Routes with no expected permission: add them to SPEC in tests/e2e/permission-matrix.spec.ts`).toEqual([]);
});

for (const who of ["anonymous", ...ROLES] as Identity[]) {
  test(`${who}: every route answers as the spec says`, async () => {
    test.setTimeout(240_000);
    const problems: string[] = [];
    const checks = [
      ...ROUTES.filter((r) => keyOf(r) in SPEC).map((r) => ({ ...r, needs: SPEC[keyOf(r)]!, query: isWrite(r.method) ? "" : queryFor(r.route, versions) })),
      ...EXTRA_CHECKS.map((c) => ({ ...c, page: false })),
    ];
    for (const { method, route, page, needs, query } of checks) {
      const url = urlOf(route, method, samples, query);
      const response = await call(contexts[who], method, url);
      const problem = mismatch(who, needs, page, method, response);
      if (problem) problems.push(`${method} ${url} as ${who}: ${problem}${response.status() >= 400 ? ` (${(await response.text()).slice(0, 200)})` : ""}`);
    }
    expect(problems, `${who} got answers the spec does not allow`).toEqual([]);
  });
}

test("writes stored nothing: the samples are all still there", async () => {
  const admin = contexts.admin;
  for (const url of [`/api/dashboards/${samples["[slug]"]}`, `/api/annotations/${samples["annotations/[id]"]}`, `/api/runs/${samples["runs/[id]"]}`])
    expect((await admin.get(url)).status(), url).toBe(200);
  expect((await admin.get(`/api/dashboards/${MISSING_SLUG}`)).status()).toBe(404);
});
