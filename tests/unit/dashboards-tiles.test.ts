import { describe, expect, it } from "vitest";
import {
  changeTileKind,
  changeTileView,
  type DraftTile,
  draftFromDashboard,
  draftToBody,
  newDraftTile,
} from "@/lib/dashboards/editor-draft";
import { type TileKind, updateDashboardBodySchema } from "@/lib/dashboards/schema";
import {
  describeTileView,
  type TileMetricOption,
  summarizeNumberTile,
  tileDataKey,
  tileQueryView,
} from "@/lib/dashboards/tile-view";
import { type MetricView, metricViewSchema } from "@/lib/metrics/view-schema";

const view = (v: Record<string, unknown> = {}) => metricViewSchema.parse(v);

const metric: TileMetricOption = {
  key: "revenue",
  name: "Revenue",
  grains: ["day", "week", "month"],
  dimensions: ["country"],
  unit: "currency",
};

describe("tileQueryView", () => {
  it("reads a chart tile's view as it is", () => {
    const v = view({ by: "country", compare: "previous", chart: "bar", stacked: true });
    expect(tileQueryView("chart", v)).toEqual(v);
  });

  it("reads a number tile as one total without comparison series", () => {
    expect(
      tileQueryView(
        "number",
        view({
          range: "12m",
          grain: "week",
          by: "country",
          compare: "year",
          chart: "bar",
          filters: { country: "DE" },
        }),
      ),
    ).toEqual(view({ range: "12m", grain: "week", filters: { country: "DE" } }));
  });
});

describe("tileDataKey", () => {
  const tile: { metricKey: string; kind: TileKind; view: MetricView } = {
    metricKey: "revenue",
    kind: "chart",
    view: view({ grain: "week" }),
  };
  it.each<[string, typeof tile, boolean]>([
    [
      "the same settings in another key order",
      { ...tile, view: { ...tile.view, grain: "week", range: "all" } },
      true,
    ],
    ["another grain", { ...tile, view: view({ grain: "month" }) }, false],
    ["another metric", { ...tile, metricKey: "orders" }, false],
    ["another kind", { ...tile, kind: "number" }, false],
  ])("%s: same data %s", (_case, other, same) => {
    expect(tileDataKey(other) === tileDataKey(tile)).toBe(same);
  });

  it("ignores chart settings of a number tile, which does not draw them", () => {
    const number = { metricKey: "revenue", kind: "number" as const, view: view({ grain: "week" }) };
    expect(tileDataKey({ ...number, view: { ...number.view, chart: "bar" } })).toBe(
      tileDataKey(number),
    );
  });
});

describe("describeTileView", () => {
  it.each<[string, "number" | "chart", Record<string, unknown>, string]>([
    [
      "a number",
      "number",
      { range: "12m", grain: "week", by: "country" },
      "Last 12 months · by week",
    ],
    [
      "a breakdown with comparison",
      "chart",
      { range: "90d", grain: "week", by: "country", top: 5, compare: "previous" },
      "Last 90 days · by week · top 5 country values · vs previous period",
    ],
    [
      "a filter",
      "chart",
      { range: "all", filters: { platform: "ios" } },
      "All data · platform = ios",
    ],
    [
      "a custom range",
      "chart",
      { range: "custom", from: "2025-01-01", to: "2025-03-31", grain: "month" },
      "2025-01-01 to 2025-03-31 · by month",
    ],
  ])("%s", (_case, kind, v, expected) => {
    expect(describeTileView(kind, view(v))).toBe(expected);
  });
});

