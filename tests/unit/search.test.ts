import { describe, expect, it } from "vitest";
import { describeMatch, editDistance, normalizeSearchText, type SearchField, searchItems } from "@/lib/search/rank";
import { metricSearchItem, type SearchItem } from "@/lib/search/search-item-schema";

const metric = (key: string, name: string, description: string, extra: { synonyms?: string[]; tags?: string[]; owner?: string; headline?: boolean } = {}) =>
  metricSearchItem({
    key,
    name,
    description,
    synonyms: extra.synonyms ?? [],
    tags: extra.tags ?? [],
    owner: extra.owner ?? "analytics@example.com",
    headline: extra.headline ?? false,
  });

// A catalog shaped like the demo's, in the catalog's order: headline first, then by name.
const ITEMS: SearchItem[] = [
  metric("arpu", "Average revenue per user", "Revenue divided by monthly active users.", { tags: ["finance", "headline"], headline: true }),
  metric("conversion_rate", "Conversion rate", "Paid orders per session.", { tags: ["sales", "growth", "headline"], synonyms: ["CR", "checkout conversion"], headline: true }),
  metric("mau", "Monthly active users", "Distinct users with at least one session in the trailing 30 days.", { tags: ["growth", "engagement", "headline"], synonyms: ["MAU", "active users", "monthly actives"], headline: true, owner: "growth@triad-shop.example" }),
  metric("orders", "Orders", "Number of paid orders placed.", { tags: ["sales", "headline"], synonyms: ["purchases"], headline: true }),
  metric("revenue", "Revenue", "Value of paid orders, before refunds.", { tags: ["finance", "headline", "sales"], synonyms: ["sales", "gmv", "gross merchandise value", "turnover"], headline: true }),
  metric("average_order_value", "Average order value", "Mean amount of a paid order.", { tags: ["sales"], synonyms: ["AOV", "basket size"] }),
  metric("dau", "Daily active users", "Distinct users with at least one session in the trailing 1 day.", { tags: ["growth", "engagement"], synonyms: ["DAU"] }),
  metric("refund_rate", "Refund rate", "Refunds issued per paid order in the same period.", { tags: ["finance", "quality"] }),
  metric("refunds", "Refunds", "Number of refunds issued.", { tags: ["finance", "quality"] }),
  metric("sessions", "Sessions", "Visits to the shop, on any platform.", { tags: ["growth", "traffic"], synonyms: ["visits"] }),
  { kind: "dashboard", id: "executive", title: "Executive", description: "Revenue, MAU and the other headline trends.", href: "/dashboards/executive", synonyms: [], tags: [], featured: true },
];

const ids = (query: string, limit?: number) => searchItems(ITEMS, query, limit).map((r) => r.item.id);
const top = (query: string) => searchItems(ITEMS, query)[0];

describe("normalizeSearchText", () => {
  it.each([
    ["Conversion_rate", "conversion rate"],
    ["  Gross   Merchandise-Value ", "gross merchandise value"],
    ["Café", "cafe"],
    ["MAU!", "mau"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeSearchText(input)).toBe(expected);
  });
});

describe("editDistance", () => {
  it.each<[string, string, number, number]>([
    ["revenue", "revenue", 2, 0],
    ["revnue", "revenue", 2, 1],
    ["reveneu", "revenue", 2, 1],
    ["sesions", "sessions", 2, 1],
    ["kitten", "sitting", 3, 3],
    ["abc", "abcdefgh", 2, 3],
  ])("%s vs %s (max %i) = %i", (a, b, max, expected) => {
    expect(editDistance(a, b, max)).toBe(expected);
  });
});

