// Dashboards stored in the warehouse: the query functions and the
// /api/dashboards route handlers, on both warehouses. Only getWarehouse is
// replaced, so the routes run against the test warehouse.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import {
  DELETE as deleteRoute,
  GET as getRoute,
  PUT as putRoute,
} from "@/app/api/dashboards/[slug]/route";
import { GET as listRoute, POST as postRoute } from "@/app/api/dashboards/route";
import { createDashboard } from "@/lib/dashboards/queries/create-dashboard";
import { deleteDashboardOrThrow } from "@/lib/dashboards/queries/delete-dashboard-or-throw";
import { ensureDemoDashboards } from "@/lib/dashboards/queries/ensure-demo-dashboards";
import { getDashboardOrThrow } from "@/lib/dashboards/queries/get-dashboard-or-throw";
import { listDashboards } from "@/lib/dashboards/queries/list-dashboards";
import { updateDashboardOrThrow } from "@/lib/dashboards/queries/update-dashboard-or-throw";
import {
  createDashboardBodySchema,
  type Dashboard,
  updateDashboardBodySchema,
  type UpdateDashboardBodyInput,
} from "@/lib/dashboards/schema";
import type { Warehouse } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { sessionCookie, testAccount } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

// Every metric the demo dashboards show, as simple aggregates over two dimensions.
const METRIC_KEYS = [
  "revenue",
  "mau",
  "orders",
  "conversion_rate",
  "arpu",
  "signups",
  "total_signups",
  "dau",
  "wau",
  "sessions",
];

async function insertDefinitions(wh: Warehouse, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    const definition = metricDefinitionSchema.parse({
      key,
      name: key === "revenue" ? "Revenue" : key,
      description: "A test metric.",
      unit: "count",
      owner: "team@example.com",
      kind: "aggregate",
      table: "orders",
      time_column: "ordered_at",
      aggregate: { fn: "count" },
      dimensions: ["country", "platform"],
      grains: key === "orders" ? ["day", "week"] : ["day", "week", "month", "quarter"],
    });
    await wh.sql.query(
      `INSERT INTO metric_definition (key, current_version_id, file_path) VALUES ($1, $2, $3)`,
      [key, `${key}@v1`, `metrics/${key}.yaml`],
    );
    await wh.sql.query(
      `INSERT INTO metric_definition_version (id, metric_key, content_hash, source, definition, file_path) VALUES ($1, $2, 'h1', $3, $4::jsonb, $5)`,
      [`${key}@v1`, key, `key: ${key}\n`, JSON.stringify(definition), `metrics/${key}.yaml`],
    );
  }
}

const numberTile = (metricKey: string, width: 1 | 2 | 3 = 1) =>
  ({ metricKey, kind: "number", width, view: { range: "12m", grain: "week" } }) as const;
const chartTile = {
  metricKey: "revenue",
  kind: "chart",
  width: 3,
  title: "Revenue by country",
  view: { range: "90d", grain: "week", by: "country", compare: "previous" },
} as const;

const board = (name: string, tiles: UpdateDashboardBodyInput["tiles"] = [], description = "") =>
  updateDashboardBodySchema.parse({ name, description, tiles });

const shape = (d: Dashboard) => ({
  name: d.name,
  tiles: d.tiles.map((t) => ({
    position: t.position,
    metricKey: t.metricKey,
    kind: t.kind,
    width: t.width,
    title: t.title,
    grain: t.view.grain,
    by: t.view.by,
  })),
});

// The admin's session cookie on the warehouse under test, signed in by beforeAll.
const session = { cookie: "" };
const jsonRequest = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { "Content-Type": "application/json", cookie: session.cookie },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const slugParams = (slug: string) => ({ params: Promise.resolve({ slug }) });

interface ErrorBody {
  error: { code: string; message: string; parameter?: string };
}

// Who the query functions record as the actor (the routes pass the signed-in email).
const ACTOR = "ana@example.com";

