import { describe, expect, it } from "vitest";
import { runEventOf, type InputForOpenLineage, type RunForOpenLineage } from "@/lib/openlineage/run-event";

const RUN: RunForOpenLineage = {
  id: "5b0c8a52-8f0e-4b8e-9a55-2d8f3c1f4e11",
  metricKey: "revenue",
  status: "succeeded",
  startedAt: "2026-11-21T10:00:00.000Z",
  finishedAt: "2026-11-21T10:00:01.000Z",
  sql: "WITH s AS (...) INSERT ...",
  error: null,
  outputRows: 10,
  codeVersion: "abc123",
  definition: { kind: "aggregate", owner: "finance@example", time_column: "ordered_at", dimensions: ["country"], aggregate: { fn: "sum", column: "amount" }, filters: [{ column: "status" }] },
};
const ORDERS: InputForOpenLineage = {
  kind: "table",
  namespace: "postgres://warehouse",
  name: "public.orders",
  fields: ["ordered_at", "amount", "country", "status"].map((name) => ({ name, type: "text" })),
  rowCount: 5,
  checks: [],
};
const ENGINE = { name: "PostgreSQL", version: "15" };

describe("runEventOf", () => {
  it("maps value, period and dimension columns, and filters and grouping as dataset-level lineage", () => {
    const lineage = runEventOf(RUN, [ORDERS], ENGINE).outputs[0]!.facets.columnLineage;
    expect(Object.fromEntries(Object.entries(lineage.fields).map(([k, v]) => [k, v.inputFields.map((f) => f.field)]))).toEqual({ value: ["amount"], period: ["ordered_at"], dimension_value: ["country"] });
    expect(lineage.dataset.map((f) => `${f.field}:${f.transformations[0]!.subtype}`)).toEqual(["ordered_at:GROUP_BY", "country:GROUP_BY", "status:FILTER"]);
  });

  it.each([
    { status: "succeeded", eventType: "COMPLETE", error: false },
    { status: "failed", eventType: "FAIL", error: true },
  ])("a $status run is $eventType", ({ status, eventType, error }) => {
    const event = runEventOf({ ...RUN, status, error: error ? "boom" : null }, [ORDERS], ENGINE);
    expect(event.eventType).toBe(eventType);
    expect("errorMessage" in event.run.facets).toBe(error);
  });
});