describe("searchItems: the best match first", () => {
  it.each<[string, string, SearchField | null, string]>([
    // query, expected first id, field that matched, why
    ["Revenue", "revenue", "name", "exact name"],
    ["revenue", "revenue", "name", "exact name beats a description that mentions it"],
    ["mau", "mau", "key", "exact key"],
    ["refund_rate", "refund_rate", "name", "key written with an underscore equals the name"],
    ["gmv", "revenue", "synonym", "synonym"],
    ["GMV", "revenue", "synonym", "synonym, any case"],
    ["gross merch", "revenue", "synonym", "prefix of a multi-word synonym"],
    ["turnover", "revenue", "synonym", "synonym"],
    ["sales", "revenue", "synonym", "a synonym outranks the same word as a tag"],
    ["aov", "average_order_value", "synonym", "abbreviation as synonym"],
    ["conv", "conversion_rate", "name", "name prefix"],
    ["ord", "orders", "name", "name prefix"],
    ["engagement", "mau", "tag", "tag, featured metrics first"],
    ["traffic", "sessions", "tag", "tag"],
    ["active users", "mau", "synonym", "exact multi-word synonym"],
    ["users active", "mau", "name", "words in any order, featured first"],
    ["daily users", "dau", "name", "every word must match"],
    ["revnue", "revenue", "name", "one typo"],
    ["sesions", "sessions", "name", "one typo"],
    ["refunds issued", "refunds", "description", "name and description words; the reason is the one not on screen"],
    ["executive", "executive", "name", "a dashboard by its name"],
  ])("%j -> %s (%s: %s)", (query, expected, field, _why) => {
    const first = top(query);
    expect(first?.item.id).toBe(expected);
    expect(first?.match?.field ?? null).toBe(field);
  });
});

describe("searchItems: which items match", () => {
  it("every word of the query has to match something", () => {
    expect(ids("daily users")).toEqual(["dau"]);
    expect(ids("revenue zebra")).toEqual([]);
  });

  it("a tag finds every metric with it, featured ones first, in the given order", () => {
    expect(ids("quality")).toEqual(["refund_rate", "refunds"]);
    expect(ids("finance").slice(0, 2)).toEqual(["arpu", "revenue"]);
    expect(ids("finance")).toEqual(expect.arrayContaining(["arpu", "revenue", "refund_rate", "refunds"]));
  });

  it("ranks name over synonym over tag over description", () => {
    const scores = (query: string) => Object.fromEntries(searchItems(ITEMS, query).map((r) => [r.item.id, r.score]));
    const sales = scores("sales");
    expect(sales.revenue).toBeGreaterThan(sales.orders ?? Infinity);
    const users = scores("users");
    // A word of MAU's name; only in ARPU's description (its name says "user").
    expect(users.mau).toBeGreaterThan(users.arpu ?? Infinity);
    const growth = scores("growth");
    // A tag of sessions; only in MAU's owner address, and in the tag list too.
    expect(growth.sessions).toBeGreaterThan(0);
  });

  it("short words are never fuzzy: no typo tolerance under four letters", () => {
    expect(ids("cr")).toEqual(["conversion_rate"]);
    expect(ids("dai")).toEqual(["dau"]);
    expect(ids("xyz")).toEqual([]);
  });

  it("an empty or blank query lists everything, featured first, in the given order", () => {
    const all = ids("   ");
    expect(all).toHaveLength(ITEMS.length);
    expect(all.slice(0, 6)).toEqual(["arpu", "conversion_rate", "mau", "orders", "revenue", "executive"]);
    expect(searchItems(ITEMS, "")[0]?.match).toBeNull();
  });

  it("limits the number of results", () => {
    expect(ids("", 3)).toHaveLength(3);
    expect(ids("finance", 1)).toEqual(["arpu"]);
  });

  it("is stable: the same query gives the same order", () => {
    expect(ids("a")).toEqual(ids("a"));
  });
});

describe("describeMatch", () => {
  it.each([
    ["gmv", "also called “gmv”"],
    ["engagement", "tag “engagement”"],
    ["Revenue", null],
    ["mau", "key “mau”"],
    ["trailing", "in description"],
    ["engagment", "close to tag “engagement”"],
  ])("%j -> %j", (query, expected) => {
    expect(describeMatch(top(query)?.match ?? null)).toBe(expected);
  });
});