describe.each(WAREHOUSES)("dashboards on $name", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    await insertDefinitions(wh, METRIC_KEYS);
    state.wh = wh;
    session.cookie = await sessionCookie("admin");
  });
  afterAll(async () => {
    state.wh = undefined;
    await wh?.dispose();
  });
  beforeEach(async () => {
    await wh.sql.exec(`DELETE FROM dashboard`);
  });

  describe("query functions", () => {
    it("creates a dashboard with its tiles in order and reads it back by slug", async () => {
      const created = await createDashboard(
        wh,
        board("Weekly review", [numberTile("revenue", 2), numberTile("orders"), chartTile]),
        { actor: ACTOR },
      );
      expect(created.slug).toBe("weekly-review");
      expect(shape(created)).toEqual({
        name: "Weekly review",
        tiles: [
          {
            position: 0,
            metricKey: "revenue",
            kind: "number",
            width: 2,
            title: null,
            grain: "week",
            by: undefined,
          },
          {
            position: 1,
            metricKey: "orders",
            kind: "number",
            width: 1,
            title: null,
            grain: "week",
            by: undefined,
          },
          {
            position: 2,
            metricKey: "revenue",
            kind: "chart",
            width: 3,
            title: "Revenue by country",
            grain: "week",
            by: "country",
          },
        ],
      });
      expect(created.tiles[2]?.view).toEqual({
        range: "90d",
        grain: "week",
        by: "country",
        compare: "previous",
        top: 5,
        filters: {},
        chart: "line",
        stacked: false,
        view: "chart",
      });
      expect(await getDashboardOrThrow(wh, "weekly-review")).toEqual(created);
    });

    it("gives a second dashboard of the same name its own slug", async () => {
      const slugs = [];
      for (let i = 0; i < 3; i++) slugs.push((await createDashboard(wh, board("Growth"), { actor: ACTOR })).slug);
      expect(slugs).toEqual(["growth", "growth-2", "growth-3"]);
    });

    it("lists dashboards by name with the metrics on each", async () => {
      await createDashboard(
        wh,
        board("Zeta", [numberTile("orders"), numberTile("revenue"), numberTile("orders")]),
        { actor: ACTOR },
      );
      await createDashboard(wh, board("Alpha"), { actor: ACTOR });
      const list = await listDashboards(wh);
      expect(list.map(({ updatedAt: _u, ...d }) => d)).toEqual([
        { slug: "alpha", name: "Alpha", description: "", tileCount: 0, metricKeys: [] },
        {
          slug: "zeta",
          name: "Zeta",
          description: "",
          tileCount: 3,
          metricKeys: ["orders", "revenue"],
        },
      ]);
    });

    it("saves name, description and tiles as a whole, keeping the slug", async () => {
      const created = await createDashboard(
        wh,
        board("Before", [numberTile("revenue"), numberTile("orders"), chartTile]),
        { actor: ACTOR },
      );
      const saved = await updateDashboardOrThrow(
        wh,
        created.slug,
        board("After", [chartTile, numberTile("mau", 2)], "Now with MAU"),
        ACTOR,
      );
      expect(saved.slug).toBe("before");
      expect(saved.description).toBe("Now with MAU");
      expect(shape(saved)).toEqual({
        name: "After",
        tiles: [
          {
            position: 0,
            metricKey: "revenue",
            kind: "chart",
            width: 3,
            title: "Revenue by country",
            grain: "week",
            by: "country",
          },
          {
            position: 1,
            metricKey: "mau",
            kind: "number",
            width: 2,
            title: null,
            grain: "week",
            by: undefined,
          },
        ],
      });
      expect(saved.updatedAt >= created.updatedAt).toBe(true);
      const [{ n } = { n: -1 }] = await wh.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM dashboard_tile`,
      );
      expect(n).toBe(2);
    });

    it("leaves the previous dashboard as it was when a save fails half-way", async () => {
      const created = await createDashboard(
        wh,
        board("Kept", [numberTile("revenue"), numberTile("orders")]),
        { actor: ACTOR },
      );
      // The database refuses the second tile row, after the first one and the rename went through.
      await wh.sql.exec(`
        CREATE FUNCTION refuse_second_tile() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.position = 1 THEN RAISE EXCEPTION 'disk full (planted by the test)'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_second_tile BEFORE INSERT ON dashboard_tile FOR EACH ROW EXECUTE FUNCTION refuse_second_tile();`);
      try {
        await expect(
          updateDashboardOrThrow(
            wh,
            "kept",
            board("Renamed", [numberTile("mau"), numberTile("dau"), numberTile("wau")]),
            ACTOR,
          ),
        ).rejects.toThrow(/disk full/);
      } finally {
        await wh.sql.exec(
          `DROP TRIGGER refuse_second_tile ON dashboard_tile; DROP FUNCTION refuse_second_tile();`,
        );
      }
      expect(await getDashboardOrThrow(wh, "kept")).toEqual(created);
    });

    it.each<[string, UpdateDashboardBodyInput["tiles"], string]>([
      ["an unknown metric", [numberTile("revenue"), numberTile("nope")], "tiles.1.metricKey"],
      [
        "a grain the metric lacks",
        [{ ...numberTile("orders"), view: { grain: "month" } }],
        "tiles.0.view.grain",
      ],
      [
        "a breakdown by an unknown dimension",
        [{ ...chartTile, view: { by: "city" } }],
        "tiles.0.view.by",
      ],
      [
        "a breakdown on a number tile",
        [{ ...numberTile("revenue"), view: { by: "country" } }],
        "tiles.0.view.by",
      ],
      [
        "a filter on an unknown dimension",
        [{ ...chartTile, view: { filters: { city: "Paris" } } }],
        "tiles.0.view.filters.city",
      ],
      [
        "two filters",
        [{ ...chartTile, view: { filters: { country: "DE", platform: "ios" } } }],
        "tiles.0.view.filters.platform",
      ],
      [
        "a filter on another dimension than the breakdown",
        [{ ...chartTile, view: { by: "platform", filters: { country: "DE" } } }],
        "tiles.0.view.filters.country",
      ],
      [
        "a custom range without an end",
        [{ ...chartTile, view: { range: "custom", from: "2025-01-01" } }],
        "tiles.0.view.to",
      ],
      [
        "a custom range ending before it starts",
        [{ ...chartTile, view: { range: "custom", from: "2025-02-01", to: "2025-01-01" } }],
        "tiles.0.view.from",
      ],
    ])("refuses %s, naming %s, and stores nothing", async (_case, tiles, parameter) => {
      const created = await createDashboard(wh, board("Valid", [numberTile("revenue")]), { actor: ACTOR });
      const error = await updateDashboardOrThrow(wh, "valid", board("Invalid", tiles), ACTOR).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).parameter).toBe(parameter);
      expect(await getDashboardOrThrow(wh, "valid")).toEqual(created);
      await expect(createDashboard(wh, board("Invalid", tiles), { actor: ACTOR })).rejects.toBeInstanceOf(
        BadRequestError,
      );
      expect((await listDashboards(wh)).map((d) => d.slug)).toEqual(["valid"]);
    });

    it("throws NotFoundError for an unknown dashboard", async () => {
      await expect(getDashboardOrThrow(wh, "nope")).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateDashboardOrThrow(wh, "nope", board("X"), ACTOR)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(deleteDashboardOrThrow(wh, "nope", ACTOR)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("deletes a dashboard with its tiles", async () => {
      await createDashboard(wh, board("Gone", [numberTile("revenue"), chartTile]), { actor: ACTOR });
      await createDashboard(wh, board("Stays", [numberTile("orders")]), { actor: ACTOR });
      await deleteDashboardOrThrow(wh, "gone", ACTOR);
      await expect(getDashboardOrThrow(wh, "gone")).rejects.toBeInstanceOf(NotFoundError);
      const rows = await wh.sql.query<{ metric_key: string }>(
        `SELECT metric_key FROM dashboard_tile`,
      );
      expect(rows.map((r) => r.metric_key)).toEqual(["orders"]);
    });

    it("appends every create, save and delete to the audit log in the same transaction, and a failed save to nothing", async () => {
      const before = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
      await createDashboard(wh, board("Audited", [numberTile("revenue")]), { actor: ACTOR });
      await updateDashboardOrThrow(wh, "audited", board("Audited again", [numberTile("orders"), numberTile("mau")]), ACTOR);
      await expect(updateDashboardOrThrow(wh, "audited", board("Bad", [numberTile("nope")]), ACTOR)).rejects.toThrow();
      await deleteDashboardOrThrow(wh, "audited", ACTOR);
      await expect(deleteDashboardOrThrow(wh, "audited", ACTOR)).rejects.toBeInstanceOf(NotFoundError);
      const entries = await wh.sql.query<{ action: string; actor: string; entity_id: string; detail: { name?: string; tiles?: number } }>(
        `SELECT action, actor, entity_id, detail FROM audit_log ORDER BY seq OFFSET $1`,
        [before[0]!.n],
      );
      expect(entries.map((e) => [e.action, e.actor, e.entity_id, e.detail.tiles ?? null])).toEqual([
        ["dashboard.created", ACTOR, "audited", 1],
        ["dashboard.saved", ACTOR, "audited", 2],
        ["dashboard.deleted", ACTOR, "audited", null],
      ]);
      expect((await verifyAuditLog(wh.sql)).ok).toBe(true);
    });
  });

  describe("ensureDemoDashboards", () => {
    it("creates Executive and Growth once, and never overwrites a user's edits", async () => {
      expect(await ensureDemoDashboards(wh)).toEqual([
        { slug: "executive", status: "created" },
        { slug: "growth", status: "created" },
      ]);
      const executive = await getDashboardOrThrow(wh, "executive");
      expect(executive.name).toBe("Executive");
      expect(executive.tiles.map((t) => `${t.kind}:${t.metricKey}`)).toEqual([
        "number:revenue",
        "number:mau",
        "number:orders",
        "number:conversion_rate",
        "number:arpu",
        "chart:revenue",
      ]);
      expect(executive.tiles[5]?.view).toMatchObject({ by: "country", compare: "previous" });

      const edited = await updateDashboardOrThrow(
        wh,
        "executive",
        board("Executive (mine)", [numberTile("revenue", 3)]),
        ACTOR,
      );
      expect(await ensureDemoDashboards(wh)).toEqual([
        { slug: "executive", status: "exists" },
        { slug: "growth", status: "exists" },
      ]);
      expect(await getDashboardOrThrow(wh, "executive")).toEqual(edited);
    });
  });

  describe("ensureDemoDashboards without every demo metric", () => {
    afterAll(async () => {
      await insertDefinitions(wh, ["arpu"]);
    });

    it("skips a demo dashboard whose metrics are not all defined", async () => {
      await wh.sql.exec(`DELETE FROM metric_definition WHERE key = 'arpu'`);
      expect(await ensureDemoDashboards(wh)).toEqual([
        { slug: "executive", status: "skipped", missingMetrics: ["arpu"] },
        { slug: "growth", status: "created" },
      ]);
    });
  });

  describe("route handlers", () => {
    it("POST creates (201), GET reads, PUT saves, DELETE deletes (204)", async () => {
      const created = await postRoute(
        jsonRequest("POST", "/api/dashboards", { name: "Ops", tiles: [numberTile("orders")] }),
      );
      expect(created.status).toBe(201);
      const body = (await created.json()) as Dashboard;
      expect(body).toMatchObject({
        slug: "ops",
        name: "Ops",
        tiles: [{ position: 0, metricKey: "orders", kind: "number", width: 1 }],
      });

      const list = await listRoute(jsonRequest("GET", "/api/dashboards"));
      expect(list.status).toBe(200);
      expect(list.headers.get("cache-control")).toBe("no-store");
      expect(
        ((await list.json()) as { dashboards: { slug: string }[] }).dashboards.map((d) => d.slug),
      ).toEqual(["ops"]);

      const read = await getRoute(jsonRequest("GET", "/api/dashboards/ops"), slugParams("ops"));
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual(body);

      const put = await putRoute(
        jsonRequest("PUT", "/api/dashboards/ops", {
          name: "Ops room",
          description: "",
          tiles: [chartTile, numberTile("orders", 2)],
        }),
        slugParams("ops"),
      );
      expect(put.status).toBe(200);
      expect(
        shape((await put.json()) as Dashboard).tiles.map((t) => `${t.metricKey}/${t.width}`),
      ).toEqual(["revenue/3", "orders/2"]);

      const deleted = await deleteRoute(
        jsonRequest("DELETE", "/api/dashboards/ops"),
        slugParams("ops"),
      );
      expect(deleted.status).toBe(204);
      expect(
        (await getRoute(jsonRequest("GET", "/api/dashboards/ops"), slugParams("ops"))).status,
      ).toBe(404);
      // The routes record the signed-in account as the actor.
      const actors = await wh.sql.query<{ action: string; actor: string }>(
        `SELECT action, actor FROM audit_log WHERE entity_type = 'dashboard' AND entity_id = 'ops' ORDER BY seq`,
      );
      expect(actors.map((e) => e.actor)).toEqual(actors.map(() => testAccount("admin").email));
      expect(actors.map((e) => e.action)).toContain("dashboard.deleted");
    });

    const valid = { name: "Ops", description: "", tiles: [numberTile("orders")] };
    it.each<[string, () => Promise<Response>, number, string | undefined]>([
      [
        "POST with a body that is not JSON",
        () => postRoute(jsonRequest("POST", "/api/dashboards", "{name:")),
        400,
        "body",
      ],
      ["POST with no body", () => postRoute(jsonRequest("POST", "/api/dashboards")), 400, "body"],
      [
        "POST without a name",
        () => postRoute(jsonRequest("POST", "/api/dashboards", { tiles: [] })),
        400,
        "name",
      ],
      [
        "POST with an unknown metric",
        () =>
          postRoute(
            jsonRequest("POST", "/api/dashboards", { name: "X", tiles: [numberTile("nope")] }),
          ),
        400,
        "tiles.0.metricKey",
      ],
      [
        "GET of an unknown dashboard",
        () => getRoute(jsonRequest("GET", "/api/dashboards/nope"), slugParams("nope")),
        404,
        "slug",
      ],
      [
        "GET of a malformed slug",
        () => getRoute(jsonRequest("GET", "/api/dashboards/Bad_Slug"), slugParams("Bad_Slug")),
        400,
        "slug",
      ],
      [
        "PUT of an unknown dashboard",
        () => putRoute(jsonRequest("PUT", "/api/dashboards/nope", valid), slugParams("nope")),
        404,
        "slug",
      ],
      [
        "PUT with a width of 4",
        () =>
          putRoute(
            jsonRequest("PUT", "/api/dashboards/ops", {
              ...valid,
              tiles: [{ ...numberTile("orders"), width: 4 }],
            }),
            slugParams("ops"),
          ),
        400,
        "tiles.0.width",
      ],
      [
        "PUT without tiles",
        () =>
          putRoute(
            jsonRequest("PUT", "/api/dashboards/ops", { name: "Ops", description: "" }),
            slugParams("ops"),
          ),
        400,
        "tiles",
      ],
      [
        "PUT with a grain the metric lacks",
        () =>
          putRoute(
            jsonRequest("PUT", "/api/dashboards/ops", {
              ...valid,
              tiles: [{ ...numberTile("orders"), view: { grain: "quarter" } }],
            }),
            slugParams("ops"),
          ),
        400,
        "tiles.0.view.grain",
      ],
      [
        "DELETE of an unknown dashboard",
        () => deleteRoute(jsonRequest("DELETE", "/api/dashboards/nope"), slugParams("nope")),
        404,
        "slug",
      ],
    ])("%s -> %i naming %s, nothing stored", async (_case, call, status, parameter) => {
      await createDashboard(wh, createDashboardBodySchema.parse(valid), { actor: ACTOR });
      const before = await getDashboardOrThrow(wh, "ops");
      const res = await call();
      expect(res.status).toBe(status);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe(status === 404 ? "not_found" : "bad_request");
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(body.error.parameter).toBe(parameter);
      expect(await listDashboards(wh)).toHaveLength(1);
      expect(await getDashboardOrThrow(wh, "ops")).toEqual(before);
    });
  });
});
