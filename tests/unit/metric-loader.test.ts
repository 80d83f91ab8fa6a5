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
