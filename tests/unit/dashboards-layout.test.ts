import { describe, expect, it } from "vitest";
import { DEMO_DASHBOARDS } from "@/lib/dashboards/demo-dashboards";
import {
  emptyColumns,
  moveItem,
  moveItemBy,
  moveItemTo,
  placeTiles,
  removeItem,
  resizeItem,
} from "@/lib/dashboards/layout";
import { slugify, uniqueSlug } from "@/lib/dashboards/slug";

const tiles = (...ids: string[]) => ids.map((id) => ({ id, width: 1 as const }));
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id).join("");

describe("moveItem", () => {
  it.each([
    [0, 2, "bcad"],
    [3, 0, "dabc"],
    [1, 2, "acbd"],
    [2, 2, "abcd"],
    [-1, 2, "abcd"],
    [0, 4, "abcd"],
  ])("moves %i to %i", (from, to, expected) => {
    const input = tiles("a", "b", "c", "d");
    expect(ids(moveItem(input, from, to))).toBe(expected);
    expect(ids(input)).toBe("abcd");
  });
});

describe("moveItemBy (the move up and down buttons)", () => {
  it.each<[string, -1 | 1, string]>([
    ["b", -1, "bacd"],
    ["b", 1, "acbd"],
    ["a", -1, "abcd"],
    ["d", 1, "abcd"],
    ["x", 1, "abcd"],
  ])("moves %s by %i", (id, delta, expected) => {
    expect(ids(moveItemBy(tiles("a", "b", "c", "d"), id, delta))).toBe(expected);
  });
});

describe("moveItemTo (drag and drop, by pointer or keyboard)", () => {
  it.each([
    ["a", "c", "bcad"],
    ["d", "b", "adbc"],
    ["c", "c", "abcd"],
    ["a", "missing", "abcd"],
  ])("drops %s on %s", (active, over, expected) => {
    expect(ids(moveItemTo(tiles("a", "b", "c", "d"), active, over))).toBe(expected);
  });
});

describe("resizeItem and removeItem", () => {
  it("changes only the named tile's width", () => {
    const input = tiles("a", "b");
    expect(resizeItem(input, "b", 3)).toEqual([
      { id: "a", width: 1 },
      { id: "b", width: 3 },
    ]);
    expect(input[1]?.width).toBe(1);
  });

  it("removes only the named tile", () => {
    expect(ids(removeItem(tiles("a", "b", "c"), "b"))).toBe("ac");
    expect(ids(removeItem(tiles("a"), "x"))).toBe("a");
  });
});

describe("placeTiles", () => {
  it.each<[string, number[], [number, number][], number]>([
    [
      "three ones fill a row",
      [1, 1, 1],
      [
        [0, 0],
        [0, 1],
        [0, 2],
      ],
      0,
    ],
    [
      "a two that does not fit starts the next row",
      [1, 1, 2],
      [
        [0, 0],
        [0, 1],
        [1, 0],
      ],
      2,
    ],
    [
      "a full-width tile has its own row",
      [3, 1],
      [
        [0, 0],
        [1, 0],
      ],
      2,
    ],
    [
      "two then one",
      [2, 1, 1, 2],
      [
        [0, 0],
        [0, 2],
        [1, 0],
        [1, 1],
      ],
      0,
    ],
    ["nothing", [], [], 0],
  ])("%s", (_case, widths, expected, empty) => {
    expect(placeTiles(widths).map((p) => [p.row, p.column])).toEqual(expected);
    expect(emptyColumns(widths)).toBe(empty);
  });
});

describe("demo dashboards", () => {
  it.each(DEMO_DASHBOARDS.map((d) => [d.slug, d] as const))(
    "%s fills every row of the grid",
    (_slug, demo) => {
      expect(emptyColumns(demo.body.tiles.map((t) => t.width))).toBe(0);
    },
  );

  it("has the Executive and Growth dashboards the product promises", () => {
    const bySlug = new Map(DEMO_DASHBOARDS.map((d) => [d.slug, d.body]));
    const executive = bySlug.get("executive");
    expect(executive?.tiles.filter((t) => t.kind === "number").map((t) => t.metricKey)).toEqual([
      "revenue",
      "mau",
      "orders",
      "conversion_rate",
      "arpu",
    ]);
    expect(executive?.tiles.find((t) => t.kind === "chart")).toMatchObject({
      metricKey: "revenue",
      view: { by: "country", compare: "previous" },
    });
    expect(
      bySlug
        .get("growth")
        ?.tiles.map((t) => t.metricKey)
        .sort(),
    ).toEqual(["dau", "mau", "sessions", "signups", "total_signups", "wau"]);
  });
});

describe("slugify and uniqueSlug", () => {
  it.each([
    ["Executive", "executive"],
    ["Growth & Retention (EU)", "growth-retention-eu"],
    ["  Café   Überblick ", "cafe-uberblick"],
    ["---", "dashboard"],
    ["数据", "dashboard"],
    ["x".repeat(100), "x".repeat(60)],
  ])("slugify(%j) is %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it.each([
    ["growth", [], "growth"],
    ["growth", ["growth"], "growth-2"],
    ["growth", ["growth", "growth-2", "growth-3"], "growth-4"],
    ["growth", ["growth-2"], "growth"],
  ])("uniqueSlug(%j, %j) is %j", (base, taken, expected) => {
    expect(uniqueSlug(base, new Set(taken))).toBe(expected);
  });
});
