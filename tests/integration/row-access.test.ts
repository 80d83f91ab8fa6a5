// Row access through the route handlers, on both warehouses, with the demo
// metrics and metrics/sources/shop.yaml: largest_order is for the finance
// group, the refunds table's rows and columns are for finance, users.email is
// masked unless the role may see sensitive columns (admin). Each role signs in
// through the real Better Auth handler; a restricted metric must not appear in
// any body a role outside its group gets, and raw emails only in an admin's.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as alertsRoute } from "@/app/api/alerts/route";
import { countOpenAlerts } from "@/lib/alerts/queries/count-open-alerts";
import { GET as annotationsRoute } from "@/app/api/annotations/route";
import { GET as briefRoute } from "@/app/api/brief/route";
import { GET as exportRoute } from "@/app/api/metrics/[key]/export/route";
import { GET as lineageRoute } from "@/app/api/metrics/[key]/lineage/route";
import { GET as openLineageRoute } from "@/app/api/metrics/[key]/lineage/openlineage/route";
import { GET as rowsCsvRoute } from "@/app/api/metrics/[key]/points/rows.csv/route";
import { GET as rowsRoute } from "@/app/api/metrics/[key]/points/rows/route";
import { GET as metricRoute } from "@/app/api/metrics/[key]/route";
import { GET as seriesRoute } from "@/app/api/metrics/[key]/series/route";
import { GET as versionsRoute } from "@/app/api/metrics/[key]/versions/route";
import { GET as catalogRoute } from "@/app/api/metrics/route";
import { GET as runOpenLineageRoute } from "@/app/api/runs/[id]/openlineage/route";
import { GET as runRoute } from "@/app/api/runs/[id]/route";
import { GET as runsRoute } from "@/app/api/runs/route";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import type { Warehouse } from "@/lib/db";
import { seedDemoShop } from "@/lib/demo/seed";
import { MASKED_CELL } from "@/lib/drill/drill-schema";
import { computeMetrics } from "@/lib/pipeline/compute";
import { listSearchItems } from "@/lib/search/queries/list-search-items";
import { sessionCookie, sessionCookieFrom, signInResponse, TEST_ORIGIN, TEST_PASSWORD } from "../support/auth";
import { testViewer } from "../support/viewers";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));
vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const RESTRICTED = "largest_order";
/** An auditor outside finance: may see lineage and runs, but not finance's metric or table. */
const OUTSIDER = { email: "outsider@test.triad.local", name: "Outsider auditor", role: "auditor" as const, groups: [], password: TEST_PASSWORD };
type Who = Role | "outsider";

