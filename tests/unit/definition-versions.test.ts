import { describe, expect, it } from "vitest";
import { diffDefinitionSources } from "@/lib/metrics/definition-diff";
import { definitionHref, resolveDefinitionPageState } from "@/lib/metrics/definition-page-state";

describe("diffDefinitionSources", () => {
  it("marks removed and added lines with both files' line numbers, every line in context", () => {
    const d = diffDefinitionSources(
      { name: "m@1", source: "a: 1\nb: 2\nc: 3\n" },
      { name: "m@2", source: "a: 1\nb: 5\nc: 3\nd: 4\n" },
    );
    expect(d.lines).toEqual([
      { kind: "hunk", text: "@@ -1,3 +1,4 @@", fromLine: null, toLine: null },
      { kind: "context", text: "a: 1", fromLine: 1, toLine: 1 },
      { kind: "removed", text: "b: 2", fromLine: 2, toLine: null },
      { kind: "added", text: "b: 5", fromLine: null, toLine: 2 },
      { kind: "context", text: "c: 3", fromLine: 3, toLine: 3 },
      { kind: "added", text: "d: 4", fromLine: null, toLine: 4 },
    ]);
    expect([d.added, d.removed]).toEqual([2, 1]);
    expect(d.patch).toContain(
      "--- m@1\n+++ m@2\n@@ -1,3 +1,4 @@\n a: 1\n-b: 2\n+b: 5\n c: 3\n+d: 4\n",
    );
  });

  it("keeps far-apart changes in one hunk, so the whole file reads in place", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `k${i}: ${i}`);
    const changed = lines.map((l, i) => (i === 0 || i === 29 ? `${l}!` : l));
    const d = diffDefinitionSources(
      { name: "a", source: lines.join("\n") },
      { name: "b", source: changed.join("\n") },
    );
    expect(d.lines.filter((l) => l.kind === "hunk")).toHaveLength(1);
    expect(d.lines.filter((l) => l.kind === "context")).toHaveLength(28);
  });

  it("notes a missing final newline, and has no lines for identical files", () => {
    const d = diffDefinitionSources({ name: "a", source: "x: 1\n" }, { name: "b", source: "x: 2" });
    expect(d.lines.map((l) => l.kind)).toEqual(["hunk", "removed", "added", "note"]);
    expect(d.lines[3]?.text).toBe("No newline at end of file");
    expect(
      diffDefinitionSources({ name: "a", source: "x\n" }, { name: "b", source: "x\n" }),
    ).toMatchObject({ lines: [], added: 0, removed: 0 });
  });
});

describe("resolveDefinitionPageState", () => {
  const ids = ["m@3", "m@2", "m@1"];
  it.each([
    [{}, { shown: "m@2", diff: { from: "m@2", to: "m@3" }, warnings: [] }],
    [
      { version: "m@1", from: "m@1", to: "m@2" },
      { shown: "m@1", diff: { from: "m@1", to: "m@2" }, warnings: [] },
    ],
    [
      { from: "m@3", to: "m@1" },
      { shown: "m@2", diff: { from: "m@3", to: "m@1" }, warnings: [] },
    ],
    [{ version: ["m@1", "m@3"] }, { shown: "m@1", diff: { from: "m@2", to: "m@3" }, warnings: [] }],
  ])("reads %j", (raw, expected) => {
    expect(resolveDefinitionPageState(ids, "m@2", raw)).toEqual(expected);
  });

  it("names an unknown version and falls back to the default", () => {
    const s = resolveDefinitionPageState(ids, "m@3", { version: "x@1", to: "nope" });
    expect(s.shown).toBe("m@3");
    expect(s.diff).toEqual({ from: "m@2", to: "m@3" });
    expect(s.warnings).toEqual([
      'version: there is no version "x@1" of this metric; showing m@3 instead.',
      'to: there is no version "nope" of this metric; showing m@3 instead.',
    ]);
  });

  it("has no diff with one version, and says so when one was asked for", () => {
    expect(resolveDefinitionPageState(["m@1"], "m@1", {})).toEqual({
      shown: "m@1",
      diff: null,
      warnings: [],
    });
    expect(resolveDefinitionPageState(["m@1"], "m@1", { from: "m@1" }).warnings).toEqual([
      "from: only one version is stored, so there is nothing to compare.",
    ]);
  });
});

describe("definitionHref", () => {
  it("keeps only the given parameters, encoded", () => {
    expect(definitionHref("revenue", {})).toBe("/metrics/revenue/definition");
    expect(definitionHref("revenue", { from: "revenue@a", to: "revenue@b" }, "diff")).toBe(
      "/metrics/revenue/definition?from=revenue%40a&to=revenue%40b#diff",
    );
    expect(definitionHref("revenue", { version: "revenue@a" })).toBe(
      "/metrics/revenue/definition?version=revenue%40a",
    );
  });
});
