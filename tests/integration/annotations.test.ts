// Annotations on both warehouses: created, listed, changed and deleted
// through the /api/annotations route handlers, each change in the audit log;
// bad input refused with nothing stored; definition changes derived from the
// version history; marks on the metric's chart; the demo's annotations.
// Only getWarehouse is replaced, so the routes run against the test warehouse.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  DELETE as deleteRoute,
  GET as getRoute,
  PATCH as patchRoute,
} from "@/app/api/annotations/[id]/route";
import { GET as listRoute, POST as postRoute } from "@/app/api/annotations/route";
import type { Annotation } from "@/lib/annotations/annotation-schema";
import { ensureDemoAnnotations } from "@/lib/annotations/queries/ensure-demo-annotations";
import { listAnnotations } from "@/lib/annotations/queries/list-annotations";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import type { Warehouse } from "@/lib/db";
import { getMetricView } from "@/lib/metrics/queries/get-metric-view";
import { metricViewSchema } from "@/lib/metrics/view-schema";
import { computeMetrics } from "@/lib/pipeline/compute";
import { sessionCookie, signedRequest, testAccount } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const ORDERS = `CREATE TABLE ord (at timestamptz, amount numeric(10,2));
INSERT INTO ord SELECT timestamptz '2024-01-01 12:00+00' + (i % 31) * interval '1 day', 10 + i % 7 FROM generate_series(1, 300) i;`;

const head = (key: string, description: string) =>
  `key: ${key}\nname: ${key === "orders" ? "Orders" : "Revenue"}\ndescription: ${description}\nkind: aggregate\nunit: number\nowner: test\ngrains: [day, week, month]\ntable: ord\ntime_column: at\n`;
const FILES: Record<string, string> = {
  orders: head("orders", "Orders placed.") + "aggregate: { fn: count }\n",
  revenue: head("revenue", "Money in.") + "aggregate: { fn: sum, column: amount }\n",
};

function metricsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-annotations-"));
  for (const [key, text] of Object.entries(files))
    fs.writeFileSync(path.join(dir, `${key}.yaml`), text);
  return dir;
}

