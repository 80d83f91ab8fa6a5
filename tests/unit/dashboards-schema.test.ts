import { describe, expect, it } from "vitest";
import {
  createDashboardBodySchema,
  dashboardSlugSchema,
  updateDashboardBodySchema,
} from "@/lib/dashboards/schema";

const tile = {
  metricKey: "revenue",
  kind: "chart",
  width: 2,
  view: { range: "90d", grain: "week", by: "country" },
};
const body = { name: "Board", description: "", tiles: [tile] };

describe("createDashboardBodySchema", () => {
  it("needs only a name, and fills the rest with defaults", () => {
    expect(createDashboardBodySchema.parse({ name: "  Weekly review " })).toEqual({
      name: "Weekly review",
      description: "",
      tiles: [],
    });
  });

  it("fills a tile's view with the metric view defaults and an empty title with null", () => {
    const parsed = createDashboardBodySchema.parse({
      name: "A",
      tiles: [{ metricKey: "orders", kind: "number", width: 1, title: "  " }],
    });
    expect(parsed.tiles[0]).toEqual({
      metricKey: "orders",
      kind: "number",
      title: null,
      width: 1,
      view: {
        range: "all",
        compare: "none",
        top: 5,
        filters: {},
        chart: "line",
        stacked: false,
        view: "chart",
      },
    });
  });
});

describe("updateDashboardBodySchema", () => {
  it("accepts a whole dashboard", () => {
    const parsed = updateDashboardBodySchema.parse(body);
    expect(parsed.tiles[0]).toMatchObject({
      metricKey: "revenue",
      width: 2,
      title: null,
      view: { range: "90d", grain: "week", by: "country" },
    });
  });

  it.each<[string, unknown, string]>([
    ["no name", { ...body, name: undefined }, "name"],
    ["an empty name", { ...body, name: "   " }, "name"],
    ["a name too long", { ...body, name: "n".repeat(121) }, "name"],
    ["a control character", { ...body, description: "a\u0000b" }, "description"],
    ["no tiles", { name: "A", description: "" }, "tiles"],
    ["tiles not a list", { ...body, tiles: {} }, "tiles"],
    ["too many tiles", { ...body, tiles: Array(49).fill(tile) }, "tiles"],
    ["a width of 4", { ...body, tiles: [tile, { ...tile, width: 4 }] }, "tiles.1.width"],
    ["a width of 1.5", { ...body, tiles: [{ ...tile, width: 1.5 }] }, "tiles.0.width"],
    ["a width as text", { ...body, tiles: [{ ...tile, width: "2" }] }, "tiles.0.width"],
    ["an unknown kind", { ...body, tiles: [{ ...tile, kind: "pie" }] }, "tiles.0.kind"],
    [
      "a malformed metric key",
      { ...body, tiles: [{ ...tile, metricKey: "Revenue!" }] },
      "tiles.0.metricKey",
    ],
    [
      "an unknown chart type",
      { ...body, tiles: [{ ...tile, view: { chart: "pie" } }] },
      "tiles.0.view.chart",
    ],
    [
      "an unknown grain",
      { ...body, tiles: [{ ...tile, view: { grain: "hour" } }] },
      "tiles.0.view.grain",
    ],
    [
      "an unknown range",
      { ...body, tiles: [{ ...tile, view: { range: "5y" } }] },
      "tiles.0.view.range",
    ],
    ["an unknown tile field", { ...body, tiles: [{ ...tile, colour: "red" }] }, "tiles.0"],
  ])("rejects %s, naming %s", (_case, input, path) => {
    const result = updateDashboardBodySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".")).toBe(path);
  });

  it("rejects an unknown top-level field by name", () => {
    const result = updateDashboardBodySchema.safeParse({ ...body, owner: "me" });
    expect(result.error?.issues[0]?.message).toContain("owner");
  });
});

describe("dashboardSlugSchema", () => {
  it.each([
    ["executive", true],
    ["growth-2", true],
    ["Growth", false],
    ["growth--2", false],
    ["-growth", false],
    ["", false],
    ["../etc", false],
  ])("%j is valid: %s", (slug, valid) => {
    expect(dashboardSlugSchema.safeParse(slug).success).toBe(valid);
  });
});