describe("summarizeNumberTile", () => {
  const row = (period: string, value: number | null, partial = false) => ({
    period,
    values: { s0: value },
    runIds: {},
    partial,
  });
  const categories = [
    { key: "s0", label: "Revenue", kind: "total" as const, dimensionValue: null },
  ];

  it("takes the last complete period and its change, and keeps a partial one apart", () => {
    const summary = summarizeNumberTile({
      categories,
      rows: [
        row("2025-01-06", 100),
        row("2025-01-13", null),
        row("2025-01-20", 80),
        row("2025-01-27", 10, true),
      ],
    });
    expect(summary).toEqual({
      latest: { period: "2025-01-20", value: 80 },
      previous: { period: "2025-01-06", value: 100 },
      change: -0.2,
      partial: { period: "2025-01-27", value: 10 },
      trend: [
        { period: "2025-01-06", value: 100 },
        { period: "2025-01-13", value: null },
        { period: "2025-01-20", value: 80 },
      ],
    });
  });

  it.each([
    ["no rows", []],
    ["only nulls", [row("2025-01-06", null)]],
    ["only a partial period", [row("2025-01-06", 5, true)]],
  ])("is null with %s", (_case, rows) => {
    expect(summarizeNumberTile({ categories, rows })).toBeNull();
  });

  it("has no change with a single period", () => {
    expect(summarizeNumberTile({ categories, rows: [row("2025-01-06", 5)] })).toMatchObject({
      latest: { value: 5 },
      previous: null,
      change: null,
    });
  });
});

describe("the editor's draft", () => {
  const tile = (over: Partial<DraftTile> = {}): DraftTile => ({
    id: "t1",
    metricKey: "revenue",
    kind: "chart",
    title: "",
    width: 2,
    view: view({ grain: "week" }),
    ...over,
  });

  it("starts a new tile by week: a number over 12 months, a chart over 90 days", () => {
    expect(newDraftTile(metric, "number", "n1")).toEqual({
      id: "n1",
      metricKey: "revenue",
      kind: "number",
      title: "",
      width: 1,
      view: view({ range: "12m", grain: "week" }),
    });
    expect(newDraftTile({ ...metric, grains: ["month", "quarter"] }, "chart", "n2")).toMatchObject({
      width: 2,
      view: { range: "90d", grain: "month" },
    });
  });

  it("drops the breakdown and comparison when a chart becomes a number", () => {
    const number = changeTileKind(
      tile({ view: view({ by: "country", compare: "previous", stacked: true }) }),
      "number",
    );
    expect(number.kind).toBe("number");
    expect(number.view).not.toHaveProperty("by");
    expect(number.view).toMatchObject({ compare: "none", stacked: false });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    ["removes the breakdown", { by: "country" }, { by: undefined }, { by: undefined }],
    ["sets the grain to automatic", { grain: "week" }, { grain: undefined }, { grain: undefined }],
    [
      "drops a filter when breaking down",
      { filters: { country: "DE" } },
      { by: "country" },
      { by: "country", filters: {} },
    ],
    [
      "drops custom dates with a preset",
      { range: "custom", from: "2025-01-01", to: "2025-02-01" },
      { range: "30d" },
      { range: "30d", from: undefined, to: undefined },
    ],
  ])("%s", (_case, before, change, expected) => {
    const next = changeTileView(tile({ view: view(before) }), change).view;
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) expect(next).not.toHaveProperty(key);
      else expect(next[key as keyof typeof next]).toEqual(value);
    }
  });

  it("round-trips a dashboard into a valid body, titles trimmed and empty ones null", () => {
    const draft = draftFromDashboard({
      name: "Board",
      description: "",
      tiles: [
        {
          id: "a",
          position: 0,
          metricKey: "revenue",
          kind: "chart",
          title: "Sales",
          width: 3,
          view: view({ by: "country" }),
        },
        {
          id: "b",
          position: 1,
          metricKey: "orders",
          kind: "number",
          title: null,
          width: 1,
          view: view(),
        },
      ],
    });
    draft.tiles[0]!.title = "  Sales by country ";
    const body = updateDashboardBodySchema.parse(draftToBody(draft));
    expect(body.tiles.map((t) => [t.metricKey, t.title, t.width])).toEqual([
      ["revenue", "Sales by country", 3],
      ["orders", null, 1],
    ]);
  });
});