const post = async (body: unknown) =>
  postRoute(
    await signedRequest("/api/annotations", "admin", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
const list = async (query: string) => listRoute(await signedRequest(`/api/annotations${query}`, "admin"));
const idContext = (id: string) => ({ params: Promise.resolve({ id }) });
const patch = async (id: string, body: unknown) =>
  patchRoute(
    await signedRequest(`/api/annotations/${id}`, "admin", {
      method: "PATCH",
      body: JSON.stringify(body),
    }),
    idContext(id),
  );
const view = (v: Record<string, unknown>) => metricViewSchema.parse(v);

// The signed-in account the requests below are made as.
const AUTHOR = testAccount("admin").email;

describe.each(WAREHOUSES)("annotations on $name", (factory) => {
  let wh: TestWarehouse;
  const counts = async () => {
    const [row] = await wh.sql.query<{ annotations: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM annotation) AS annotations, (SELECT count(*)::int FROM audit_log) AS audit`,
    );
    return row!;
  };
  const auditOf = (id: string) =>
    wh.sql.query<{ action: string; actor: string; detail: Record<string, unknown> }>(
      `SELECT action, actor, detail FROM audit_log WHERE entity_type = 'annotation' AND entity_id = $1 ORDER BY seq`,
      [id],
    );

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    // Signed in before any test counts audit entries (the sign-in writes some).
    await sessionCookie("admin");
    await wh.sql.exec(ORDERS);
    const results = await computeMetrics(wh, { metricsDir: metricsDir(FILES) });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  });
  afterAll(async () => {
    state.wh = undefined;
    await wh?.dispose();
  });

  let outage: Annotation;
  let campaign: Annotation;
  let revenueOnly: Annotation;

  it("creates annotations through POST, each with an audit entry in the same chain", async () => {
    const res = await post({
      title: "Checkout outage",
      description: "Down most of the day.",
      startsOn: "2024-01-10",
      metricKeys: ["orders", "orders"],
    });
    expect(res.status).toBe(201);
    outage = (await res.json()) as Annotation;
    expect(outage).toMatchObject({
      kind: "event",
      title: "Checkout outage",
      description: "Down most of the day.",
      startsOn: "2024-01-10",
      endsOn: null,
      metricKeys: ["orders"],
      createdBy: AUTHOR,
      href: null,
    });
    expect(outage.id).toMatch(/^[0-9a-f-]{36}$/);
    campaign = (await (
      await post({
        title: "Campaign",
        startsOn: "2024-01-05",
        endsOn: "2024-01-18",
        metricKeys: null,
      })
    ).json()) as Annotation;
    expect(campaign).toMatchObject({
      metricKeys: null,
      endsOn: "2024-01-18",
      description: null,
      createdBy: AUTHOR,
    });
    // The author is the signed-in account, never a name the request gives.
    const forged = await post({ title: "Forged", startsOn: "2024-01-05", metricKeys: null, createdBy: "someone else" });
    expect(forged.status).toBe(400);
    revenueOnly = (await (
      await post({ title: "Price change", startsOn: "2024-01-20", metricKeys: ["revenue"] })
    ).json()) as Annotation;

    expect(await auditOf(outage.id)).toEqual([
      {
        action: "annotation.created",
        actor: AUTHOR,
        detail: {
          title: "Checkout outage",
          description: "Down most of the day.",
          startsOn: "2024-01-10",
          endsOn: null,
          metricKeys: ["orders"],
        },
      },
    ]);
    expect(await verifyAuditLog(wh.sql)).toMatchObject({ ok: true });
  });

  it("lists by metric (its own and every-metric annotations) and by overlapping range, newest first", async () => {
    const res = await list("?metric=orders");
    expect(res.status).toBe(200);
    const { annotations } = (await res.json()) as { annotations: Annotation[] };
    expect(annotations.map((a) => a.title)).toEqual(["Checkout outage", "Campaign"]);
    const ids = async (query: string) =>
      ((await (await list(query)).json()) as { annotations: Annotation[] }).annotations.map(
        (a) => a.title,
      );
    expect(await ids("?metric=revenue")).toEqual(["Price change", "Campaign"]);
    expect(await ids("")).toEqual(["Price change", "Checkout outage", "Campaign"]);
    // The campaign's range overlaps Jan 15-16 though it starts before; the outage is outside it.
    expect(await ids("?from=2024-01-15&to=2024-01-16")).toEqual(["Campaign"]);
    expect(await ids("?metric=orders&to=2024-01-04")).toEqual([]);
    expect(await ids("?metric=orders&from=2024-01-18&to=2024-01-18")).toEqual(["Campaign"]);
  });

  it("refuses bad list parameters with a 400 naming them", async () => {
    for (const [query, parameter] of [
      ["?metric=nope", "metric"],
      ["?metric=Bad-Key", "metric"],
      ["?from=2024-02-01&to=2024-01-01", "from"],
      ["?from=yesterday", "from"],
      ["?metirc=orders", undefined],
    ] as const) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { parameter?: string; message: string } };
      expect(body.error.parameter, query).toBe(parameter);
    }
  });

  it("refuses bad input with a 400 naming the field, and stores nothing", async () => {
    const before = await counts();
    const valid = { title: "Fine", startsOn: "2024-01-10", metricKeys: ["orders"] };
    for (const [body, parameter, message] of [
      [{ ...valid, endsOn: "2024-01-09" }, "endsOn", "must not be before the start date"],
      [
        { ...valid, metricKeys: ["orders", "no_such_metric"] },
        "metricKeys.1",
        'there is no metric with key "no_such_metric"',
      ],
      [{ ...valid, title: "" }, "title", "must not be empty"],
      [{ ...valid, title: "x".repeat(201) }, "title", "at most 200"],
      [{ ...valid, startsOn: "13/01/2024" }, "startsOn", "YYYY-MM-DD"],
      [{ ...valid, startsOn: "2024-02-30" }, "startsOn", "not a real calendar date"],
      [{ ...valid, metricKeys: [] }, "metricKeys", "at least one metric"],
      ["{not json", "body", "not valid JSON"],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { parameter?: string; message: string } };
      expect(error.parameter).toBe(parameter);
      expect(error.message).toContain(message);
    }
    expect(await counts()).toEqual(before);
  });

  it("changes fields with PATCH, checking the range against the stored one", async () => {
    const res = await patch(outage.id, { title: "Checkout outage (EU)", endsOn: "2024-01-11" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: outage.id,
      title: "Checkout outage (EU)",
      description: "Down most of the day.",
      endsOn: "2024-01-11",
    });
    const before = await counts();
    const bad = await patch(outage.id, { endsOn: "2024-01-01" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe("endsOn");
    expect((await patch(outage.id, { metricKeys: ["nope"] })).status).toBe(400);
    expect(await counts()).toEqual(before);
    expect((await patch("00000000-0000-0000-0000-000000000000", { title: "x" })).status).toBe(404);
    expect((await auditOf(outage.id)).map((e) => e.action)).toEqual([
      "annotation.created",
      "annotation.updated",
    ]);
    expect((await auditOf(outage.id))[1]?.detail).toMatchObject({
      before: { title: "Checkout outage", endsOn: null },
      after: { title: "Checkout outage (EU)", endsOn: "2024-01-11" },
    });
    const restored = await patch(outage.id, { title: "Checkout outage", endsOn: null });
    expect(await restored.json()).toMatchObject({ title: "Checkout outage", endsOn: null });
  });

  it("draws annotations on the charts of the metrics they touch", async () => {
    const orders = await getMetricView(
      wh,
      adminViewer,
      "orders",
      view({ range: "custom", from: "2024-01-01", to: "2024-01-31", grain: "day" }),
      { today: "2024-02-01" },
    );
    const annotationMarks = orders.marks.filter((m) => m.kind === "annotation");
    expect(annotationMarks).toEqual([
      {
        kind: "annotation",
        period: "2024-01-05",
        to: "2024-01-18",
        title: "Campaign",
        detail: "Fri, 5 Jan 2024 to Thu, 18 Jan 2024.",
        href: `/annotations#annotation-${campaign.id}`,
      },
      expect.objectContaining({
        period: "2024-01-10",
        title: "Checkout outage",
        detail: "Wed, 10 Jan 2024: Down most of the day.",
      }),
    ]);
    const weekly = await getMetricView(
      wh,
      adminViewer,
      "orders",
      view({ range: "custom", from: "2024-01-01", to: "2024-01-31", grain: "week" }),
      { today: "2024-02-01" },
    );
    expect(
      weekly.marks.filter((m) => m.kind === "annotation").map((m) => [m.period, m.to]),
    ).toEqual([
      ["2024-01-01", "2024-01-15"],
      ["2024-01-08", undefined],
    ]);
    const revenue = await getMetricView(
      wh,
      adminViewer,
      "revenue",
      view({ range: "custom", from: "2024-01-01", to: "2024-01-31", grain: "day" }),
      { today: "2024-02-01" },
    );
    expect(revenue.marks.map((m) => m.title)).toEqual(["Campaign", "Price change"]);
  });

  it("deletes with DELETE, writes what was deleted to the audit log, and answers 404 after", async () => {
    const res = await deleteRoute(
      await signedRequest("/api/annotations/x", "admin", { method: "DELETE" }),
      idContext(revenueOnly.id),
    );
    expect(res.status).toBe(204);
    expect(
      (await getRoute(await signedRequest("/", "admin"), idContext(revenueOnly.id))).status,
    ).toBe(404);
    expect(
      (await deleteRoute(await signedRequest("/", "admin", { method: "DELETE" }), idContext(revenueOnly.id))).status,
    ).toBe(404);
    expect(await auditOf(revenueOnly.id)).toEqual([
      expect.objectContaining({ action: "annotation.created" }),
      expect.objectContaining({
        action: "annotation.deleted",
        detail: expect.objectContaining({ title: "Price change", metricKeys: ["revenue"] }),
      }),
    ]);
    const missing = await deleteRoute(
      await signedRequest("/", "admin", { method: "DELETE" }),
      idContext("orders@abcdef123456"),
    );
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      "derived from the metric's version history",
    );
    expect(await verifyAuditLog(wh.sql)).toMatchObject({ ok: true });
  });

  it("derives a 'Definition changed' annotation from each version after a metric's first, with no write", async () => {
    expect(
      (await listAnnotations(wh.sql, () => true, { metric: "orders" })).filter(
        (a) => a.kind === "definition_change",
      ),
    ).toEqual([]);
    const changed = metricsDir({
      ...FILES,
      orders: FILES.orders!.replace("Orders placed.", "Orders placed, paid or not."),
    });
    expect(
      (await computeMetrics(wh, { metricsDir: changed })).every((r) => r.status === "succeeded"),
    ).toBe(true);
    const before = await counts();
    // Pin both versions' load days so the chart's range holds the change.
    const [version] = await wh.sql
      .query<{ id: string; previous: string; current: boolean }>(
        `UPDATE metric_definition_version v
          SET loaded_at = CASE WHEN v.id = m.current_version_id THEN timestamptz '2024-01-25T15:00:00Z' ELSE timestamptz '2024-01-02T09:00:00Z' END
         FROM metric_definition m WHERE m.key = v.metric_key AND v.metric_key = 'orders'
       RETURNING v.id, (SELECT id FROM metric_definition_version WHERE metric_key = 'orders' AND id <> v.id) AS previous, v.id = m.current_version_id AS current`,
      )
      .then((rows) => rows.filter((r) => r.current));
    const derived = (await listAnnotations(wh.sql, () => true, { metric: "orders" })).filter(
      (a) => a.kind === "definition_change",
    );
    expect(derived).toEqual([
      {
        id: version!.id,
        kind: "definition_change",
        title: "Definition changed",
        description: `Version ${version!.id} of the definition replaced ${version!.previous}.`,
        startsOn: "2024-01-25",
        endsOn: null,
        metricKeys: ["orders"],
        createdAt: "2024-01-25T15:00:00.000Z",
        createdBy: "triad-pipeline",
        href: `/metrics/orders/definition?version=${version!.id}&from=${version!.previous}&to=${version!.id}#diff`,
      },
    ]);
    expect(
      (await listAnnotations(wh.sql, () => true, { metric: "revenue" })).some(
        (a) => a.kind === "definition_change",
      ),
    ).toBe(false);
    const chart = await getMetricView(
      wh,
      adminViewer,
      "orders",
      view({ range: "custom", from: "2024-01-01", to: "2024-01-31", grain: "day" }),
      { today: "2024-02-01" },
    );
    expect(chart.marks).toContainEqual(
      expect.objectContaining({
        period: "2024-01-25",
        title: "Definition changed",
        href: derived[0]!.href,
      }),
    );
    expect(await counts()).toEqual(before);
  });

  it("creates the demo annotations once, on the metrics that are defined", async () => {
    const first = await ensureDemoAnnotations(wh.sql);
    expect(first.map((r) => r.status)).toEqual(["created", "created"]);
    const demo = (await listAnnotations(wh.sql, () => true, { from: "2025-01-01" })).filter(
      (a) => a.kind === "event",
    );
    expect(demo.map((a) => [a.title, a.startsOn, a.metricKeys])).toEqual([
      ["Checkout outage", "2026-03-12", ["orders", "revenue"]],
      ["Mobile app v2 launch", "2025-09-15", null],
    ]);
    expect((await ensureDemoAnnotations(wh.sql)).map((r) => r.status)).toEqual([
      "exists",
      "exists",
    ]);
    expect(
      (await listAnnotations(wh.sql, () => true, { from: "2025-01-01" })).filter((a) => a.kind === "event")
        .length,
    ).toBe(2);
  });
});
