// `triad import` on both warehouses: CSV and Parquet files written here with
// known contents are imported, metrics defined on the new tables are computed,
// and every stored value is compared with the same numbers worked out in plain
// JS over the rows written. Bad input stops the import and leaves the table as it was.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pointRowsQuerySchema } from "@/lib/drill/drill-schema";
import { getPointRowsOrThrow } from "@/lib/drill/get-point-rows";
import { importFile, ImportFailedError, type ImportOptions } from "@/lib/import/import-file";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import { computeMetrics } from "@/lib/pipeline/compute";
import { verifyMetrics } from "@/lib/verify/verify-points";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

interface Sale {
  id: number;
  at: string; // "YYYY-MM-DD HH:MM:SS", UTC
  country: string | null;
  amount: number | null;
  paid: boolean;
  customer: string | null;
  note: string;
}

// Deterministic rows over 20 days: nulls, quoted delimiters, quotes and newlines in text.
const COUNTRIES = ["DE", "US", "Köln, DE", 'say "hi"', null] as const;
const SALES: Sale[] = Array.from({ length: 600 }, (_, i) => {
  const day = 1 + ((i * 7) % 20);
  const hour = (i * 5) % 24;
  return {
    id: i + 1,
    at: `2024-03-${String(day).padStart(2, "0")} ${String(hour).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00`,
    country: COUNTRIES[i % COUNTRIES.length]!,
    amount: i % 7 === 3 ? null : Math.round(((i * 37) % 1000) * 1.25) / 100,
    paid: i % 3 !== 0,
    customer: i % 11 === 5 ? null : `c${(i * 13) % 97}`,
    note: i % 9 === 0 ? `line one\nline two, "quoted"` : `note ${i}`,
  };
});

