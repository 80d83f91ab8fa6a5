import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dependencyOrder, loadMetricFiles, parseMetricSource } from "@/lib/metrics/loader";

const valid = `key: revenue
name: Revenue
description: Paid orders.
kind: aggregate
unit: currency
owner: finance
table: orders
time_column: ordered_at
aggregate: { fn: sum, column: amount }
`;

const issuesOf = (source: string, file = "metrics/revenue.yaml") => parseMetricSource(file, source).issues;

describe("metric file validation names file, line and field", () => {
  it("accepts a valid file and fills defaults", () => {
    const { file, issues } = parseMetricSource("metrics/revenue.yaml", valid);
    expect(issues).toEqual([]);
    expect(file?.definition).toMatchObject({ grains: ["day", "week", "month", "quarter"], dimensions: [], filters: [], direction: "neutral" });
    expect(file?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["a missing field", valid.replace("owner: finance\n", ""), { line: 1, field: "owner", message: "is required" }],
    ["an unknown field", valid + "colour: red\n", { line: 10, field: "colour", message: "unknown field 'colour'" }],
    ["a bad aggregate function", valid.replace("fn: sum", "fn: median"), { line: 9, field: "aggregate.fn" }],
    ["a bad grain", valid + "grains: [day, year]\n", { line: 10, field: "grains.1" }],
    ["an identifier that is not one", valid.replace("table: orders", 'table: "orders; drop table x"'), { line: 7, field: "table", message: expect.stringContaining("plain SQL identifier") }],
    ["a key not matching the file name", valid.replace("key: revenue", "key: sales"), { line: 1, field: "key", message: "is 'sales' but the file is named 'revenue.yaml'; they must match" }],
    ["broken YAML", "key: [revenue\nname: x", { field: "(yaml)" }],
    ["a list instead of a mapping", "- a\n- b\n", { line: 1, field: "(file)" }],
    ["an unknown kind", valid.replace("kind: aggregate", "kind: magic"), { field: "kind" }],
    ["a malformed expression", valid.replace("kind: aggregate", "kind: derived\nexpression: revenue +").replace(/table:.*\n|time_column:.*\n|aggregate:.*\n/g, ""), { line: 5, field: "expression", message: "expression ends too early at character 10" }],
  ])("reports %s", (_what, source, expected) => {
    const [issue, ...rest] = issuesOf(source);
    expect(rest.length + 1).toBeGreaterThanOrEqual(1);
    expect(issue).toMatchObject({ file: "metrics/revenue.yaml", ...expected });
  });

  it("lint reports every problem of every file, with cross-file references", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-metrics-"));
    fs.writeFileSync(path.join(dir, "revenue.yaml"), valid);
    fs.writeFileSync(path.join(dir, "arpu.yaml"), "key: arpu\nname: ARPU\ndescription: x\nkind: derived\nunit: currency\nowner: f\nexpression: revenue / mau\n");
    fs.writeFileSync(path.join(dir, "broken.yaml"), "key: broken\nname: B\n");
    const { metrics, issues } = loadMetricFiles(dir);
    expect(metrics.map((m) => m.definition.key).sort()).toEqual(["arpu", "revenue"]);
    expect(issues.map((i) => `${path.basename(i.file)}:${i.line}:${i.field}`)).toEqual(
      expect.arrayContaining(["arpu.yaml:7:expression", "broken.yaml:1:description", "broken.yaml:1:kind"]),
    );
    expect(issues.find((i) => i.field === "expression")?.message).toBe("refers to unknown metric 'mau'");
  });

  it("finds dependency cycles and orders inputs first", () => {
    const derived = (key: string, expression: string) => parseMetricSource(`m/${key}.yaml`, `key: ${key}\nname: ${key}\ndescription: x\nkind: derived\nunit: number\nowner: o\nexpression: ${expression}\n`).file!;
    const rev = parseMetricSource("m/revenue.yaml", valid).file!;
    const ordered = dependencyOrder([derived("c", "b * 2"), derived("b", "revenue + 1"), rev]);
    expect(ordered.map((m) => m.definition.key)).toEqual(["b", "revenue", "c"].filter(() => true).sort((a, b) => ["revenue", "b", "c"].indexOf(a) - ["revenue", "b", "c"].indexOf(b)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-cycle-"));
    for (const [k, e] of [["x", "y + 1"], ["y", "x + 1"]]) fs.writeFileSync(path.join(dir, `${k}.yaml`), `key: ${k}\nname: ${k}\ndescription: x\nkind: derived\nunit: number\nowner: o\nexpression: ${e}\n`);
    expect(loadMetricFiles(dir).issues.map((i) => i.message)).toEqual([expect.stringContaining("cycle: x -> y -> x")]);
  });
});

describe("intent fields: target, bands, playbook, alerts", () => {
  const intent = `direction: higher_is_better
target:
  week: 50000
  growth: { rate: 0.05, per: month }
bands: { type: relative, at_risk: 0.95, off_track: 0.85 }
playbook:
  checks: [Checkout errors, Payment provider status]
  contact: { name: Finance on-call, chat: "#finance-oncall" }
  links:
    - { title: Runbook, url: "https://wiki.example/revenue" }
alerts:
  - { kind: threshold, grain: day, op: below, value: 3000 }
  - { kind: misses_target, grain: week }
  - { kind: anomaly, grain: day }
`;
  const withIntent = (text: string) => valid + text;

  it("accepts a full intent and fills defaults", () => {
    const { file, issues } = parseMetricSource("metrics/revenue.yaml", withIntent(intent));
    expect(issues).toEqual([]);
    expect(file?.definition).toMatchObject({
      target: { week: 50000, growth: { rate: 0.05, per: "month" } },
      bands: { type: "relative", at_risk: 0.95, off_track: 0.85 },
      playbook: { links: [{ title: "Runbook", url: "https://wiki.example/revenue" }] },
      alerts: [{ kind: "threshold" }, { kind: "misses_target", when: "off_track" }, { kind: "anomaly" }],
    });
  });

  it("defaults to no intent at all", () => {
    expect(parseMetricSource("metrics/revenue.yaml", valid).file?.definition).toMatchObject({ alerts: [] });
    expect(parseMetricSource("metrics/revenue.yaml", valid).file?.definition.target).toBeUndefined();
  });

  it.each([
    ["relative bands in the wrong order for higher_is_better", intent.replace("at_risk: 0.95, off_track: 0.85", "at_risk: 0.85, off_track: 0.95"), { line: 14, field: "bands.off_track", message: expect.stringContaining("off_track < at_risk <= 1") }],
    ["relative bands in the wrong order for lower_is_better", intent.replace("higher_is_better", "lower_is_better"), { line: 14, field: "bands.off_track", message: expect.stringContaining("1 <= at_risk < off_track") }],
    ["absolute bands in the wrong order", intent.replace("type: relative, at_risk: 0.95, off_track: 0.85", "type: absolute, at_risk: 30000, off_track: 40000"), { line: 14, field: "bands.off_track", message: expect.stringContaining("off_track must be below at_risk") }],
    ["an absolute at-risk line above the target", intent.replace("type: relative, at_risk: 0.95, off_track: 0.85", "type: absolute, at_risk: 60000, off_track: 40000"), { line: 14, field: "bands.at_risk", message: expect.stringContaining("above the week target 50000") }],
    ["relative bands without a target", intent.replace(/target:\n.*\n.*\n/, ""), { field: "bands.type", message: expect.stringContaining("needs a target") }],
    ["a target on a neutral metric", intent.replace("higher_is_better", "neutral"), { line: 11, field: "target", message: expect.stringContaining("neutral metric has no better side") }],
    ["an empty target", intent.replace(/target:\n.*\n.*\n/, "target: {}\n"), { line: 11, field: "target", message: expect.stringContaining("at least one grain") }],
    ["a target for an unknown grain", intent.replace("week: 50000", "year: 50000"), { line: 12, field: "target.year", message: "unknown field 'year'" }],
    ["a target for a grain the metric lacks", intent.replace("alerts:", "grains: [day, month]\nalerts:"), { line: 12, field: "target.week", message: expect.stringContaining("grain 'week', which the metric does not have") }],
    ["a playbook link that is not a URL", intent.replace('"https://wiki.example/revenue"', "wiki/revenue"), { line: 19, field: "playbook.links.0.url", message: expect.stringContaining("http(s) URL") }],
    ["a javascript: link", intent.replace('"https://wiki.example/revenue"', '"javascript:alert(1)"'), { line: 19, field: "playbook.links.0.url" }],
    ["a contact that cannot be reached", intent.replace(', chat: "#finance-oncall"', ""), { line: 17, field: "playbook.contact", message: expect.stringContaining("email, chat or phone") }],
    ["a bad contact email", intent.replace('chat: "#finance-oncall"', "email: finance"), { line: 17, field: "playbook.contact.email" }],
    ["an empty checklist", intent.replace("checks: [Checkout errors, Payment provider status]", "checks: []"), { line: 16, field: "playbook.checks" }],
    ["an unknown alert kind", intent.replace("kind: anomaly", "kind: sometimes"), { line: 23, field: "alerts.2.kind" }],
    ["a threshold alert without a side", intent.replace("op: below, ", ""), { line: 21, field: "alerts.0.op", message: "is required" }],
    ["an alert on a grain the metric lacks", intent.replace("alerts:", "grains: [week, month]\nalerts:"), { line: 22, field: "alerts.0.grain", message: expect.stringContaining("grain 'day'") }],
    ["misses_target without anything to miss", intent.replace(/target:\n.*\n.*\n/, "").replace(/bands:.*\n/, ""), { field: "alerts.1.kind", message: expect.stringContaining("needs a target") }],
    ["a growth rate of -100%", intent.replace("rate: 0.05", "rate: -1"), { line: 13, field: "target.growth.rate" }],
  ])("reports %s", (_what, text, expected) => {
    const issues = issuesOf(withIntent(text));
    expect(issues).toContainEqual(expect.objectContaining({ file: "metrics/revenue.yaml", ...expected }));
  });
});

describe("wrong values are not reported as missing", () => {
  it.each([
    ["a bad enum value", valid.replace("fn: sum", "fn: median"), "aggregate.fn", /^Invalid option/],
    ["a mapping where a string belongs", valid.replace("owner: finance", "owner: { name: finance }"), "owner", /expected string, received object/],
    ["a playbook check that YAML read as a mapping", valid + "playbook:\n  checks:\n    - The mix: campaigns\n", "playbook.checks.0", /expected string, received object/],
  ])("%s", (_what, source, field, message) => {
    expect(issuesOf(source)).toContainEqual(expect.objectContaining({ field, message: expect.stringMatching(message) }));
  });
});