describe.each(WAREHOUSES)("row access on $name", (factory) => {
  let wh: TestWarehouse;
  let outsiderCookie: string;
  const emails: string[] = [];

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    await seedDemoShop(wh.sql, { scale: 20_000 });
    const results = await computeMetrics(wh, { metricsDir: path.resolve("metrics"), only: ["orders", "largest_order", "refunds", "refund_rate", "signups"] });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    await createUser(wh.sql, OUTSIDER, "test setup");
    outsiderCookie = sessionCookieFrom(await signInResponse(OUTSIDER.email, OUTSIDER.password));
    emails.push(...(await wh.sql.query<{ email: string }>(`SELECT email FROM users WHERE email IS NOT NULL`)).map((r) => r.email));
    expect(emails.length).toBeGreaterThan(100);
  }, 120_000);
  afterAll(async () => {
    state.wh = undefined;
    await wh?.dispose();
  });

  const call = async (
    who: Who,
    // Each handler takes its own params shape; the test passes the right one.
    handler: (request: Request, context: { params: Promise<never> }) => Promise<Response>,
    url: string,
    params: Record<string, string> = {},
  ) => {
    const cookie = who === "outsider" ? outsiderCookie : await sessionCookie(who);
    const response = await handler(new Request(`${TEST_ORIGIN}${url}`, { headers: { cookie } }), { params: Promise.resolve(params) as Promise<never> });
    return { status: response.status, text: await response.text() };
  };
  const latestRun = async (key: string) => (await wh.sql.query<{ id: string }>(`SELECT id FROM metric_run WHERE metric_key = $1 ORDER BY started_at DESC LIMIT 1`, [key]))[0]!.id;
  const somePoint = async (key: string) =>
    (await wh.sql.query<{ period: string }>(`SELECT period::text AS period FROM metric_value WHERE metric_key = $1 AND grain = 'month' AND dimension = '' AND value > 0 ORDER BY period LIMIT 1 OFFSET 2`, [key]))[0]!.period;

  it.each<Who>(["viewer", "analyst", "outsider"])("a %s outside finance never gets the restricted metric", async (who) => {
    const bodies = [
      await call(who, catalogRoute, "/api/metrics"),
      await call(who, briefRoute, "/api/brief"),
      await call(who, alertsRoute, "/api/alerts"),
      await call(who, annotationsRoute, "/api/annotations"),
    ];
    for (const b of bodies) {
      expect(b.status).toBe(200);
      expect(b.text).not.toContain(RESTRICTED);
    }
    expect(JSON.parse(bodies[0]!.text).metrics.map((m: { key: string }) => m.key)).toContain("orders");
    for (const [handler, url] of [
      [metricRoute, `/api/metrics/${RESTRICTED}`],
      [seriesRoute, `/api/metrics/${RESTRICTED}/series?grain=month`],
      // A range that fits is read alongside the definitions: the points are dropped, never sent.
      [seriesRoute, `/api/metrics/${RESTRICTED}/series?grain=day&from=2025-01-01&to=2025-03-31`],
      [exportRoute, `/api/metrics/${RESTRICTED}/export?grain=month&range=all`],
      [versionsRoute, `/api/metrics/${RESTRICTED}/versions`],
    ] as const) {
      const got = await call(who, handler, url, { key: RESTRICTED });
      expect(got.status, url).toBe(404);
      expect(got.text).toContain(`no metric with key`);
    }
    const items = await listSearchItems(wh, testViewer(who === "outsider" ? "auditor" : who));
    expect(items.map((i) => i.id)).not.toContain(RESTRICTED);
  });

  it("the navigation's open-alert count leaves out alerts of the restricted metric", async () => {
    const insert = (id: string, key: string) =>
      wh.sql.query(
        `INSERT INTO alert (id, metric_key, rule_id, rule_kind, grain, period, severity, message, value, detail, status, fired_at)
         VALUES ($1, $2, 'test-rule', 'threshold', 'day', '2026-01-01', 'warning', 'test alert', 1, '{}'::jsonb, 'open', now())`,
        [id, key],
      );
    await insert("test-open-orders", "orders");
    await insert("test-open-restricted", RESTRICTED);
    try {
      const all = await countOpenAlerts(wh, testViewer("admin"));
      expect(await countOpenAlerts(wh, testViewer("auditor", ["finance"]))).toBe(all);
      expect(await countOpenAlerts(wh, testViewer("analyst"))).toBe(all - 1);
    } finally {
      await wh.sql.query(`DELETE FROM alert WHERE id IN ('test-open-orders', 'test-open-restricted')`);
    }
  });

  it("an auditor outside finance gets no lineage, OpenLineage or run of it, and the refunds table without its details", async () => {
    for (const [handler, url] of [
      [lineageRoute, `/api/metrics/${RESTRICTED}/lineage`],
      [openLineageRoute, `/api/metrics/${RESTRICTED}/lineage/openlineage`],
    ] as const) expect((await call("outsider", handler, url, { key: RESTRICTED })).status).toBe(404);
    // orders' graph holds the orders table, which largest_order's run also read.
    const orders = await call("outsider", lineageRoute, "/api/metrics/orders/lineage", { key: "orders" });
    expect(orders.status).toBe(200);
    expect(orders.text).not.toContain(RESTRICTED);
    const ordersAsAdmin = await call("admin", lineageRoute, "/api/metrics/orders/lineage", { key: "orders" });
    expect(ordersAsAdmin.text).toContain(RESTRICTED);
    const runs = await call("outsider", runsRoute, "/api/runs?pageSize=200");
    expect(runs.status).toBe(200);
    expect(runs.text).not.toContain(RESTRICTED);
    const run = await latestRun(RESTRICTED);
    expect((await call("outsider", runRoute, `/api/runs/${run}`, { id: run })).status).toBe(404);
    expect((await call("outsider", runOpenLineageRoute, `/api/runs/${run}/openlineage`, { id: run })).status).toBe(404);
    expect((await call("auditor", runRoute, `/api/runs/${run}`, { id: run })).status).toBe(200);

    // refund_rate reads the refunds metric, which read the restricted refunds table.
    const lineage = JSON.parse((await call("outsider", lineageRoute, "/api/metrics/refunds/lineage", { key: "refunds" })).text) as { nodes: { kind: string; name: string; columns: string[]; rowCount: number | null; restricted?: boolean }[]; edges: { from: string; columns: string[] }[] };
    const table = lineage.nodes.find((n) => n.kind === "table" && n.name.endsWith("refunds"))!;
    expect(table).toMatchObject({ columns: [], rowCount: null, restricted: true });
    expect(lineage.edges.filter((e) => e.from === `table:${table.name}`).flatMap((e) => e.columns)).toEqual([]);
    const asAuditor = JSON.parse((await call("auditor", lineageRoute, "/api/metrics/refunds/lineage", { key: "refunds" })).text) as typeof lineage;
    expect(asAuditor.nodes.find((n) => n.kind === "table" && n.name.endsWith("refunds"))!.columns.length).toBeGreaterThan(0);

    const events = JSON.parse((await call("outsider", openLineageRoute, "/api/metrics/refunds/lineage/openlineage", { key: "refunds" })).text) as { inputs: { name: string; facets: { schema: { fields: unknown[] } } }[] }[];
    const refundInputs = events.flatMap((e) => e.inputs).filter((i) => i.name.endsWith("refunds"));
    expect(refundInputs.length).toBeGreaterThan(0);
    for (const i of refundInputs) expect(i.facets.schema.fields).toEqual([]);
  });

  it("finance members and admins do see the restricted metric", async () => {
    for (const who of ["auditor", "admin"] as const) {
      const catalog = await call(who, catalogRoute, "/api/metrics");
      expect(catalog.text).toContain(RESTRICTED);
      expect((await call(who, metricRoute, `/api/metrics/${RESTRICTED}`, { key: RESTRICTED })).status).toBe(200);
      const csv = await call(who, exportRoute, `/api/metrics/${RESTRICTED}/export?grain=month&range=all`, { key: RESTRICTED });
      expect(csv.status).toBe(200);
      expect(csv.text.split("\n").length).toBeGreaterThan(3);
    }
    const lineage = await call("auditor", lineageRoute, `/api/metrics/${RESTRICTED}/lineage`, { key: RESTRICTED });
    expect(lineage.status).toBe(200);
  });

  it("drill-through masks users.email for every role but admin, in JSON and CSV, and refuses to sort by it", async () => {
    const period = await somePoint("signups");
    const url = `/api/metrics/signups/points/rows?grain=month&period=${period}&pageSize=1000`;
    for (const who of ["analyst", "auditor"] as const) {
      const json = await call(who, rowsRoute, url, { key: "signups" });
      expect(json.status).toBe(200);
      const body = JSON.parse(json.text) as { columns: string[]; rows: unknown[][]; masked: string[] };
      expect(body.masked).toEqual(["email"]);
      const email = body.columns.indexOf("email");
      expect(new Set(body.rows.map((r) => r[email]))).toEqual(new Set([MASKED_CELL]));
      const csv = await call(who, rowsCsvRoute, `/api/metrics/signups/points/rows.csv?grain=month&period=${period}`, { key: "signups" });
      expect(csv.status).toBe(200);
      for (const text of [json.text, csv.text]) expect(emails.filter((e) => text.includes(e))).toEqual([]);
      const sorted = await call(who, rowsRoute, `${url}&sort=email`, { key: "signups" });
      expect(sorted.status).toBe(400);
    }
    const admin = await call("admin", rowsRoute, url, { key: "signups" });
    expect(JSON.parse(admin.text).masked).toEqual([]);
    expect(emails.some((e) => admin.text.includes(e))).toBe(true);
  });

  it("drill into the refunds table is 403 outside finance, naming the table and the group", async () => {
    const period = await somePoint("refunds");
    const url = `/api/metrics/refunds/points/rows?grain=month&period=${period}`;
    for (const [handler, u] of [
      [rowsRoute, url],
      [rowsCsvRoute, url.replace("/rows?", "/rows.csv?")],
    ] as const) {
      const got = await call("analyst", handler, u, { key: "refunds" });
      expect(got.status).toBe(403);
      const { message } = (JSON.parse(got.text) as { error: { message: string } }).error;
      expect(message).toContain('table "refunds"');
      expect(message).toContain('"finance"');
    }
    expect((await call("auditor", rowsRoute, url, { key: "refunds" })).status).toBe(200);
    expect((await call("admin", rowsRoute, url, { key: "refunds" })).status).toBe(200);
  });
});