const csvCell = (v: string | number | boolean | null) => {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const HEADER = ["Sale ID", "Sold At", "Country", "Amount (EUR)", "Paid", "Customer", "Note"];
const csvOf = (rows: readonly Sale[], header = HEADER) =>
  [
    header.join(","),
    ...rows.map((r) =>
      [r.id, r.at, r.country, r.amount, r.paid, r.customer, r.note].map(csvCell).join(","),
    ),
  ].join("\n") + "\n";

const metricFile = (key: string, table: string, aggregate: string) => `key: ${key}
name: ${key}
description: ${key} on an imported table.
kind: aggregate
unit: count
owner: import-test@example.com
table: ${table}
time_column: sold_at
aggregate: ${aggregate}
dimensions: [country]
grains: [day, month]
`;

interface Expected {
  count: Map<string, number>;
  sum: Map<string, number | null>;
  distinct: Map<string, number>;
}

/** The metrics by grain|period|dimension|value, from the rows in plain JS. */
function expectedOf(rows: readonly Sale[]): Expected {
  const groups = new Map<string, Sale[]>();
  for (const r of rows) {
    const day = r.at.slice(0, 10);
    const month = `${r.at.slice(0, 7)}-01`;
    const country = r.country ?? "(null)";
    for (const k of [
      `day|${day}||`,
      `day|${day}|country|${country}`,
      `month|${month}||`,
      `month|${month}|country|${country}`,
    ])
      groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const e: Expected = { count: new Map(), sum: new Map(), distinct: new Map() };
  for (const [k, g] of groups) {
    e.count.set(k, g.length);
    const amounts = g.map((r) => r.amount).filter((a): a is number => a !== null);
    e.sum.set(k, amounts.length ? amounts.reduce((s, a) => s + a, 0) : null);
    e.distinct.set(k, new Set(g.map((r) => r.customer).filter((c) => c !== null)).size);
  }
  return e;
}

describe.each(WAREHOUSES)("import on $name", (factory) => {
  let wh: TestWarehouse;
  let dir: string;
  let metricsDir: string;
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const run = (options: ImportOptions) => importFile(wh, options);
  const failure = async (options: ImportOptions) => {
    const error = await run(options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  };
  const countRows = async (table: string) =>
    (await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`))[0]!.n;
  const stored = async (metric: string) => {
    const rows = await wh.sql.query<{ k: string; value: number | null }>(
      `SELECT grain || '|' || period::text || '|' || dimension || '|' || dimension_value AS k, value FROM metric_value WHERE metric_key = $1`,
      [metric],
    );
    return new Map(rows.map((r) => [r.k, r.value]));
  };

  beforeAll(async () => {
    wh = await factory.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-import-"));
    metricsDir = path.join(dir, "metrics");
    fs.mkdirSync(metricsDir);
  }, 60_000);
  afterAll(async () => {
    await wh?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("imports a CSV with inferred types, nulls, quoted delimiters and newlines, and records the run", async () => {
    const p = file("sales.csv", csvOf(SALES));
    const r = await run({ file: p, table: "sales" });
    expect(r).toMatchObject({
      format: "csv",
      delimiter: ",",
      mode: "create",
      rowsRead: 600,
      rowsLoaded: 600,
      rowsRejected: 0,
    });
    expect(r.columns.map((c) => [c.header, c.name, c.sqlType])).toEqual([
      ["Sale ID", "sale_id", "bigint"],
      ["Sold At", "sold_at", "timestamptz"],
      ["Country", "country", "text"],
      ["Amount (EUR)", "amount_eur", "numeric"],
      ["Paid", "paid", "boolean"],
      ["Customer", "customer", "text"],
      ["Note", "note", "text"],
    ]);
    const back = await wh.sql.query<{
      sale_id: number;
      country: string | null;
      amount_eur: number | null;
      paid: boolean;
      customer: string | null;
      note: string;
      at: string;
    }>(
      `SELECT sale_id, to_char(sold_at, 'YYYY-MM-DD HH24:MI:SS') AS at, country, amount_eur, paid, customer, note FROM sales ORDER BY sale_id`,
    );
    expect(
      back.map((b) => ({
        id: b.sale_id,
        at: b.at,
        country: b.country,
        amount: b.amount_eur,
        paid: b.paid,
        customer: b.customer,
        note: b.note,
      })),
    ).toEqual(SALES);
    const [runRow] = await wh.sql.query<{
      status: string;
      rows_loaded: number;
      sha256: string;
      file_size: number;
      file_path: string;
    }>(`SELECT * FROM import_run WHERE id = $1`, [r.runId]);
    expect(runRow).toMatchObject({
      status: "succeeded",
      rows_loaded: 600,
      file_size: fs.statSync(p).size,
      file_path: p,
    });
    expect(runRow!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const edges = await wh.sql.query(
      `SELECT from_kind, from_name, to_kind, to_name FROM lineage_edge WHERE run_id = $1`,
      [r.runId],
    );
    expect(edges).toEqual([
      { from_kind: "file", from_name: p, to_kind: "table", to_name: "public.sales" },
    ]);
    const audit = await wh.sql.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE detail->>'importRunId' = $1`,
      [r.runId],
    );
    expect(audit).toEqual([{ action: "import.succeeded" }]);
  });

  it("detects ';', tab and '|' delimiters and takes a given one", async () => {
    for (const [name, d] of [
      ["semi.csv", ";"],
      ["tab.tsv", "\t"],
      ["pipe.txt", "|"],
    ] as const) {
      const p = file(name, `a${d}b${d}c\n1${d}"x${d}y"${d}2024-01-01\n2${d}z${d}\n`);
      const r = await run({ file: p, table: name.split(".")[0]! });
      expect(r.delimiter).toBe(d);
      expect(r.columns.map((c) => c.sqlType)).toEqual(["bigint", "text", "date"]);
    }
    const given = file("given.csv", "a;b\n1;2\n");
    expect(
      (await run({ file: given, table: "given", delimiter: "," })).columns.map((c) => c.name),
    ).toEqual(["a_b"]);
  });

  it("imports a Parquet file", async () => {
    const p = path.join(dir, "sales.parquet");
    parquetWriteFile({
      filename: p,
      columnData: [
        { name: "sale_id", data: SALES.map((s) => BigInt(s.id)), type: "INT64" },
        {
          name: "sold_at",
          data: SALES.map((s) => new Date(`${s.at.replace(" ", "T")}Z`)),
          type: "TIMESTAMP",
        },
        { name: "country", data: SALES.map((s) => s.country), type: "STRING" },
        { name: "amount_eur", data: SALES.map((s) => s.amount), type: "DOUBLE" },
        { name: "paid", data: SALES.map((s) => s.paid), type: "BOOLEAN" },
        { name: "customer", data: SALES.map((s) => s.customer), type: "STRING" },
        { name: "note", data: SALES.map((s) => s.note), type: "STRING" },
      ],
    });
    const r = await run({ file: p, table: "sales_pq" });
    expect(r).toMatchObject({ format: "parquet", rowsRead: 600, rowsLoaded: 600, rowsRejected: 0 });
    expect(r.columns.map((c) => c.sqlType)).toEqual([
      "bigint",
      "timestamptz",
      "text",
      "numeric",
      "boolean",
      "text",
      "text",
    ]);
    const [diff] = await wh.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ((SELECT * FROM sales EXCEPT SELECT * FROM sales_pq) UNION ALL (SELECT * FROM sales_pq EXCEPT SELECT * FROM sales)) d`,
    );
    expect(diff!.n).toBe(0);
  });

  it("computes metrics on the imported tables that equal a computation over the rows written", async () => {
    for (const table of ["sales", "sales_pq"]) {
      fs.writeFileSync(
        path.join(metricsDir, `${table}_count.yaml`),
        metricFile(`${table}_count`, table, "{ fn: count }"),
      );
      fs.writeFileSync(
        path.join(metricsDir, `${table}_amount.yaml`),
        metricFile(`${table}_amount`, table, "{ fn: sum, column: amount_eur }"),
      );
      fs.writeFileSync(
        path.join(metricsDir, `${table}_customers.yaml`),
        metricFile(`${table}_customers`, table, "{ fn: count_distinct, column: customer }"),
      );
    }
    // A source file for one table turns on its table checks; the other has none and still computes.
    fs.mkdirSync(path.join(metricsDir, "sources"));
    fs.writeFileSync(
      path.join(metricsDir, "sources", "sales.yaml"),
      "system: sales-export\ntables:\n  sales: { key: [sale_id], time_column: sold_at, expected_freshness_days: 2 }\n",
    );
    const results = await computeMetrics(wh, { metricsDir, alerts: false });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    const e = expectedOf(SALES);
    for (const table of ["sales", "sales_pq"]) {
      const count = await stored(`${table}_count`);
      expect(count).toEqual(e.count);
      const distinct = await stored(`${table}_customers`);
      expect(distinct).toEqual(e.distinct);
      const sum = await stored(`${table}_amount`);
      expect([...sum.keys()].sort()).toEqual([...e.sum.keys()].sort());
      for (const [k, v] of e.sum) {
        if (v === null) expect(sum.get(k), k).toBeNull();
        else expect(sum.get(k), k).toBeCloseTo(v, 6);
      }
    }
    const verified = await verifyMetrics(wh);
    expect(verified.length).toBe(6);
    for (const v of verified) expect(v.matched, v.metric).toBe(v.points);

    const [pointKey, point] = [...e.count].find(
      ([k]) => k.startsWith("day|") && k.endsWith("|country|Köln, DE"),
    )!;
    const day = pointKey.split("|")[1]!;
    expect(point).toBeGreaterThan(0);
    const rows = await getPointRowsOrThrow(
      wh,
      adminViewer,
      "sales_count",
      pointRowsQuerySchema.parse({
        grain: "day",
        period: day,
        dimension: "country",
        value: "Köln, DE",
        pageSize: "1000",
      }),
    );
    expect(rows.total).toBe(point);
    expect(rows.rows.length).toBe(point);

    const tableChecks = await wh.sql.query<{
      node_name: string;
      check_name: string;
      status: string;
      actual: string;
    }>(
      `SELECT node_name, check_name, status, actual FROM quality_check WHERE node_kind = 'table' ORDER BY node_name, check_name`,
    );
    expect(new Set(tableChecks.map((c) => c.node_name))).toEqual(new Set(["public.sales"]));
    expect(tableChecks.find((c) => c.check_name === "row_count")).toMatchObject({
      status: "pass",
      actual: "600",
    });
    expect(tableChecks.find((c) => c.check_name === "duplicate_keys")).toMatchObject({
      status: "pass",
    });

    // Lineage runs from the imported file through the table to the metric.
    const lineage = await getMetricLineageOrThrow(wh, adminViewer, "sales_count");
    const fileNode = lineage.nodes.find((n) => n.kind === "file");
    expect(fileNode).toMatchObject({
      name: path.join(dir, "sales.csv"),
      side: "upstream",
      rowCount: 600,
    });
    expect(lineage.edges).toContainEqual(
      expect.objectContaining({
        from: `file:${path.join(dir, "sales.csv")}`,
        to: "table:public.sales",
      }),
    );
    expect(lineage.edges).toContainEqual(
      expect.objectContaining({ from: "table:public.sales", to: "job:compute:sales_count" }),
    );
  }, 120_000);

  it("stops at a malformed row naming file and line, and leaves the table as it was", async () => {
    const before = await countRows("sales");
    const lines = csvOf(SALES.slice(1, 6)).split("\n"); // rows without newlines: one line each
    lines.splice(3, 0, "999,2024-03-01 00:00:00,DE,not-a-number,true,c1,x");
    const p = file("bad-value.csv", lines.join("\n"));
    const error = await failure({ file: p, table: "sales", mode: "append" });
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error.message).toContain(`${p}:4:`);
    expect(error.message).toContain("amount_eur");
    expect(await countRows("sales")).toBe(before);
    const [failed] = await wh.sql.query<{ status: string; error: string }>(
      `SELECT status, error FROM import_run WHERE id = $1`,
      [(error as ImportFailedError).runId],
    );
    expect(failed).toMatchObject({ status: "failed", error: error.message });

    // A quoted newline in an earlier row: the wrong-width row is on line 5 of the file.
    const widths = file("bad-width.csv", `a,b\n1,"two\nlines"\n2,x\n3\n4,y\n`);
    expect((await failure({ file: widths, table: "widths" })).message).toBe(
      `${widths}:5: expected 2 fields as in the header, found 1`,
    );
    expect(
      await wh.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'widths'`),
    ).toEqual([]);
  });

  it("with --skip-bad-rows counts and reports the rejected lines", async () => {
    const p = file("skip.csv", `a,b\n1,2\n3\n4,5\n6,7,8\n9,10\n`);
    const r = await run({ file: p, table: "skipped", skipBadRows: true });
    expect(r).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2, rejectedLines: [3, 5] });
    expect(await countRows("skipped")).toBe(3);
    const before = await countRows("sales");
    const lines = csvOf(SALES.slice(1, 5)).split("\n");
    lines.splice(2, 0, "999,yesterday,DE,1,true,c1,x");
    const r2 = await run({
      file: file("skip-append.csv", lines.join("\n")),
      table: "sales",
      mode: "append",
      skipBadRows: true,
    });
    expect(r2).toMatchObject({ rowsLoaded: 4, rowsRejected: 1, rejectedLines: [3] });
    expect(await countRows("sales")).toBe(before + 4);
  });

  it("gives a clear error for an empty file, a header-less file and an unknown file type", async () => {
    expect((await failure({ file: file("empty.csv", ""), table: "e" })).message).toMatch(
      /empty\.csv: the file is empty/,
    );
    expect((await failure({ file: file("blank.csv", "\n\n"), table: "e" })).message).toMatch(
      /blank\.csv: the file is empty/,
    );
    expect((await failure({ file: file("data.json", "{}"), table: "e" })).message).toMatch(
      /unknown file type '\.json'/,
    );
    expect((await failure({ file: file("x.csv", "a\n1\n"), table: "Bad Name" })).message).toMatch(
      /--table: 'Bad Name' is not a valid table name/,
    );
    expect(
      (await failure({ file: file("y.csv", "a\n1\n"), table: "metric_value" })).message,
    ).toMatch(/one of Triad's own tables/);
  });

  it("requires --replace or --append for an existing table; replace recreates, append adds and checks columns", async () => {
    const p = file("small.csv", "id,name\n1,a\n2,b\n");
    await run({ file: p, table: "small" });
    expect((await failure({ file: p, table: "small" })).message).toMatch(
      /already exists: choose --replace .* or --append/,
    );
    await run({ file: p, table: "small", mode: "append" });
    expect(await countRows("small")).toBe(4);
    const r = await run({
      file: file("small2.csv", "id,label\n7,x\n"),
      table: "small",
      mode: "replace",
    });
    expect(r.mode).toBe("replace");
    expect(await wh.sql.query(`SELECT * FROM small`)).toEqual([{ id: 7, label: "x" }]);
    expect((await failure({ file: p, table: "small", mode: "append" })).message).toMatch(
      /column 'name' of the file is not a column of table 'small'/,
    );
    expect(await countRows("small")).toBe(1);
  });
});
