import { describe, expect, it } from "vitest";
import { defaultMetricView, metricViewExportHref, metricViewHref, metricViewSearchParams, parseMetricViewParams, type RawSearchParams } from "@/lib/metrics/view-params";
import { VIEW_DEFAULTS } from "@/lib/metrics/view-href";
import { type MetricView, metricViewSchema } from "@/lib/metrics/view-schema";

const parse = (query: string) => {
  const raw: RawSearchParams = {};
  const params = new URLSearchParams(query);
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    raw[name] = values.length === 1 ? values[0] : values;
  }
  return parseMetricViewParams(raw);
};
const view = (v: Partial<MetricView> = {}): MetricView => ({ ...defaultMetricView(), ...v });

describe("parseMetricViewParams", () => {
  it.each<[string, Partial<MetricView>]>([
    ["", {}],
    ["range=90d&grain=week", { range: "90d", grain: "week" }],
    ["range=custom&from=2025-01-01&to=2025-03-31", { range: "custom", from: "2025-01-01", to: "2025-03-31" }],
    ["from=2025-01-01&to=2025-03-31", { range: "custom", from: "2025-01-01", to: "2025-03-31" }],
    ["compare=year&by=country&top=10&chart=area&stacked=1", { compare: "year", by: "country", top: 10, chart: "area", stacked: true }],
    ["filter.country=DE", { filters: { country: "DE" } }],
    ["filter.country=", { filters: { country: "" } }],
    ["stacked=false&view=table", { stacked: false, view: "table" }],
  ])("reads %j", (query, expected) => {
    const result = parse(query);
    expect(result.warnings).toEqual([]);
    expect(result.view).toEqual(view(expected));
  });

  it.each<[string, Partial<MetricView>, RegExp]>([
    ["grain=hour", {}, /“grain=hour” is not valid \(expected one of day, week, month, quarter\)/],
    ["range=5y", {}, /“range=5y” is not valid/],
    ["top=0", {}, /“top=0”/],
    ["top=abc", {}, /“top=abc”/],
    ["chart=pie", {}, /“chart=pie”/],
    ["stacked=yes", {}, /“stacked=yes”/],
    ["grain=week&grain=month", { grain: "week" }, /“grain” is given 2 times; using the first/],
    ["range=custom&from=2025-01-01", {}, /needs both “from” and “to”; showing all data/],
    ["from=2025-03-01&to=2025-01-01", {}, /“from” \(2025-03-01\) is after “to” \(2025-01-01\)/],
    ["range=30d&from=2025-01-01&to=2025-03-31", { range: "30d" }, /apply to a custom range only; showing 30d/],
    ["filter.country=DE&filter.platform=ios", { filters: { country: "DE" } }, /Only one filter at a time/],
    ["utm_source=mail", {}, /“utm_source” is not a setting of this page/],
  ])("warns about %j and falls back", (query, expected, warning) => {
    const result = parse(query);
    expect(result.view).toEqual(view(expected));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(warning);
  });

  it("names each problem of a broken custom range", () => {
    const result = parse("from=2025-02-30&to=2025-03-01");
    expect(result.view).toEqual(view());
    expect(result.warnings).toEqual(["“from=2025-02-30” is not a date as YYYY-MM-DD; ignored.", "A custom range needs both “from” and “to”; showing all data."]);
  });
});

describe("metricViewSearchParams", () => {
  it.each<[Partial<MetricView>, string]>([
    [{}, ""],
    [{ range: "90d", grain: "week", compare: "previous" }, "range=90d&grain=week&compare=previous"],
    [{ range: "custom", from: "2025-01-01", to: "2025-03-31" }, "range=custom&from=2025-01-01&to=2025-03-31"],
    [{ range: "7d", from: "2025-01-01", to: "2025-03-31" }, "range=7d"],
    [{ by: "country", top: 10, stacked: true, chart: "bar" }, "by=country&top=10&chart=bar&stacked=1"],
    [{ top: 10 }, ""],
    [{ filters: { country: "Côte d'Ivoire & co" } }, "filter.country=C%C3%B4te+d%27Ivoire+%26+co"],
    [{ view: "table" }, "view=table"],
  ])("writes %j as %j", (v, expected) => expect(metricViewSearchParams(view(v)).toString()).toBe(expected));

  it.each<Partial<MetricView>>([
    { range: "custom", from: "2025-01-01", to: "2025-03-31", grain: "month", compare: "year" },
    { by: "platform", top: 3, chart: "area", stacked: true, view: "table" },
    { filters: { country: "a.b=c&d" }, range: "ytd" },
  ])("round-trips %j", (v) => {
    const result = parse(metricViewSearchParams(view(v)).toString());
    expect(result.warnings).toEqual([]);
    expect(result.view).toEqual(view(v));
  });
});

describe("VIEW_DEFAULTS", () => {
  it("are metricViewSchema's defaults", () => {
    const { filters, ...defaults } = metricViewSchema.parse({});
    expect(defaults).toEqual(VIEW_DEFAULTS);
    expect(filters).toEqual({});
  });
});

describe("hrefs", () => {
  it("links the page and the export of the same rows", () => {
    const v = view({ range: "90d", grain: "week", by: "country", chart: "bar", stacked: true, view: "table" });
    expect(metricViewHref("revenue", v)).toBe("/metrics/revenue?range=90d&grain=week&by=country&chart=bar&stacked=1&view=table");
    expect(metricViewExportHref("revenue", v)).toBe("/api/metrics/revenue/export?range=90d&grain=week&by=country");
    expect(metricViewHref("mau", view())).toBe("/metrics/mau");
  });
});
